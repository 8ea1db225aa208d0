import { readFileSync } from "node:fs";
import path from "node:path";
import { PDFDict, PDFDocument, PDFName, PDFRef, type PDFObject } from "pdf-lib";
import { checkPdfUa, type PdfRule } from "../../src/checks/pdfua/index.js";
import { pageContent, setPageContent } from "../../src/lib/pdf/content.js";
import { readStructTree, typeOf, type StructElem } from "../../src/lib/pdf/structure.js";
import { tokenize } from "../../src/lib/pdf/tokens.js";
import type { PreparedEdition } from "../../src/model.js";
import { prepareProject } from "../../src/pipeline/prepare.js";
import { pdfMeta } from "../../src/pipeline/publish.js";
import { finalizePdf, type PdfMeta } from "../../src/stages/7-pdf/index.js";
import { FIXTURES, tempProject } from "../helpers.js";

/**
 * Shared by the PDF-stage and PDF/UA-checker unit tests: Chromium's own
 * print of the accessibility fixture (test/fixtures/pdfua, saved by
 * `UPDATE=1` on test/e2e/pdfua.test.ts), the metadata the build would give
 * it, the finished PDF, and small tools to break one thing in a PDF.
 */

/** Chromium's print of the accessibility fixture's one edition, before post-processing. */
export const RAW = readFileSync(path.join(FIXTURES, "pdfua", "access-reader.pdf"));

/** The fixture edition, prepared as the build prepares it (no browser). */
export async function preparedFixture(): Promise<PreparedEdition> {
  const { prepared } = await prepareProject({ root: tempProject({}, "accessible"), cache: false });
  const p = prepared[0];
  if (!p) throw new Error("the accessibility fixture did not prepare");
  return p;
}

/** The metadata the build gives the fixture's PDF. */
export async function fixtureMeta(): Promise<PdfMeta> {
  const p = await preparedFixture();
  return pdfMeta(p, p.laidOut, "policy-brief test", new Date("2025-02-10T00:00:00Z"));
}

/** The rules a PDF fails, sorted. */
export async function failing(
  pdf: Uint8Array | PDFDocument,
  passages: PdfMeta["passages"] = [],
  words?: ReadonlySet<string>,
): Promise<PdfRule[]> {
  return [...(await checkPdfUa(pdf, words ? { passages, words } : { passages })).failures.keys()].sort();
}

/** The finished (post-processed) fixture PDF. */
export async function finishedFixture(): Promise<{ pdf: Uint8Array; meta: PdfMeta }> {
  const meta = await fixtureMeta();
  const { pdf } = await finalizePdf(RAW, meta);
  return { pdf, meta };
}

/** `pdf` with `change` applied to a fresh parse, saved again. */
export async function broken(pdf: Uint8Array, change: (doc: PDFDocument) => void): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  change(doc);
  return doc.save({ useObjectStreams: false });
}

/** The elements of a document's structure tree whose /S is `type`. */
export function elems(doc: PDFDocument, type: string): StructElem[] {
  return readStructTree(doc)?.all.filter((e) => typeOf(e) === type) ?? [];
}

/** The first element of `type`, or a test failure. */
export function first(doc: PDFDocument, type: string): StructElem {
  const e = elems(doc, type)[0];
  if (!e) throw new Error(`no ${type} element`);
  return e;
}

/** Set an element's structure type. */
export function retag(e: StructElem, type: string): void {
  e.dict.set(PDFName.of("S"), PDFName.of(type));
}

/** A dictionary entry, resolved. */
export function resolved(doc: PDFDocument, v: PDFObject | undefined): PDFObject | undefined {
  return v instanceof PDFRef ? doc.context.lookup(v) : v;
}

/** Rewrite page `n`'s content: `edit` gets the decoded text (Latin-1) and returns the new text. */
export function editContent(doc: PDFDocument, n: number, edit: (text: string) => string): void {
  const page = doc.getPages()[n - 1];
  if (!page) throw new Error(`no page ${n}`);
  const text = Buffer.from(pageContent(page.node)).toString("latin1");
  setPageContent(doc, page.node, Buffer.from(edit(text), "latin1"));
}

/** The byte offsets of page `n`'s first tagged BDC and its EMC. */
export function firstTagged(doc: PDFDocument, n: number): { begin: number; end: number; after: number } {
  const page = doc.getPages()[n - 1];
  if (!page) throw new Error(`no page ${n}`);
  const ops = tokenize(pageContent(page.node));
  const i = ops.findIndex((o) => o.op === "BDC" && o.operands[1]?.type === "dict" && o.operands[1].entries.has("MCID"));
  let depth = 0;
  for (let j = i; j < ops.length; j++) {
    const op = ops[j]?.op;
    if (op === "BDC" || op === "BMC") depth++;
    if (op === "EMC" && --depth === 0)
      return { begin: ops[i]?.start ?? 0, end: ops[j]?.start ?? 0, after: ops[i]?.end ?? 0 };
  }
  throw new Error(`page ${n} has no tagged sequence`);
}

/** A font dictionary used on page `n` (the first in its resources). */
export function someFont(doc: PDFDocument, n: number): PDFDict {
  const fonts = doc.getPages()[n - 1]?.node.Resources()?.lookup(PDFName.of("Font"));
  if (!(fonts instanceof PDFDict)) throw new Error("no fonts");
  const [, ref] = fonts.entries()[0] ?? [];
  const font = resolved(doc, ref);
  if (!(font instanceof PDFDict)) throw new Error("no font");
  return font;
}
