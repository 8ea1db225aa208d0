import { PDFName, PDFString } from "pdf-lib";
import { textOf, type StructElem, type StructTree } from "../../lib/pdf/structure.js";
import { pageKey, type McidText } from "./decoration.js";

/**
 * Passages in another language (ISO 14289-1 7.2; Matterhorn 11-001/11-007):
 * the HTML marks them with `lang` (the Chinese title of a source), but
 * Chromium's structure element for them has no `/Lang`, so a screen reader
 * would read Chinese with an English voice. Each passage is found in the
 * structure by its text (the outermost element whose text is exactly the
 * passage's) and given the HTML's language tag.
 */

/** A passage of the HTML in a language other than the document's. */
export interface Passage {
  readonly lang: string;
  readonly text: string;
}

const squash = (s: string): string => s.replace(/\s+/g, "");

/** Set /Lang on each passage's element; returns the passages that were not found. */
export function markLanguages(tree: StructTree, mcidText: McidText, passages: readonly Passage[]): Passage[] {
  if (passages.length === 0) return [];
  const textOfElem = new Map<StructElem, string>();
  const text = (e: StructElem): string => {
    let t = textOfElem.get(e);
    if (t === undefined) {
      t = e.kids
        .map((k) =>
          k.kind === "elem"
            ? text(k.elem)
            : k.kind === "mcid"
              ? (mcidText.get(pageKey(k.page))?.get(k.mcid) ?? "")
              : "",
        )
        .join("");
      textOfElem.set(e, t);
    }
    return t;
  };
  const missing: Passage[] = [];
  for (const p of passages) {
    const want = squash(p.text);
    // tree.all is in document order, parents before children: the first match is the outermost.
    const found = tree.all.filter((e) => squash(text(e)) === want && !(e.parent && squash(text(e.parent)) === want));
    if (found.length === 0 || want === "") missing.push(p);
    for (const e of found)
      if (textOf(e.dict.lookup(PDFName.of("Lang"))) !== p.lang) e.dict.set(PDFName.of("Lang"), PDFString.of(p.lang));
  }
  return missing;
}
