import { diagnostic, type Diagnostic } from "../diagnostics/index.js";
import type { Edition } from "../model.js";

/**
 * `edition/page-budget`: each audience sets a maximum number of pages. The
 * count comes from the finished PDF, so build and check (which renders for
 * this rule alone) call this with the same number: over the budget is an
 * error; `report` (check) adds every edition's count as info.
 */
export function checkPageBudget(edition: Edition, pages: number, report = false): Diagnostic[] {
  const budget = edition.audience.config.page.budget;
  const at = { file: edition.audience.file, line: 0, column: 0 };
  const out: Diagnostic[] = [];
  if (report)
    out.push(
      diagnostic({
        rule: "edition/page-budget",
        severity: "info",
        at,
        message: `edition ${edition.name}: ${pages} pages (budget ${budget})`,
        hint: "Informational.",
      }),
    );
  if (pages > budget)
    out.push(
      diagnostic({
        rule: "edition/page-budget",
        at,
        message: `edition ${edition.name} has ${pages} pages, over its budget of ${budget}`,
      }),
    );
  return out;
}
