import { PDFDict, PDFName, type PDFDocument } from "pdf-lib";
import { STANDARD_TYPES, standardType } from "../../lib/pdf/standard.js";
import { nameOf, typeOf, type StructTree } from "../../lib/pdf/structure.js";

/**
 * The RoleMap (ISO 32000-1 14.8.3; ISO 14289-1 7.1; Matterhorn 02-001):
 * Chromium names some structure elements with PDF 2.0 types (`Strong`,
 * `Aside`, …) in a PDF 1.7 file, where a reader that does not know them
 * drops their content (poppler lost "Key takeaways" and most "Our
 * assessment" labels). Each is mapped to the nearest PDF 1.7 type; the names
 * stay, so the meaning is kept for readers that know PDF 2.0.
 */

/** PDF 2.0 types Chromium may write, and the PDF 1.7 type each maps to. */
const PDF2_TO_17: Readonly<Record<string, string>> = {
  Strong: "Span",
  Em: "Span",
  Sub: "Span",
  Sup: "Span",
  // The takeaways box: a titled part of the document, not a footnote (Note would need an ID, 19-003).
  Aside: "Sect",
  Title: "P",
  FENote: "Note",
  DocumentFragment: "Part",
};

/** Map every non-standard type in the tree; returns the resolver from a type to its standard type. */
export function applyRoleMap(doc: PDFDocument, tree: StructTree): (type: string) => string {
  const existing = tree.root.lookup(PDFName.of("RoleMap"));
  const map = new Map<string, string>();
  if (existing instanceof PDFDict)
    for (const [k, v] of existing.entries()) {
      const to = nameOf(v);
      if (to !== undefined) map.set(k.decodeText(), to);
    }
  let added = false;
  for (const e of tree.all) {
    const t = typeOf(e);
    if (STANDARD_TYPES.has(t) || standardType(t, map) !== undefined) continue;
    // An unknown type groups its content without meaning of its own.
    map.set(t, PDF2_TO_17[t] ?? "NonStruct");
    added = true;
  }
  if (added) {
    const dict = doc.context.obj({});
    for (const k of [...map.keys()].sort()) dict.set(PDFName.of(k), PDFName.of(map.get(k) ?? "NonStruct"));
    tree.root.set(PDFName.of("RoleMap"), dict);
  }
  return (type) => standardType(type, map) ?? type;
}
