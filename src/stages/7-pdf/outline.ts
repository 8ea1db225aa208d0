import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString, type PDFDocument } from "pdf-lib";

/**
 * Where each heading fell, read from the PDF's outline (Chromium builds it
 * from the document's headings, each item pointing at its heading with an
 * `/XYZ left top zoom` destination). The page-budget rule uses it to say
 * on which page each section starts, and whether "About this brief" starts
 * a page of its own.
 */

/** One outline item: a heading's title, depth, page and how far down the page it starts. */
export interface OutlineEntry {
  readonly title: string;
  /** 0 for top-level items (h2 sections), 1 for their children… */
  readonly depth: number;
  /** 1-based page. */
  readonly page: number;
  /** Distance in points from the top edge of the page to the heading's top. */
  readonly fromTop: number;
}

/** The page (1-based) and distance from the top edge of an `/XYZ` destination. */
function target(
  doc: PDFDocument,
  dest: unknown,
  pages: readonly PDFRef[],
): { page: number; fromTop: number } | undefined {
  if (!(dest instanceof PDFArray)) return undefined;
  const ref = dest.get(0);
  const index = ref instanceof PDFRef ? pages.findIndex((p) => p === ref || p.toString() === ref.toString()) : -1;
  if (index < 0) return undefined;
  const top = dest.lookup(3);
  const height = doc.getPage(index).getHeight();
  return { page: index + 1, fromTop: top instanceof PDFNumber ? height - top.asNumber() : 0 };
}

/** Every outline item, in document order. */
export function outlineOf(doc: PDFDocument): OutlineEntry[] {
  const pages = doc.getPages().map((p) => p.ref);
  const out: OutlineEntry[] = [];
  const root = doc.catalog.lookup(PDFName.of("Outlines"));
  const walk = (first: unknown, depth: number): void => {
    let item = first;
    const seen = new Set<unknown>();
    while (item instanceof PDFDict && !seen.has(item)) {
      seen.add(item);
      const title = item.lookup(PDFName.of("Title"));
      const at = target(doc, item.lookup(PDFName.of("Dest")), pages);
      if (at && (title instanceof PDFString || title instanceof PDFHexString))
        out.push({ title: title.decodeText(), depth, ...at });
      walk(item.lookup(PDFName.of("First")), depth + 1);
      item = item.lookup(PDFName.of("Next"));
    }
  };
  if (root instanceof PDFDict) walk(root.lookup(PDFName.of("First")), 0);
  return out;
}
