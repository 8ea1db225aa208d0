import type { PDFDocument } from "pdf-lib";
import type { Diagnostic } from "../../diagnostics/index.js";
import type { Edition } from "../../model.js";
import { readPrintedFlow } from "./read.js";
import { layoutDiagnostics } from "./report.js";
import { checkPrintedLayout } from "./rule.js";

/**
 * The post-render layout rules, run on every printed edition by build and
 * check: no page ends with a heading (`layout/heading-at-page-foot`), and no
 * list item, box or paragraph is split leaving one line on a page
 * (`layout/split-one-line`). Warnings; errors under --strict. Reading the
 * PDF (read.ts), the rules (rule.ts, pure) and the diagnostics with their
 * Markdown positions (report.ts) are separate steps.
 */
export async function checkLayout(edition: Edition, pdf: Uint8Array | PDFDocument): Promise<Diagnostic[]> {
  return layoutDiagnostics(edition, checkPrintedLayout(await readPrintedFlow(pdf)));
}

export { readPrintedFlow } from "./read.js";
export { layoutDiagnostics, sourceOf } from "./report.js";
export { checkPrintedLayout, countLines } from "./rule.js";
export type { BlockKind, BlockPart, LayoutFinding, PrintedBlock, PrintedFlow, TextRun } from "./rule.js";
