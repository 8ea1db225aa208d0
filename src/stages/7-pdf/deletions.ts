import { PDFName, type PDFDocument } from "pdf-lib";
import { hexText, typeOf, type StructElem, type StructTree } from "../../lib/pdf/structure.js";
import { squash } from "../../lib/pdf/element-text.js";

/**
 * Strikethrough (`~~deleted~~`, HTML `del`) keeps its meaning. PDF 1.7 has
 * no Del type, and Chromium tags a `del` as NonStruct, so a reader heard
 * the deleted words as if they stood. The element, found by its text,
 * becomes a `Span` with the Layout attribute `TextDecorationType
 * LineThrough` (ISO 32000-1 14.8.5.4, Table 345: the text is struck
 * through) and an alternate description "deleted: …" (14.9.3: a word
 * substitution that screen readers speak), so the deletion is said, not
 * only drawn.
 */

const GROUPING = new Set(["NonStruct", "Span"]);

/** Mark each deletion's element; returns the texts that were not found. */
export function markDeletions(
  doc: PDFDocument,
  tree: StructTree,
  deletions: readonly string[],
  text: (e: StructElem) => string,
  roles: (t: string) => string,
): string[] {
  const missing: string[] = [];
  const done = new Set<StructElem>();
  for (const d of deletions) {
    const want = squash(d);
    // Outermost first (tree.all is in document order), one element per deletion, in order.
    const found = tree.all.find(
      (e) =>
        !done.has(e) &&
        GROUPING.has(roles(typeOf(e))) &&
        text(e) === want &&
        !(e.parent && text(e.parent) === want && GROUPING.has(roles(typeOf(e.parent)))),
    );
    if (!found || want === "") {
      missing.push(d);
      continue;
    }
    done.add(found);
    found.dict.set(PDFName.of("S"), PDFName.of("Span"));
    found.dict.set(PDFName.of("A"), doc.context.obj({ O: "Layout", TextDecorationType: "LineThrough" }));
    found.dict.set(PDFName.of("Alt"), hexText(`deleted: ${d}`));
  }
  return missing;
}
