import { PDFArray, PDFDict, PDFName, PDFString, type PDFDocument, type PDFObject, type PDFRef } from "pdf-lib";
import { wrapKids, type ParentTree } from "../../lib/pdf/parent-tree.js";
import {
  descendants,
  nameOf,
  textOf,
  typeOf,
  writeKids,
  type StructElem,
  type StructTree,
} from "../../lib/pdf/structure.js";

/**
 * Endnotes as `Note` elements (ISO 32000-1 14.8.4.4; ISO 14289-1 7.9;
 * Matterhorn 19-003): Chromium tags an endnote (`li#fn-<n>` in the Notes
 * list, 5-layout/endnotes.ts) as a list item like any other. Each item whose
 * back-link goes to `#fnref-<n>` keeps its `Lbl` (the number) and gets its
 * body wrapped in a `Note` with the unique `/ID` "fn-<n>", registered in the
 * structure tree's IDTree. The reference's `Link` already says "Note <n>:
 * <first words>" (links.ts), so a reader hears what the note is about before
 * following it.
 */

const BACKLINK = /^fnref-(\d+)(?:-\d+)?$/;

/** The destination name of a link annotation (/Dest, or a GoTo action's /D). */
function destName(doc: PDFDocument, obj: PDFRef): string | undefined {
  const annot = doc.context.lookup(obj);
  if (!(annot instanceof PDFDict)) return undefined;
  const action = annot.lookup(PDFName.of("A"));
  const dest: PDFObject | undefined =
    annot.get(PDFName.of("Dest")) ?? (action instanceof PDFDict ? action.get(PDFName.of("D")) : undefined);
  return nameOf(dest) ?? textOf(dest);
}

/** The note number of a list item, read from its back-link(s), if it is an endnote. */
function noteNumber(doc: PDFDocument, li: StructElem): number | undefined {
  for (const e of [li, ...descendants(li)])
    for (const k of e.kids) {
      if (k.kind !== "objr") continue;
      const m = BACKLINK.exec(destName(doc, k.obj) ?? "");
      if (m) return Number(m[1]);
    }
  return undefined;
}

/** Add `entries` to the structure tree root's IDTree (rewritten as one sorted leaf). */
function registerIds(doc: PDFDocument, root: PDFDict, entries: readonly [string, PDFRef][]): void {
  const found: [string, PDFObject][] = [];
  const walk = (node: PDFObject | undefined): void => {
    if (!(node instanceof PDFDict)) return;
    const names = node.lookup(PDFName.of("Names"));
    if (names instanceof PDFArray)
      for (let i = 0; i + 1 < names.size(); i += 2) {
        const key = textOf(names.lookup(i));
        const value = names.get(i + 1);
        if (key !== undefined && value !== undefined) found.push([key, value]);
      }
    const kids = node.lookup(PDFName.of("Kids"));
    if (kids instanceof PDFArray) for (let i = 0; i < kids.size(); i++) walk(kids.lookup(i));
  };
  walk(root.lookup(PDFName.of("IDTree")));
  const all = [...found.filter(([k]) => !entries.some(([e]) => e === k)), ...entries];
  all.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const flat = all.flatMap(([k, v]) => [PDFString.of(k), v]);
  root.set(PDFName.of("IDTree"), doc.context.register(doc.context.obj({ Names: flat })));
}

/** Make every endnote's body a `Note` with its own /ID; returns how many. */
export function markNotes(
  doc: PDFDocument,
  tree: StructTree,
  parents: ParentTree,
  roles: (t: string) => string,
): number {
  const ids: [string, PDFRef][] = [];
  for (const li of tree.all) {
    if (roles(typeOf(li)) !== "LI" || descendants(li).some((d) => roles(typeOf(d)) === "Note")) continue;
    const n = noteNumber(doc, li);
    const body = li.kids.find((k) => k.kind === "elem" && roles(typeOf(k.elem)) === "LBody");
    if (n === undefined || body?.kind !== "elem") continue;
    // Chromium nests the number's Lbl inside the body when the item holds paragraphs: it goes back beside it.
    const label = descendants(body.elem).find((d) => roles(typeOf(d)) === "Lbl");
    if (label?.parent) {
      const holder = label.parent;
      holder.kids = holder.kids.filter((k) => !(k.kind === "elem" && k.elem === label));
      writeKids(doc, holder);
      li.kids = [{ kind: "elem", elem: label }, ...li.kids.filter((k) => k !== body), body];
      writeKids(doc, li);
    }
    const note = wrapKids(doc, parents, body.elem, "Note", body.elem.kids);
    note.dict.set(PDFName.of("ID"), PDFString.of(`fn-${n}`));
    body.elem.kids = [{ kind: "elem", elem: note }];
    writeKids(doc, body.elem);
    if (note.ref) ids.push([`fn-${n}`, note.ref]);
  }
  if (ids.length) registerIds(doc, tree.root, ids);
  return ids.length;
}
