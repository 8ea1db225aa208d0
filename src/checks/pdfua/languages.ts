import { PDFName } from "pdf-lib";
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

const squash = (s: string): string => s.replace(/\s+/g, "");

/** Check that each passage's text is inside an element with its language. */
export function checkPassages(ctx: CheckContext, passages: readonly ExpectedPassage[]): void {
  ctx.check("pdf/lang-passage");
  if (!ctx.tree || passages.length === 0) return;
  const mcidText = new Map<string, string>();
  for (const { page, content } of ctx.pages)
    for (const [mcid, t] of mcidTexts(content)) mcidText.set(`${page.ref.toString()}:${mcid}`, t);
  const memo = new Map<StructElem, string>();
  const text = (e: StructElem): string => {
    let t = memo.get(e);
    if (t === undefined) {
      t = squash(
        e.kids
          .map((k) =>
            k.kind === "elem"
              ? text(k.elem)
              : k.kind === "mcid"
                ? (mcidText.get(`${k.page?.toString()}:${k.mcid}`) ?? "")
                : "",
          )
          .join(""),
      );
      memo.set(e, t);
    }
    return t;
  };
  const langOf = (e: StructElem | undefined): string | undefined => {
    for (let x = e; x; x = x.parent) {
      const l = textOf(x.dict.lookup(PDFName.of("Lang")));
      if (l !== undefined) return l;
    }
    return textOf(ctx.doc.catalog.lookup(PDFName.of("Lang")));
  };
  const shown = squash([...mcidText.values()].join(""));
  for (const p of passages) {
    const want = squash(p.text);
    if (!shown.includes(want)) continue;
    const holders = ctx.tree.all.filter((e) => text(e) === want);
    const ok = holders.some((e) => langOf(e)?.toLowerCase() === p.lang.toLowerCase());
    if (!ok)
      ctx.fail(
        "pdf/lang-passage",
        `“${p.text.slice(0, 40)}” (${p.lang}) ${holders.length ? `is read as ${langOf(holders[0]) ?? "no language"}` : "was not found as an element's text"}`,
      );
  }
}
