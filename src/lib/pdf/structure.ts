import {
  PDFArray,
  PDFDict,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRef,
  PDFString,
  type PDFDocument,
  type PDFObject,
} from "pdf-lib";

/**
 * The logical structure of a tagged PDF (ISO 32000-1 14.7) as a small tree
 * that can be read, edited and written back: structure elements with their
 * kids (elements, marked-content ids on a page, object references such as
 * link annotations), and the ParentTree that maps content back to elements.
 * Shared by the PDF stage (which fixes the tree) and the PDF/UA checker
 * (which reads it).
 */

/** A kid of a structure element. `raw` is the object the /K entry held, kept when the kid is written back. */
export type Kid =
  | { readonly kind: "elem"; readonly elem: StructElem }
  | { readonly kind: "mcid"; readonly mcid: number; readonly page: PDFRef | undefined; readonly raw: PDFObject }
  | { readonly kind: "objr"; readonly obj: PDFRef; readonly page: PDFRef | undefined; readonly raw: PDFObject };

/** One structure element. */
export interface StructElem {
  readonly dict: PDFDict;
  readonly ref: PDFRef | undefined;
  parent: StructElem | undefined;
  kids: Kid[];
}

/** The tree under the StructTreeRoot: its top elements, and every element in document order. */
export interface StructTree {
  readonly root: PDFDict;
  readonly top: StructElem[];
  readonly all: StructElem[];
}

const N = (s: string): PDFName => PDFName.of(s);

/** Decoded names: PDFName objects are interned, so this stays as small as the set of names used. */
const names = new Map<PDFName, string>();

/** A name's text, decoded. */
export function nameOf(v: PDFObject | undefined): string | undefined {
  if (!(v instanceof PDFName)) return undefined;
  let t = names.get(v);
  if (t === undefined) names.set(v, (t = v.decodeText()));
  return t;
}

/** `text` as UTF-16BE code units in upper-case hex, without a byte-order mark. */
export function utf16Hex(text: string): string {
  return Buffer.from(text, "utf16le").swap16().toString("hex").toUpperCase();
}

/**
 * A PDF text string for `text`: UTF-16BE with a byte-order mark, in hex,
 * exactly as pdf-lib's PDFHexString.fromText writes it (which pads and
 * upper-cases each code unit on its own, several times slower).
 */
export function hexText(text: string): PDFHexString {
  return PDFHexString.of(`FEFF${utf16Hex(text)}`);
}

/** A text string's value (PDFDocEncoding or UTF-16). */
export function textOf(v: PDFObject | undefined): string | undefined {
  return v instanceof PDFString || v instanceof PDFHexString ? v.decodeText() : undefined;
}

/** The element's structure type as written (/S), before any role mapping. */
export function typeOf(e: StructElem): string {
  return nameOf(e.dict.get(N("S"))) ?? "";
}

/** The page an element's content is on by default (/Pg), looking up the ancestors. */
export function pageOf(e: StructElem | undefined): PDFRef | undefined {
  for (let x = e; x; x = x.parent) {
    const pg = x.dict.get(N("Pg"));
    if (pg instanceof PDFRef) return pg;
  }
  return undefined;
}

/** Read the structure tree; undefined when the document has none. */
export function readStructTree(doc: PDFDocument): StructTree | undefined {
  const root = doc.catalog.lookup(N("StructTreeRoot"));
  if (!(root instanceof PDFDict)) return undefined;
  const all: StructElem[] = [];
  const seen = new Set<PDFDict>();
  const kidsOf = (k: PDFObject | undefined, parent: StructElem | undefined, inherited: PDFRef | undefined): Kid[] => {
    const list = k === undefined ? [] : k instanceof PDFArray ? k.asArray() : [k];
    const out: Kid[] = [];
    for (const raw of list) {
      const v = raw instanceof PDFRef ? doc.context.lookup(raw) : raw;
      if (v instanceof PDFNumber) out.push({ kind: "mcid", mcid: v.asNumber(), page: inherited, raw });
      else if (v instanceof PDFDict) {
        const type = nameOf(v.get(N("Type")));
        const pg = v.get(N("Pg"));
        const page = pg instanceof PDFRef ? pg : inherited;
        if (type === "MCR") {
          const mcid = v.lookup(N("MCID"));
          if (mcid instanceof PDFNumber) out.push({ kind: "mcid", mcid: mcid.asNumber(), page, raw });
        } else if (type === "OBJR") {
          const obj = v.get(N("Obj"));
          if (obj instanceof PDFRef) out.push({ kind: "objr", obj, page, raw });
        } else if (!seen.has(v)) {
          seen.add(v);
          const elem: StructElem = { dict: v, ref: raw instanceof PDFRef ? raw : undefined, parent, kids: [] };
          all.push(elem);
          const own = v.get(N("Pg"));
          elem.kids = kidsOf(v.get(N("K")), elem, own instanceof PDFRef ? own : inherited);
          out.push({ kind: "elem", elem });
        }
      }
    }
    return out;
  };
  const top = kidsOf(root.get(N("K")), undefined, undefined).flatMap((k) => (k.kind === "elem" ? [k.elem] : []));
  return { root, top, all };
}

/** Write an element's kids back into its /K entry (and each element kid's /P). */
export function writeKids(doc: PDFDocument, e: StructElem): void {
  const objs = e.kids.map((k) => (k.kind === "elem" ? (k.elem.ref ?? k.elem.dict) : k.raw));
  for (const k of e.kids) {
    if (k.kind !== "elem") continue;
    k.elem.parent = e;
    if (e.ref) k.elem.dict.set(N("P"), e.ref);
  }
  if (objs.length === 0) e.dict.delete(N("K"));
  else e.dict.set(N("K"), objs.length === 1 && objs[0] ? objs[0] : doc.context.obj(objs));
}

/** A new, registered structure element of `type` under `parent` (not yet in its kids). */
export function newElem(doc: PDFDocument, type: string, parent: StructElem, kids: Kid[] = []): StructElem {
  const dict = doc.context.obj({ Type: "StructElem", S: type });
  if (parent.ref) dict.set(N("P"), parent.ref);
  const ref = doc.context.register(dict);
  const elem: StructElem = { dict, ref, parent, kids };
  writeKids(doc, elem);
  return elem;
}

/** Every element under `e` (not `e` itself), depth first. */
export function descendants(e: StructElem): StructElem[] {
  const out: StructElem[] = [];
  const walk = (x: StructElem): void => {
    for (const k of x.kids)
      if (k.kind === "elem") {
        out.push(k.elem);
        walk(k.elem);
      }
  };
  walk(e);
  return out;
}

/** Marked-content kids under `e`, in order. */
export function mcidsUnder(e: StructElem): { mcid: number; page: PDFRef | undefined }[] {
  return e.kids.flatMap((k) =>
    k.kind === "elem" ? mcidsUnder(k.elem) : k.kind === "mcid" ? [{ mcid: k.mcid, page: k.page }] : [],
  );
}

/** The tree again after in-place edits (kids moved, wrapped or removed): `all` recomputed from the top, in document order. */
export function refreshed(tree: StructTree): StructTree {
  return { root: tree.root, top: tree.top, all: tree.top.flatMap((t) => [t, ...descendants(t)]) };
}
