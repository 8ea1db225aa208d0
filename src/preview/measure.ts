import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parsePdf } from "../lib/pdf/document.js";
import type { LaidOut, PreparedEdition } from "../model.js";
import type { PrintedLayout } from "../checks/page-budget.js";
import { paginate } from "../pipeline/paginate.js";
import { printedLayout } from "../pipeline/publish.js";
import { printWithin, type EditionPage } from "../stages/6-render/index.js";
import { destinationPages } from "../stages/7-pdf/index.js";
import { destinationPointsOf } from "../stages/7-pdf/outline.js";
import { readPageContent } from "../lib/pdf/marked.js";
import type { PDFDocument } from "pdf-lib";
import { pageBreaks, pagesOf, type PageBreak } from "./breaks.js";
import { measuringCopy, type MarkedBlock, type MeasuringCopy } from "./measure-copy.js";

/**
 * Measuring where an edition's pages break, by printing it in Chromium
 * exactly as `build` does: `paginate()` (the contents page's numbers
 * included) on a page with JavaScript off that may load nothing outside the
 * edition's staging folder. The page is wrapped so that each print is of
 * the measuring copy (measure-copy.ts) of the HTML paginate staged; the
 * PDF's named destinations then give the page of every block. A block of
 * text that runs across pages is printed once more with its words marked,
 * to find the word each page begins with.
 */

/** The printed layout of one version of an edition. */
export interface Measurement {
  /** The layout as printed (the contents page's numbers filled in). */
  readonly laid: LaidOut;
  readonly breaks: readonly PageBreak[];
  readonly pages: number;
  /** Requests the printing page made and was refused. */
  readonly blocked: readonly string[];
  /** Where each section starts, for the page budget (About alone on the last page does not count). */
  readonly layout: PrintedLayout;
}

/** Measure `p` on `page`, staging files in `dir` (a folder of its own). */
export async function measure(
  p: PreparedEdition,
  page: EditionPage,
  dir: string,
  timeoutMs: number,
): Promise<Measurement> {
  const file = path.join(dir, `${p.edition.name}.measure.html`);
  let marks: MeasuringCopy | undefined;
  const marking: EditionPage = {
    browserVersion: page.browserVersion,
    print: async (staged, options) => {
      marks = measuringCopy(await readFile(staged, "utf8"));
      await writeFile(file, marks.html);
      return page.print(file, options);
    },
    close: () => page.close(),
  };
  const printed = await paginate(p, marking, dir, timeoutMs);
  if (!marks) throw new Error("measure: paginate printed nothing");
  const blocked = [...printed.blocked];
  let dests = await destinationPages(printed.pdf);
  let found = pageBreaks(marks.blocks.map((b) => pagesOf(b, dests)));
  if (found.straddling.length) {
    const words = measuringCopy(printed.laid.html, new Set(found.straddling));
    await writeFile(file, words.html);
    const again = await printWithin(page, file, timeoutMs);
    blocked.push(...again.blocked);
    const doc = await parsePdf(again.pdf);
    dests = movedLines(doc, words.blocks, destinationPointsOf(doc));
    found = pageBreaks(words.blocks.map((b) => pagesOf(b, dests)));
  }
  const doc = await parsePdf(printed.pdf);
  return {
    laid: printed.laid,
    breaks: found.breaks,
    pages: doc.getPageCount(),
    blocked,
    layout: printedLayout(doc, printed.laid),
  };
}

/** A page's painted text with every space and line break removed: what a line's words can be found in. */
function paintedText(doc: PDFDocument, page: number): string {
  const leaf = doc.getPages()[page - 1]?.node;
  if (!leaf) return "";
  return readPageContent(doc, leaf)
    .paints.map((p) => (p.kind === "text" ? (p.text ?? "") : ""))
    .join("")
    .replace(/\s+/g, "");
}

/**
 * The page of every named destination, with one correction. When Chromium
 * moves the last lines of a paragraph to the next page (widows, orphans),
 * the destinations of the words on those lines still name the page they
 * would have ended, at a height below its real last line. So a line of a
 * block's marked words that its page does not print, and the next page
 * does, belongs to the next page: checked from the page's last line up.
 */
export function movedLines(
  doc: PDFDocument,
  blocks: readonly MarkedBlock[],
  points: ReadonlyMap<string, { page: number; y: number }>,
): Map<string, number> {
  const pages = new Map([...points].map(([k, v]) => [k, v.page]));
  const texts = new Map<number, string>();
  const printed = (page: number): string => {
    const known = texts.get(page);
    if (known !== undefined) return known;
    const t = paintedText(doc, page);
    texts.set(page, t);
    return t;
  };
  for (const b of blocks) {
    if (!b.words?.length || !b.wordTexts) continue;
    // The block's lines: runs of words with the same page and height.
    const lines: { page: number; ids: string[]; text: string }[] = [];
    b.words.forEach((id, i) => {
      const at = points.get(id);
      if (!at) return;
      const last = lines.at(-1);
      const text = (b.wordTexts?.[i] ?? "").replace(/\s+/g, "");
      if (last && last.page === at.page && Math.abs((points.get(last.ids[0] ?? "")?.y ?? NaN) - at.y) < 0.5) {
        last.ids.push(id);
        last.text += text;
      } else lines.push({ page: at.page, ids: [id], text });
    });
    for (let i = lines.length - 2; i >= 0; i--) {
      const line = lines[i];
      const next = lines[i + 1];
      if (!line || !next || next.page !== line.page + 1 || line.text.length < 8) continue;
      if (printed(line.page).includes(line.text) || !printed(next.page).includes(line.text)) continue;
      for (const id of line.ids) pages.set(id, next.page);
      line.page = next.page;
    }
  }
  return pages;
}
