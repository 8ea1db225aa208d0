import { PDFDocument } from "pdf-lib";
import { parsePdf } from "../../lib/pdf/document.js";
import { FACES } from "../../stages/5-layout/fonts.js";
import { checkAnnotations } from "./annotations.js";
import { checkBundledFonts } from "./bundled-fonts.js";
import { checkMarking, checkParentTree } from "./content.js";
import { CheckContext, type PdfRule, type RuleFailures } from "./context.js";
import { checkDocument } from "./document.js";
import { checkElements } from "./elements.js";
import { checkFonts } from "./fonts.js";
import { checkForms } from "./forms.js";
import { checkHeadings } from "./headings.js";
import { checkPassages, type ExpectedPassage } from "./languages.js";
import { checkReadingOrder } from "./order.js";
import { checkRoles } from "./roles.js";
import { checkTableGrid } from "./table-grid.js";
import { checkTableHeaders } from "./tables.js";
import { checkJoinedWords } from "./words.js";

/**
 * The PDF/UA-1 checker: reads a finished PDF back and verifies the
 * machine-checkable conditions of the Matterhorn Protocol 1.1 and the
 * veraPDF PDF/UA-1 profile that apply to what the pipeline produces (the
 * rules `pdf/…` in src/diagnostics/rules-pdf.ts, each citing its clause).
 * One module per group of conditions: document (catalog and metadata),
 * roles, content (tagging, artifacts, the ParentTree), order, elements
 * (tables, lists, contents, alternative texts, notes), headings, tables
 * (headers), annotations, fonts, languages (passages the HTML marks).
 * It shares only the PDF reading primitives (src/lib/pdf) with the stage
 * that makes the PDF, not its decisions.
 */

/** The families the pipeline bundles: the only fonts an edition may embed. */
const BUNDLED_FAMILIES = FACES.map((f) => f.family);

/** What the HTML says that the PDF must reflect. */
export interface PdfUaExpectations {
  readonly passages?: readonly ExpectedPassage[];
  /** The words of the edition's HTML (words.ts htmlWords), to find words joined at line ends. */
  readonly words?: ReadonlySet<string>;
  /** The font families the edition may embed; by default the bundled faces. */
  readonly families?: readonly string[];
}

/** What was counted, for the summary. */
export interface PdfUaCounts {
  readonly pages: number;
  readonly elements: number;
  readonly tagged: number;
  readonly artifacts: number;
  readonly links: number;
  readonly figures: number;
  readonly tables: number;
  readonly headings: number;
  readonly fonts: number;
}

/** The result of checking one PDF. */
export interface PdfUaReport {
  /** Every rule evaluated. */
  readonly checked: readonly PdfRule[];
  /** The rules that failed, with counts and examples. */
  readonly failures: ReadonlyMap<PdfRule, RuleFailures>;
  readonly counts: PdfUaCounts;
}

/** Check a PDF (bytes or parsed) against PDF/UA-1. */
export async function checkPdfUa(pdf: Uint8Array | PDFDocument, expect: PdfUaExpectations = {}): Promise<PdfUaReport> {
  const doc = pdf instanceof PDFDocument ? pdf : await parsePdf(pdf);
  const ctx = new CheckContext(doc);
  checkDocument(ctx);
  checkRoles(ctx);
  checkMarking(ctx);
  checkParentTree(ctx);
  checkReadingOrder(ctx);
  checkElements(ctx);
  checkHeadings(ctx);
  checkTableHeaders(ctx);
  checkTableGrid(ctx);
  checkAnnotations(ctx);
  checkForms(ctx);
  const { fonts } = checkFonts(ctx);
  checkBundledFonts(ctx, expect.families ?? BUNDLED_FAMILIES);
  checkPassages(ctx, expect.passages ?? []);
  checkJoinedWords(ctx, expect.words);
  const roles = (ctx.tree?.all ?? []).map((e) => ctx.role(e) ?? "");
  let tagged = 0;
  let artifacts = 0;
  for (const { content } of ctx.pages)
    for (const p of content.paints) {
      if (p.stack.some((s) => s.mcid !== undefined)) tagged++;
      if (p.stack.some((s) => s.tag === "Artifact")) artifacts++;
    }
  const count = (pattern: RegExp): number => roles.filter((r) => pattern.test(r)).length;
  const counts: PdfUaCounts = {
    pages: ctx.pages.length,
    elements: roles.length,
    tagged,
    artifacts,
    links: count(/^Link$/),
    figures: count(/^Figure$/),
    tables: count(/^Table$/),
    headings: count(/^H[1-6]?$/),
    fonts,
  };
  return { checked: [...ctx.checked].sort(), failures: ctx.failures, counts };
}

/** One line: "PDF/UA-1: 0 of 38 conditions failed (4 pages, …)". */
export function summaryLine(r: PdfUaReport): string {
  const c = r.counts;
  const n = (v: number, one: string, many = `${one}s`): string =>
    `${v.toLocaleString("en-GB")} ${v === 1 ? one : many}`;
  return (
    `PDF/UA-1: ${r.failures.size} of ${r.checked.length} conditions failed (` +
    [
      n(c.pages, "page"),
      n(c.elements, "structure element"),
      `${n(c.tagged, "tagged content item")} and ${n(c.artifacts, "artifact")}`,
      n(c.links, "link"),
      n(c.figures, "figure"),
      n(c.tables, "table"),
      n(c.headings, "heading"),
      n(c.fonts, "font"),
    ].join(", ") +
    ")"
  );
}

export type { ExpectedPassage } from "./languages.js";
export { htmlWords } from "./words.js";
export type { PdfRule, RuleFailures } from "./context.js";
