import { createHash } from "node:crypto";
import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRef,
  PDFString,
  type PDFObject,
} from "pdf-lib";

/**
 * Stage 7, pdf: post-processing with pdf-lib, done without touching the
 * page content or the tag tree: document metadata, bookmarks with the
 * headings' exact titles, reproducible dates and a document ID derived
 * from the content. Also reads back where headings fell, so pagination can
 * print true page numbers in the contents.
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
  /** The document's headings in order (h1 first), to give bookmarks their exact titles. */
  readonly headings: readonly string[];
}

/**
 * Chromium builds the outline from the headings, but loses the space at a
 * line break and includes inline labels. Its items are in document order,
 * like ours, so when the counts agree each item gets the heading's exact
 * text. A single top-level item (the cover title) is unwrapped so that the
 * bookmarks start at the sections.
 */
function fixOutline(doc: PDFDocument, headings: readonly string[]): void {
  const root = doc.catalog.lookup(PDFName.of("Outlines"));
  if (!(root instanceof PDFDict)) return;
  const items: PDFDict[] = [];
  const collect = (first: unknown): void => {
    for (let node = first; node instanceof PDFDict; node = node.lookup(PDFName.of("Next"))) {
      items.push(node);
      collect(node.lookup(PDFName.of("First")));
    }
  };
  collect(root.lookup(PDFName.of("First")));
  if (items.length !== headings.length) return;
  items.forEach((item, i) => item.set(PDFName.of("Title"), PDFHexString.fromText(headings[i] ?? "")));
  const top = root.lookup(PDFName.of("First"));
  if (top instanceof PDFDict && !top.get(PDFName.of("Next")) && top.get(PDFName.of("First"))) {
    const first = top.get(PDFName.of("First"));
    const last = top.get(PDFName.of("Last"));
    const rootRef = doc.context.getObjectRef(root);
    if (!first || !last || !rootRef) return;
    root.set(PDFName.of("First"), first);
    root.set(PDFName.of("Last"), last);
    let count = 0;
    for (let node = top.lookup(PDFName.of("First")); node instanceof PDFDict; node = node.lookup(PDFName.of("Next"))) {
      node.set(PDFName.of("Parent"), rootRef);
      count++;
    }
    root.set(PDFName.of("Count"), PDFNumber.of(count));
  }
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
  return destinationPagesOf(await loadPdf(pdf));
}

/** A printed PDF, parsed (once) for reading destinations and finishing. */
export function loadPdf(pdf: Uint8Array): Promise<PDFDocument> {
  return PDFDocument.load(pdf, { updateMetadata: false });
}

export type { PDFDocument };

/** 1-based page of each named destination of a parsed PDF. */
export function destinationPagesOf(doc: PDFDocument): Map<string, number> {
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

/**
 * Chromium names structure elements after its DOM node ids
 * ("node00000104"), which differ from run to run. Renumber them by rank,
 * which keeps their order (and so the sorted ID tree) but makes the bytes
 * repeatable.
 */
function renumberNodeIds(doc: PDFDocument): void {
  const found: { holder: PDFDict | PDFArray; key: PDFName | number; value: string }[] = [];
  const seen = new Set<unknown>();
  const walk = (obj: unknown): void => {
    if (seen.has(obj)) return;
    seen.add(obj);
    const check = (holder: PDFDict | PDFArray, key: PDFName | number, v: unknown): void => {
      if ((v instanceof PDFString || v instanceof PDFHexString) && /^node\d+$/.test(v.decodeText()))
        found.push({ holder, key, value: v.decodeText() });
      else walk(v);
    };
    if (obj instanceof PDFDict) for (const [k, v] of obj.entries()) check(obj, k, v);
    else if (obj instanceof PDFArray) for (let i = 0; i < obj.size(); i++) check(obj, i, obj.get(i));
  };
  for (const [, obj] of doc.context.enumerateIndirectObjects()) walk(obj);
  const ranks = new Map(
    [...new Set(found.map((f) => f.value))].sort().map((v, i) => [v, `node${String(i + 1).padStart(8, "0")}`]),
  );
  for (const f of found) {
    const next = PDFString.of(ranks.get(f.value) ?? f.value);
    if (f.holder instanceof PDFDict && f.key instanceof PDFName) f.holder.set(f.key, next);
    else if (f.holder instanceof PDFArray && typeof f.key === "number") f.holder.set(f.key, next);
  }
}

/** Set metadata, fixed dates and a content-derived ID, preserving structure and tags; also reports the page count. */
export async function finalizePdf(
  pdf: Uint8Array | PDFDocument,
  meta: PdfMeta,
): Promise<{ pdf: Uint8Array; pages: number }> {
  const doc = pdf instanceof PDFDocument ? pdf : await loadPdf(pdf);
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  doc.setAuthor(meta.author);
  doc.setSubject(meta.subject);
  doc.setKeywords([...meta.keywords]);
  doc.setCreator(meta.creator);
  doc.setProducer(meta.creator);
  doc.setCreationDate(meta.date);
  doc.setModificationDate(meta.date);
  doc.catalog.set(PDFName.of("Lang"), PDFString.of(meta.lang));
  fixOutline(doc, meta.headings);
  renumberNodeIds(doc);
  // The document ID is the hash of the file with a blank ID: saved once, then the ID written in place.
  doc.context.trailerInfo.ID = doc.context.obj([PDFHexString.of(BLANK_ID), PDFHexString.of(BLANK_ID)]);
  const bytes = await doc.save({ useObjectStreams: false, updateFieldAppearances: false });
  const id = createHash("sha256").update(bytes).digest("hex").slice(0, 32);
  return { pdf: withId(bytes, id), pages: doc.getPageCount() };
}

const BLANK_ID = "0".repeat(32);

/** `bytes` with the trailer's blank ID pair replaced by `id` (same length, so no offset moves). */
function withId(bytes: Uint8Array, id: string): Uint8Array {
  const out = Buffer.from(bytes);
  const at = out.lastIndexOf(`<${BLANK_ID}> <${BLANK_ID}>`, undefined, "latin1");
  if (at < 0) throw new Error("finalizePdf: the trailer's document ID was not written where expected");
  out.write(`<${id}> <${id}>`, at, "latin1");
  return out;
}
