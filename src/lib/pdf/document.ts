import { PDFDocument, ParseSpeeds } from "pdf-lib";

/**
 * Parsing and saving with pdf-lib in one go.
 *
 * By default pdf-lib yields to the event loop with `setTimeout(0)` every
 * 100 objects it parses and every 50 it writes. Each yield costs at least a
 * timer's turn (1 ms, more on a loaded machine), and an edition's PDF has
 * about 800 objects and is parsed up to three times and saved once: this
 * added about 0.1 s of wall time and timer work per edition for nothing, as
 * a build has no user interface to keep responsive. The bytes are the same
 * either way (the yields only pause the work).
 */

/** Parse a PDF without yielding (the Info dictionary is left as printed). */
export function parsePdf(pdf: Uint8Array): Promise<PDFDocument> {
  return PDFDocument.load(pdf, { updateMetadata: false, parseSpeed: ParseSpeeds.Fastest });
}

/** Serialise a PDF as the pipeline writes it (no object streams, no form appearances), without yielding. */
export function serializePdf(doc: PDFDocument): Promise<Uint8Array> {
  return doc.save({ useObjectStreams: false, updateFieldAppearances: false, objectsPerTick: Infinity });
}
