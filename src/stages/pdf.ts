import { createHash } from "node:crypto";
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFRef, PDFString, type PDFObject } from "pdf-lib";

/**
 * PDF post-processing with pdf-lib, done without touching the page content
 * or the tag tree: document metadata, reproducible dates and a document ID
 * derived from the content. Also reads back where headings fell, so the
 * table of contents can print true page numbers.
 */

/** Metadata written into every edition. */
export interface PdfMeta {
  readonly title: string;
  readonly author: string;
  readonly subject: string;
  readonly keywords: readonly string[];
  readonly creator: string;
  readonly lang: string;
  /** CreationDate and ModDate. */
  readonly date: Date;
}

/** Number of pages. */
export async function pageCount(pdf: Uint8Array): Promise<number> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  return doc.getPageCount();
}

function destPage(doc: PDFDocument, dest: PDFObject | undefined, pageRefs: readonly PDFRef[]): number | undefined {
  let d = dest instanceof PDFRef ? doc.context.lookup(dest) : dest;
  if (d instanceof PDFDict) d = d.get(PDFName.of("D"));
  if (!(d instanceof PDFArray)) return undefined;
  const ref = d.get(0);
  const i = pageRefs.findIndex((r) => ref instanceof PDFRef && r.objectNumber === ref.objectNumber);
  return i >= 0 ? i + 1 : undefined;
}

/** 1-based page of each named destination (Chromium names them after element ids that links point to). */
export async function destinationPages(pdf: Uint8Array): Promise<Map<string, number>> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const pageRefs = doc.getPages().map((p) => p.ref);
  const out = new Map<string, number>();
  const dests = doc.catalog.lookup(PDFName.of("Dests"));
  if (dests instanceof PDFDict) {
    for (const [key, value] of dests.entries()) {
      const page = destPage(doc, value, pageRefs);
      if (page !== undefined) out.set(decodeName(key.asString()), page);
    }
  }
  const names = doc.catalog.lookup(PDFName.of("Names"));
  const tree = names instanceof PDFDict ? names.lookup(PDFName.of("Dests")) : undefined;
  const walk = (node: unknown): void => {
    if (!(node instanceof PDFDict)) return;
    const leaf = node.lookup(PDFName.of("Names"));
    if (leaf instanceof PDFArray) {
      for (let i = 0; i + 1 < leaf.size(); i += 2) {
        const k = leaf.lookup(i);
        const name = k instanceof PDFString || k instanceof PDFHexString ? k.decodeText() : undefined;
        const page = destPage(doc, leaf.get(i + 1), pageRefs);
        if (name !== undefined && page !== undefined) out.set(name, page);
      }
    }
    const kids = node.lookup(PDFName.of("Kids"));
    if (kids instanceof PDFArray) for (let i = 0; i < kids.size(); i++) walk(kids.lookup(i));
  };
  walk(tree);
  return out;
}

function decodeName(s: string): string {
  return s.replace(/^\//, "").replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/** Titles of the outline (bookmarks), depth-first, with their depth. */
export async function outlineTitles(pdf: Uint8Array): Promise<{ title: string; depth: number }[]> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const out: { title: string; depth: number }[] = [];
  const visitItem = (item: unknown, depth: number): void => {
    let node = item;
    while (node instanceof PDFDict) {
      const t = node.lookup(PDFName.of("Title"));
      if (t instanceof PDFString || t instanceof PDFHexString) out.push({ title: t.decodeText(), depth });
      visitItem(node.lookup(PDFName.of("First")), depth + 1);
      node = node.lookup(PDFName.of("Next"));
    }
  };
  const root = doc.catalog.lookup(PDFName.of("Outlines"));
  if (root instanceof PDFDict) visitItem(root.lookup(PDFName.of("First")), 0);
  return out;
}

/** Set metadata, fixed dates and a content-derived ID, preserving structure and tags. */
export async function finalizePdf(pdf: Uint8Array, meta: PdfMeta): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  doc.setAuthor(meta.author);
  doc.setSubject(meta.subject);
  doc.setKeywords([...meta.keywords]);
  doc.setCreator(meta.creator);
  doc.setProducer(meta.creator);
  doc.setCreationDate(meta.date);
  doc.setModificationDate(meta.date);
  doc.catalog.set(PDFName.of("Lang"), PDFString.of(meta.lang));
  const first = await doc.save({ useObjectStreams: false, updateFieldAppearances: false });
  const id = createHash("sha256").update(first).digest("hex").slice(0, 32);
  doc.context.trailerInfo.ID = doc.context.obj([PDFHexString.of(id), PDFHexString.of(id)]);
  return doc.save({ useObjectStreams: false, updateFieldAppearances: false });
}
