import { PDFName } from "pdf-lib";
import { elementText, passageKey, squash } from "../../lib/pdf/element-text.js";
import { mcidTexts } from "../../lib/pdf/marked.js";
import { textOf, type StructElem } from "../../lib/pdf/structure.js";
import type { CheckContext } from "./context.js";

/**
 * Passages in another language, checked against what the HTML says
 * (ISO 14289-1 7.2; Matterhorn 11-007): the element whose text is the
 * passage, or one of its ancestors, carries the passage's /Lang. A passage
 * the PDF does not show at all (hidden in print) is not checked.
 */

/** A passage the HTML marks with `lang`. */
export interface ExpectedPassage {
  readonly lang: string;
  readonly text: string;
}

/** Check that each passage's text is inside an element with its language. */
export function checkPassages(ctx: CheckContext, passages: readonly ExpectedPassage[]): void {
  ctx.check("pdf/lang-passage");
  if (!ctx.tree || passages.length === 0) return;
  const mcidText = new Map<string, string>();
  for (const { page, content } of ctx.pages)
    for (const [mcid, t] of mcidTexts(content)) mcidText.set(`${page.ref.toString()}:${mcid}`, t);
  const text = elementText((page, mcid) => mcidText.get(`${page?.toString()}:${mcid}`) ?? "");
  const langOf = (e: StructElem | undefined): string | undefined => {
    for (let x = e; x; x = x.parent) {
      const l = textOf(x.dict.lookup(PDFName.of("Lang")));
      if (l !== undefined) return l;
    }
    return textOf(ctx.doc.catalog.lookup(PDFName.of("Lang")));
  };
  const shown = squash([...mcidText.values()].join(""));
  for (const p of passages) {
    const want = passageKey(p.text, p.lang);
    const holders = ctx.tree.all.filter((e) => passageKey(text(e), p.lang) === want);
    // Not printed at all (hidden in print): nothing to read aloud. Right-to-left text is printed in visual order.
    const plain = squash(p.text);
    if (holders.length === 0 && !shown.includes(plain) && !shown.includes([...plain].reverse().join(""))) continue;
    const ok = holders.some((e) => langOf(e)?.toLowerCase() === p.lang.toLowerCase());
    if (!ok)
      ctx.fail(
        "pdf/lang-passage",
        `“${p.text.slice(0, 40)}” (${p.lang}) ${holders.length ? `is read as ${langOf(holders[0]) ?? "no language"}` : "was not found as an element's text"}`,
      );
  }
}
