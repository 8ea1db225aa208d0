import { PDFArray, PDFDict, PDFName, PDFRef, type PDFDocument, type PDFObject } from "pdf-lib";
import type { ParentTree } from "../../lib/pdf/parent-tree.js";
import { hexText, nameOf, newElem, textOf, typeOf, writeKids, type StructTree } from "../../lib/pdf/structure.js";

/**
 * Link annotations (ISO 14289-1 7.18.5; Matterhorn 28-011 and 28-012): each
 * sits in a `Link` structure element and carries a `/Contents` that says
 * where it goes. Chromium tags a citation's `<a role="doc-noteref">` as
 * `NonStruct`, so its annotation hangs off a non-link element: that element
 * becomes the `Link` (or, if it is a block, a new `Link` takes the
 * annotation). The description comes from the target: a note's author,
 * title and year, a section's title, the URL, or the e-mail address.
 */

/** Where an in-document link goes, by the id of its target: "Note 3: …", a section title. */
export type Targets = ReadonlyMap<string, string>;

const INLINE_GROUPS = new Set(["NonStruct", "Span"]);

function isLinkAnnot(doc: PDFDocument, ref: PDFRef): boolean {
  const a = doc.context.lookup(ref);
  return a instanceof PDFDict && nameOf(a.get(PDFName.of("Subtype"))) === "Link";
}

/** The destination name of an internal link (/Dest or a GoTo action's /D), if it is a name. */
function destName(annot: PDFDict): string | undefined {
  const action = annot.lookup(PDFName.of("A"));
  const dest = annot.get(PDFName.of("Dest")) ?? (action instanceof PDFDict ? action.get(PDFName.of("D")) : undefined);
  return nameOf(dest) ?? textOf(dest);
}

/** What a link annotation's /Contents should say, or undefined when nothing can be said. */
export function describeLink(
  annot: PDFDict,
  targets: Targets,
  pageOf: (dest: PDFObject) => number | undefined,
): string | undefined {
  const action = annot.lookup(PDFName.of("A"));
  const uri = action instanceof PDFDict ? textOf(action.lookup(PDFName.of("URI"))) : undefined;
  if (uri !== undefined) return uri.startsWith("mailto:") ? `Email ${decodeURIComponent(uri.slice(7))}` : uri;
  const name = destName(annot);
  if (name !== undefined && targets.has(name)) return targets.get(name);
  const dest = annot.get(PDFName.of("Dest")) ?? (action instanceof PDFDict ? action.get(PDFName.of("D")) : undefined);
  const page = dest === undefined ? undefined : pageOf(dest);
  return page === undefined ? undefined : `Page ${page}`;
}

/** Put every link annotation under a Link element. Returns how many were moved or retagged. */
export function tagLinks(
  doc: PDFDocument,
  tree: StructTree,
  parents: ParentTree,
  roles: (t: string) => string,
): number {
  let fixed = 0;
  for (const e of tree.all) {
    const links = e.kids.filter((k) => k.kind === "objr" && isLinkAnnot(doc, k.obj));
    if (links.length === 0 || roles(typeOf(e)) === "Link") continue;
    if (INLINE_GROUPS.has(roles(typeOf(e)))) {
      e.dict.set(PDFName.of("S"), PDFName.of("Link"));
      fixed++;
      continue;
    }
    e.kids = e.kids.map((k) => {
      if (!links.includes(k) || k.kind !== "objr") return k;
      const link = newElem(doc, "Link", e, [k]);
      if (link.ref) parents.setObjectOwner(k.obj, link.ref);
      fixed++;
      return { kind: "elem", elem: link };
    });
    writeKids(doc, e);
  }
  return fixed;
}

/** Give every link annotation a /Contents; returns the annotations that could not be described. */
export function describeLinks(
  doc: PDFDocument,
  targets: Targets,
  pageOf: (dest: PDFObject) => number | undefined,
): string[] {
  const missing: string[] = [];
  doc.getPages().forEach((page, i) => {
    const annots = page.node.lookup(PDFName.of("Annots"));
    if (!(annots instanceof PDFArray)) return;
    for (let j = 0; j < annots.size(); j++) {
      const a = annots.lookup(j);
      if (!(a instanceof PDFDict) || nameOf(a.get(PDFName.of("Subtype"))) !== "Link") continue;
      const text = describeLink(a, targets, pageOf);
      if (text) a.set(PDFName.of("Contents"), hexText(text));
      else missing.push(`page ${i + 1}: a link to ${destName(a) ?? "an unknown place"}`);
    }
  });
  return missing;
}
