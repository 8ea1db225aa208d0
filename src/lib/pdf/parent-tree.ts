import { PDFArray, PDFDict, PDFName, PDFNull, PDFNumber, PDFRef, type PDFDocument, type PDFObject } from "pdf-lib";
import { newElem, type Kid, type StructElem } from "./structure.js";

/**
 * The ParentTree (ISO 32000-1 14.7.4.4): a number tree from a page's
 * /StructParents key to the array of structure elements that own its
 * marked-content ids, and from an annotation's /StructParent key to the
 * element that holds it. When the PDF stage moves content from one element
 * to another, or turns it into an artifact, it updates the entry here so
 * the tree and the content keep pointing at each other.
 */
export class ParentTree {
  private readonly entries = new Map<number, PDFObject>();
  private dirty = false;

  constructor(
    private readonly doc: PDFDocument,
    private readonly root: PDFDict,
  ) {
    const walk = (node: PDFObject | undefined): void => {
      if (!(node instanceof PDFDict)) return;
      const nums = node.lookup(PDFName.of("Nums"));
      if (nums instanceof PDFArray)
        for (let i = 0; i + 1 < nums.size(); i += 2) {
          const k = nums.lookup(i);
          const v = nums.get(i + 1);
          if (k instanceof PDFNumber && v) this.entries.set(k.asNumber(), v);
        }
      const kids = node.lookup(PDFName.of("Kids"));
      if (kids instanceof PDFArray) for (let i = 0; i < kids.size(); i++) walk(kids.lookup(i));
    };
    walk(root.lookup(PDFName.of("ParentTree")));
  }

  /** The raw entry under `key`. */
  get(key: number): PDFObject | undefined {
    return this.entries.get(key);
  }

  /** Every key, in order. */
  keys(): number[] {
    return [...this.entries.keys()].sort((a, b) => a - b);
  }

  /** A page's array of owners by MCID (resolved), if the page has one. */
  pageArray(page: PDFRef): PDFArray | undefined {
    const dict = this.doc.context.lookup(page);
    const key = dict instanceof PDFDict ? dict.lookup(PDFName.of("StructParents")) : undefined;
    if (!(key instanceof PDFNumber)) return undefined;
    const v = this.entries.get(key.asNumber());
    const arr = v instanceof PDFRef ? this.doc.context.lookup(v) : v;
    return arr instanceof PDFArray ? arr : undefined;
  }

  /** Point MCID `mcid` of `page` at `owner` (null: the content is an artifact now). */
  setMcidOwner(page: PDFRef, mcid: number, owner: PDFRef | null): void {
    const arr = this.pageArray(page);
    if (!arr) return;
    while (arr.size() <= mcid) arr.push(PDFNull);
    arr.set(mcid, owner ?? PDFNull);
  }

  /** Point the annotation (or other object) `obj` at `owner`, through its /StructParent key. */
  setObjectOwner(obj: PDFRef, owner: PDFRef): void {
    const dict = this.doc.context.lookup(obj);
    const key = dict instanceof PDFDict ? dict.lookup(PDFName.of("StructParent")) : undefined;
    if (key instanceof PDFNumber) this.entries.set(key.asNumber(), owner);
    this.dirty = true;
  }

  /** Write the tree back as one flat node (keys in order), if an object's owner changed (arrays change in place). */
  write(): void {
    if (!this.dirty) return;
    const nums: PDFObject[] = [];
    for (const k of this.keys()) nums.push(PDFNumber.of(k), this.entries.get(k) ?? PDFNull);
    const node = this.doc.context.obj({ Nums: nums });
    const old = this.root.get(PDFName.of("ParentTree"));
    if (old instanceof PDFRef) this.doc.context.assign(old, node);
    else this.root.set(PDFName.of("ParentTree"), this.doc.context.register(node));
  }
}

/** Move `kids` under a new element of `type` below `parent`, keeping the ParentTree in step. */
export function wrapKids(
  doc: PDFDocument,
  parents: ParentTree,
  parent: StructElem,
  type: string,
  kids: Kid[],
): StructElem {
  const e = newElem(doc, type, parent, kids);
  for (const k of kids) {
    if (k.kind === "mcid" && k.page && e.ref) parents.setMcidOwner(k.page, k.mcid, e.ref);
    if (k.kind === "objr" && e.ref) parents.setObjectOwner(k.obj, e.ref);
  }
  return e;
}
