import { createHash } from "node:crypto";
import { PDFDocument, PDFHexString, PDFName, PDFString } from "pdf-lib";
import { parsePdf, serializePdf } from "../../lib/pdf/document.js";
import { turn } from "../../lib/turn.js";
import { makeAccessible, type AccessibilityInputs, type AccessibilityReport } from "./accessible.js";
import { renumberNodeIds } from "./ids.js";
import type { Passage } from "./languages.js";
import type { Targets } from "./links.js";
import type { TableShape } from "../5-layout/table-shape.js";
import { destPage, fixOutline } from "./outline.js";
import { keywordList, writeXmp } from "./xmp.js";

/**
 * Stage 7, pdf: post-processing with pdf-lib. Chromium's tagged print is
 * made to conform to PDF/UA-1 (accessible.ts and the modules it runs:
 * roles, decoration and artifacts, lists, links, figures, languages), and
 * finished: document metadata in the Info dictionary and as XMP, bookmarks
 * with the headings' exact titles, reproducible dates, structure ids and a
 * document ID derived from the content. Also reads back where headings
 * fell (outline.ts), so pagination can print true page numbers in the
 * contents.
 *
 * pdf-lib is used because it parses and writes the whole object graph
 * (incremental-free, deterministic object numbering) and exposes the low
 * level objects the structure tree needs; the content-stream tokenizer is
 * our own (src/lib/pdf/tokens.ts), as pdf-lib has none.
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
  /** Descriptions of in-document link targets by id ("Note 3: …", a section title), for link /Contents. */
  readonly targets: Targets;
  /** Passages in another language than `lang`, to carry their own /Lang. */
  readonly passages: readonly Passage[];
  /** Definition lists and deletions (strikethrough), whose meaning the print's tags lose. */
  readonly constructs?: AccessibilityInputs["constructs"];
  /** The shape of each table in the HTML, in order: where its empty cells are. */
  readonly tables?: readonly TableShape[];
}

/** A printed PDF, parsed (once) for reading destinations and finishing. */
export function loadPdf(pdf: Uint8Array): Promise<PDFDocument> {
  return parsePdf(pdf);
}

export type { PDFDocument };
export type { AccessibilityReport } from "./accessible.js";
export type { Passage } from "./languages.js";
export { destinationPages, destinationPagesOf } from "./outline.js";

/** The finished PDF, its page count and what the accessibility post-processing could not do. */
export interface FinishedPdf {
  readonly pdf: Uint8Array;
  readonly pages: number;
  readonly accessibility: AccessibilityReport;
}

/** Make the print accessible, set metadata, fixed dates and a content-derived ID; also reports the page count. */
export async function finalizePdf(pdf: Uint8Array | PDFDocument, meta: PdfMeta): Promise<FinishedPdf> {
  const doc = pdf instanceof PDFDocument ? pdf : await loadPdf(pdf);
  doc.setTitle(meta.title, { showInWindowTitleBar: true });
  doc.setAuthor(meta.author);
  doc.setSubject(meta.subject);
  // One string, the keywords separated by "; " (pdf-lib would join them with spaces, losing the boundaries).
  doc.setKeywords([keywordList(meta.keywords)]);
  doc.setCreator(meta.creator);
  doc.setProducer(meta.creator);
  doc.setCreationDate(meta.date);
  doc.setModificationDate(meta.date);
  doc.catalog.set(PDFName.of("Lang"), PDFString.of(meta.lang));
  const pageRefs = doc.getPages().map((p) => p.ref);
  const accessibility = await makeAccessible(doc, {
    targets: meta.targets,
    passages: meta.passages,
    ...(meta.constructs ? { constructs: meta.constructs } : {}),
    tables: meta.tables ?? [],
    pageOf: (dest) => destPage(doc, dest, pageRefs),
  });
  writeXmp(doc, {
    title: meta.title,
    creator: meta.author,
    subject: meta.subject,
    keywords: meta.keywords,
    lang: meta.lang,
    producer: meta.creator,
    date: meta.date,
  });
  fixOutline(doc, meta.headings);
  renumberNodeIds(doc);
  // The document ID is the hash of the file with a blank ID: saved once, then the ID written in place.
  doc.context.trailerInfo.ID = doc.context.obj([PDFHexString.of(BLANK_ID), PDFHexString.of(BLANK_ID)]);
  await turn();
  const bytes = await serializePdf(doc);
  const id = createHash("sha256").update(bytes).digest("hex").slice(0, 32);
  return { pdf: withId(bytes, id), pages: doc.getPageCount(), accessibility };
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
