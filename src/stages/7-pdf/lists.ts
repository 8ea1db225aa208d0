import type { PDFDocument } from "pdf-lib";
import { wrapKids, type ParentTree } from "../../lib/pdf/parent-tree.js";
import { newElem, typeOf, writeKids, type StructTree } from "../../lib/pdf/structure.js";

/**
 * Lists as ISO 32000-1 Table 336 has them (ISO 14289-1 7.2; Matterhorn
 * 09-005): `L` holds `LI` (or nested `L`, a `Caption`), and `LI` holds
 * `Lbl` and `LBody`. Chromium puts an item's text straight into the `LI`
 * beside its `Lbl`; here everything that is not the label moves into one
 * `LBody`, and anything loose in an `L` gets an item of its own.
 */

/** Give every list item a label-and-body shape. */
export function fixLists(
  doc: PDFDocument,
  tree: StructTree,
  parents: ParentTree,
  roles: (t: string) => string,
): number {
  let fixed = 0;
  for (const e of tree.all) {
    const role = roles(typeOf(e));
    if (role === "LI") {
      const labels = e.kids.filter((k) => k.kind === "elem" && roles(typeOf(k.elem)) === "Lbl");
      const rest = e.kids.filter(
        (k) => !labels.includes(k) && !(k.kind === "elem" && roles(typeOf(k.elem)) === "LBody"),
      );
      if (rest.length === 0) continue;
      const bodies = e.kids.filter((k) => k.kind === "elem" && roles(typeOf(k.elem)) === "LBody");
      const body = wrapKids(doc, parents, e, "LBody", rest);
      e.kids = [...labels, ...bodies, { kind: "elem", elem: body }];
      writeKids(doc, e);
      fixed++;
    } else if (role === "L") {
      const loose = e.kids.filter(
        (k) => !(k.kind === "elem" && ["LI", "L", "Caption"].includes(roles(typeOf(k.elem)))),
      );
      if (loose.length === 0) continue;
      e.kids = e.kids.map((k) => {
        if (!loose.includes(k)) return k;
        const item = newElem(doc, "LI", e);
        const body = wrapKids(doc, parents, item, "LBody", [k]);
        item.kids = [{ kind: "elem", elem: body }];
        writeKids(doc, item);
        return { kind: "elem", elem: item };
      });
      writeKids(doc, e);
      fixed++;
    }
  }
  return fixed;
}
