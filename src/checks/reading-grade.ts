import { diagnostic, type Diagnostic } from "../diagnostics/index.js";
import { locatePath } from "../lib/yaml.js";
import type { PreparedEdition } from "../model.js";

/**
 * `edition/reading-grade`: an audience may cap the Flesch–Kincaid grade of
 * its edition's body text (`reading_grade_max`). Build and check both call
 * this once per prepared edition: over the limit is an error; `report`
 * (check) adds every edition's grade as info.
 */
export function checkReadingGrade(p: Pick<PreparedEdition, "edition" | "readability">, report = false): Diagnostic[] {
  const { edition, readability: r } = p;
  const max = edition.audience.config.reading_grade_max;
  // The limit, where the audience sets one; else the audience file's first key.
  const at = locatePath(edition.audience.yaml, max === undefined ? [] : ["reading_grade_max"]);
  const out: Diagnostic[] = [];
  if (report) {
    const message = `edition ${edition.name}: Flesch-Kincaid grade ${r.grade}${max !== undefined ? ` (limit ${max})` : ""}, ${r.words} words`;
    out.push(
      diagnostic({
        rule: "edition/reading-grade",
        severity: "info",
        at,
        message,
        hint: "Informational.",
      }),
    );
  }
  if (max !== undefined && r.grade > max) {
    const message = `edition ${edition.name} reads at Flesch-Kincaid grade ${r.grade} (${r.words} words, ${r.sentences} sentences), above its limit of ${max}`;
    out.push(diagnostic({ rule: "edition/reading-grade", at, message }));
  }
  return out;
}
