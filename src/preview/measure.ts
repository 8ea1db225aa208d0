import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { parsePdf } from "../lib/pdf/document.js";
import type { LaidOut, PreparedEdition } from "../model.js";
import type { PrintedLayout } from "../checks/page-budget.js";
import { paginate } from "../pipeline/paginate.js";
import { printedLayout } from "../pipeline/publish.js";
import { printWithin, type EditionPage } from "../stages/6-render/index.js";
import { destinationPages } from "../stages/7-pdf/index.js";
import { pageBreaks, pagesOf, type PageBreak } from "./breaks.js";
import { measuringCopy, type MeasuringCopy } from "./measure-copy.js";

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
    dests = await destinationPages(again.pdf);
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
