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
import { parsePdf } from "../../lib/pdf/document.js";
import { hexText } from "../../lib/pdf/structure.js";

/**
 * The outline (bookmarks) and named destinations of a printed edition:
 * bookmarks get the headings' exact titles, and destinations are read back
 * as page numbers (for the contents page, and for describing links).
 */

/**
 * Chromium builds the outline from the headings, but loses the space at a
 * line break and includes inline labels. Its items are in document order,
 * like ours, so when the counts agree each item gets the heading's exact
 * text. A single top-level item (the cover title) is unwrapped so that the
 * bookmarks start at the sections.
 */
export function fixOutline(doc: PDFDocument, headings: readonly string[]): void {
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
  items.forEach((item, i) => item.set(PDFName.of("Title"), hexText(headings[i] ?? "")));
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

/** The 1-based page a destination (an explicit array, or a dictionary with /D) points to. */
export function destPage(
  doc: PDFDocument,
  dest: PDFObject | undefined,
  pageRefs: readonly PDFRef[],
): number | undefined {
  let d = dest instanceof PDFRef ? doc.context.lookup(dest) : dest;
  if (d instanceof PDFDict) d = d.get(PDFName.of("D"));
  if (!(d instanceof PDFArray)) return undefined;
  const ref = d.get(0);
  const i = pageRefs.findIndex((r) => ref instanceof PDFRef && r.objectNumber === ref.objectNumber);
  return i >= 0 ? i + 1 : undefined;
}

/** The page (1-based) and the height on it (PDF units from the bottom) a destination points to. */
export function destPoint(
  doc: PDFDocument,
  dest: PDFObject | undefined,
  pageRefs: readonly PDFRef[],
): { page: number; y: number } | undefined {
  const page = destPage(doc, dest, pageRefs);
  let d = dest instanceof PDFRef ? doc.context.lookup(dest) : dest;
  if (d instanceof PDFDict) d = d.get(PDFName.of("D"));
  const y = d instanceof PDFArray ? d.lookup(3) : undefined;
  return page === undefined ? undefined : { page, y: y instanceof PDFNumber ? y.asNumber() : 0 };
}

/** Page and height of each named destination of a parsed PDF (the catalog's /Dests and the name tree). */
export function destinationPointsOf(doc: PDFDocument): Map<string, { page: number; y: number }> {
  const pageRefs = doc.getPages().map((p) => p.ref);
  const out = new Map<string, { page: number; y: number }>();
  const dests = doc.catalog.lookup(PDFName.of("Dests"));
  if (dests instanceof PDFDict)
    for (const [key, value] of dests.entries()) {
      const point = destPoint(doc, value, pageRefs);
      if (point !== undefined) out.set(decodeName(key.asString()), point);
    }
  const names = doc.catalog.lookup(PDFName.of("Names"));
  const walk = (node: unknown): void => {
    if (!(node instanceof PDFDict)) return;
    const leaf = node.lookup(PDFName.of("Names"));
    if (leaf instanceof PDFArray)
      for (let i = 0; i + 1 < leaf.size(); i += 2) {
        const k = leaf.lookup(i);
        const name = k instanceof PDFString || k instanceof PDFHexString ? k.decodeText() : undefined;
        const point = destPoint(doc, leaf.get(i + 1), pageRefs);
        if (name !== undefined && point !== undefined) out.set(name, point);
      }
    const kids = node.lookup(PDFName.of("Kids"));
    if (kids instanceof PDFArray) for (let i = 0; i < kids.size(); i++) walk(kids.lookup(i));
  };
  walk(names instanceof PDFDict ? names.lookup(PDFName.of("Dests")) : undefined);
  return out;
}

/** 1-based page of each named destination (Chromium names them after element ids that links point to). */
export async function destinationPages(pdf: Uint8Array): Promise<Map<string, number>> {
  return destinationPagesOf(await parsePdf(pdf));
}

/** 1-based page of each named destination of a parsed PDF. */
export function destinationPagesOf(doc: PDFDocument): Map<string, number> {
  return new Map([...destinationPointsOf(doc)].map(([name, point]) => [name, point.page]));
}

function decodeName(s: string): string {
  return s.replace(/^\//, "").replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

/*
 * Where each heading fell, read from the outline (each item points at its
 * heading with an `/XYZ left top zoom` destination): the page-budget rule
 * says on which page each section starts, and whether "About this brief"
 * starts a page of its own.
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
