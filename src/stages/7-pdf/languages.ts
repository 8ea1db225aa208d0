import { PDFName, PDFString } from "pdf-lib";
import { elementText, passageKey } from "../../lib/pdf/element-text.js";
import { textOf, type StructTree } from "../../lib/pdf/structure.js";
import { pageKey, type McidText } from "./decoration.js";

/**
 * Passages in another language (ISO 14289-1 7.2; Matterhorn 11-001/11-007):
 * the HTML marks them with `lang` (the Chinese title of a source, an Arabic
 * paragraph), but Chromium's structure element for them has no `/Lang`, so
 * a screen reader would read them with the document's voice. Each passage
 * is found in the structure by its text (the outermost element whose text
 * is the passage's, compared by passageKey: right-to-left text is printed
 * in visual order) and given the HTML's language tag.
 */

/** A passage of the HTML in a language other than the document's. */
export interface Passage {
  readonly lang: string;
  readonly text: string;
}

/** Set /Lang on each passage's element; returns the passages that were not found. */
export function markLanguages(tree: StructTree, mcidText: McidText, passages: readonly Passage[]): Passage[] {
  if (passages.length === 0) return [];
  const text = elementText((page, mcid) => mcidText.get(pageKey(page))?.get(mcid) ?? "");
  const missing: Passage[] = [];
  for (const p of passages) {
    const want = passageKey(p.text, p.lang);
    const key = (t: string): string => passageKey(t, p.lang);
    // tree.all is in document order, parents before children: the first match is the outermost.
    const found = tree.all.filter((e) => key(text(e)) === want && !(e.parent && key(text(e.parent)) === want));
    if (found.length === 0 || want === "") missing.push(p);
    for (const e of found)
      if (textOf(e.dict.lookup(PDFName.of("Lang"))) !== p.lang) e.dict.set(PDFName.of("Lang"), PDFString.of(p.lang));
  }
  return missing;
}
