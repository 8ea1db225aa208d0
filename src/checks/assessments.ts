import { diagnostic, type Diagnostic } from "../diagnostics/index.js";
import type { PreparedEdition } from "../model.js";
import { ASSESSMENT_LABELS } from "../stages/4-markdown/assessment.js";
import { scanProse, type ProseMatch } from "./prose-scan.js";

/**
 * `text/assessment-inline`: the brief's own analysis starts its own
 * paragraph, so it prints as a labelled box. A label that follows a
 * sentence in the same paragraph is reported where it is written.
 */

const INLINE = new RegExp(`(?<=\\S[^\\n]*)(${ASSESSMENT_LABELS.join("|")}):`, "g");

/** Labels that do not open their paragraph. */
function inlineLabels(prose: string): ProseMatch[] {
  return [...prose.matchAll(INLINE)].map((m) => ({
    start: m.index,
    text: m[0],
    source: new RegExp(`${m[1] ?? ""}:`),
  }));
}

/** `text/assessment-inline` over every prepared edition. */
export function checkAssessments(prepared: readonly PreparedEdition[]): Diagnostic[] {
  return scanProse(prepared, inlineLabels).map((f) =>
    diagnostic({
      rule: "text/assessment-inline",
      at: f.at,
      message: `"${f.match.text}" starts in the middle of a paragraph, after sourced text`,
    }),
  );
}
