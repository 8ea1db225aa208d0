import { PDFName, type PDFDocument } from "pdf-lib";
import { newElem, typeOf, writeKids, type Kid, type StructElem, type StructTree } from "../../lib/pdf/structure.js";
import { squash } from "../../lib/pdf/element-text.js";

/**
 * Definition lists (`Term` / `: Definition`) as ISO 32000-1 lists: Chromium
 * tags an HTML `dl` and its `dt` and `dd` as NonStruct, so a reader hears
 * one run of text. The `dl`'s element, found by the words of its entries in
 * order, becomes an `L` (ListNumbering None); each term starts an `LI`,
 * the term its `Lbl` and its definition the `LBody` (several definitions
 * of one term share one `LBody`). The marked content stays in the elements
 * it was in, so the ParentTree does not change.
 */

/** One `dt` or `dd`, as the HTML has it. */
export interface DefinitionEntry {
  readonly kind: "term" | "definition";
  readonly text: string;
}

const elemKids = (e: StructElem): StructElem[] => e.kids.flatMap((k) => (k.kind === "elem" ? [k.elem] : []));

/** The element whose element kids are the list's entries, in order (and no loose content). */
function findList(
  tree: StructTree,
  entries: readonly DefinitionEntry[],
  text: (e: StructElem) => string,
  roles: (t: string) => string,
): StructElem | undefined {
  const want = entries.map((x) => squash(x.text));
  return tree.all.find((e) => {
    if (roles(typeOf(e)) === "L") return false;
    const kids = elemKids(e);
    return (
      kids.length === want.length && e.kids.every((k) => k.kind === "elem") && kids.every((k, i) => text(k) === want[i])
    );
  });
}

/** Turn each definition list into L / LI / Lbl / LBody; returns how many were found. */
export function fixDefinitionLists(
  doc: PDFDocument,
  tree: StructTree,
  lists: readonly (readonly DefinitionEntry[])[],
  text: (e: StructElem) => string,
  roles: (t: string) => string,
): number {
  let fixed = 0;
  for (const entries of lists) {
    const list = findList(tree, entries, text, roles);
    if (!list) continue;
    const kids = elemKids(list);
    const items: Kid[] = [];
    let i = 0;
    while (i < kids.length) {
      const item = newElem(doc, "LI", list);
      const parts: Kid[] = [];
      const term = entries[i]?.kind === "term" ? kids[i] : undefined;
      if (term) {
        term.dict.set(PDFName.of("S"), PDFName.of("Lbl"));
        parts.push({ kind: "elem", elem: term });
        i++;
      }
      const defs: StructElem[] = [];
      while (i < kids.length && entries[i]?.kind === "definition") defs.push(kids[i++] as StructElem);
      const only = defs.length === 1 ? defs[0] : undefined;
      if (only) {
        only.dict.set(PDFName.of("S"), PDFName.of("LBody"));
        parts.push({ kind: "elem", elem: only });
      } else if (defs.length > 1) {
        const body = newElem(
          doc,
          "LBody",
          item,
          defs.map((d): Kid => ({ kind: "elem", elem: d })),
        );
        parts.push({ kind: "elem", elem: body });
      }
      item.kids = parts;
      writeKids(doc, item);
      items.push({ kind: "elem", elem: item });
    }
    list.dict.set(PDFName.of("S"), PDFName.of("L"));
    list.dict.set(PDFName.of("A"), doc.context.obj({ O: "List", ListNumbering: "None" }));
    list.kids = items;
    writeKids(doc, list);
    fixed++;
  }
  return fixed;
}
