import { diagnostic, RULES, type Diagnostic } from "../../diagnostics/index.js";
import type { Edition } from "../../model.js";
import { summaryLine, type PdfUaReport } from "./index.js";

/**
 * The PDF/UA check as diagnostics: one error per failed condition (with how
 * many times it failed and the first examples), and for `brief check` an
 * info line with the summary. They point at the edition's layout template:
 * the PDF they are about is never written when one fails.
 */
export function pdfUaDiagnostics(edition: Edition, report: PdfUaReport, summary = false): Diagnostic[] {
  const at = { file: edition.audience.templates.layout.file, line: 0, column: 0 };
  const out: Diagnostic[] = [];
  for (const [rule, f] of report.failures) {
    const more = f.count > f.examples.length ? `; ${f.count - f.examples.length} more` : "";
    const message = `${edition.name}.pdf is not PDF/UA-1: ${RULES[rule].title} (${f.count}×: ${f.examples.join("; ")}${more})`;
    out.push(diagnostic({ rule, at, message }));
  }
  if (summary)
    out.push(diagnostic({ rule: "pdf/ua-summary", at, message: `${edition.name}.pdf: ${summaryLine(report)}` }));
  return out;
}
