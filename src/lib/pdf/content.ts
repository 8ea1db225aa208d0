import { deflateSync, inflateSync } from "node:zlib";
import {
  decodePDFRawStream,
  PDFArray,
  PDFName,
  PDFRawStream,
  PDFRef,
  PDFStream,
  type PDFDocument,
  type PDFPageLeaf,
} from "pdf-lib";

/**
 * A page's content stream as bytes: decoded (Flate with Node's zlib, which
 * is several times faster than pdf-lib's own inflater; other filters through
 * pdf-lib), several streams joined with a line break between them as the
 * specification allows (ISO 32000-1 7.8.2), and written back as one
 * compressed stream.
 */

/** The decoded bytes of one stream. */
export function streamBytes(stream: PDFStream): Uint8Array {
  if (!(stream instanceof PDFRawStream)) return stream.getContents();
  const filter = stream.dict.lookup(PDFName.of("Filter"));
  const plain = filter === undefined || (filter instanceof PDFArray && filter.size() === 0);
  if (plain) return stream.contents;
  const flate =
    filter === PDFName.of("FlateDecode") ||
    (filter instanceof PDFArray && filter.size() === 1 && filter.lookup(0) === PDFName.of("FlateDecode"));
  if (flate && !stream.dict.has(PDFName.of("DecodeParms"))) return inflateSync(stream.contents);
  return decodePDFRawStream(stream).decode();
}

/** The content of a page, decoded and joined. */
export function pageContent(page: PDFPageLeaf): Uint8Array {
  const contents = page.lookup(PDFName.of("Contents"));
  if (contents instanceof PDFStream) return streamBytes(contents);
  if (!(contents instanceof PDFArray)) return new Uint8Array();
  const parts: Uint8Array[] = [];
  for (let i = 0; i < contents.size(); i++) {
    const s = contents.lookup(i);
    if (s instanceof PDFStream) parts.push(streamBytes(s), Uint8Array.of(0x0a));
  }
  return Buffer.concat(parts);
}

/** Replace a page's content with `bytes`, Flate-compressed (the same bytes always compress the same). */
export function setPageContent(doc: PDFDocument, page: PDFPageLeaf, bytes: Uint8Array): void {
  const data = deflateSync(bytes, { level: 6 });
  const stream = PDFRawStream.of(doc.context.obj({ Filter: "FlateDecode", Length: data.length }), data);
  const old = page.get(PDFName.of("Contents"));
  page.set(PDFName.of("Contents"), doc.context.register(stream));
  // pdf-lib writes every registered object, referenced or not: drop the replaced streams.
  const refs = old instanceof PDFArray ? old.asArray() : [old];
  for (const r of refs) if (r instanceof PDFRef) doc.context.delete(r);
}
