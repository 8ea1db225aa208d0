import type { Diagnostic } from "../diagnostics/index.js";
import type { PreparedEdition, Project } from "../model.js";
import { plan, type EditionFilter } from "../stages/2-plan/index.js";
import { checkAcronyms } from "./acronyms.js";
import { checkFreshness } from "./freshness.js";
import { checkLinks } from "./links.js";
import { checkUsage } from "./usage.js";

/**
 * Rules beyond what each stage reports while loading and preparing. Each
 * rule lives in its own module, with its id in the rule catalogue
 * (diagnostics/rules.ts):
 *
 * - section/too-large, styles/remote-url  guards.ts        build and check, before an edition is prepared
 * - edition/reading-grade                 reading-grade.ts build and check, after an edition is prepared
 * - edition/page-budget                   page-budget.ts   build and check, after an edition is printed
 * - facts/unused, sources/uncited         usage.ts         check only
 * - facts/stale                           freshness.ts     check only
 * - links/broken-anchor                   links.ts         check only
 * - acronyms/not-spelled-out              acronyms.ts      check only
 */

export { guardEdition, MAX_SECTION_BYTES } from "./guards.js";
export { checkPageBudget } from "./page-budget.js";
export { checkReadingGrade } from "./reading-grade.js";

/** The editorial rules `brief check` adds, on the loaded project and its prepared editions (no browser). */
export function lint(project: Project, prepared: readonly PreparedEdition[], filter: EditionFilter = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  const all = plan(project).editions.map((e) => e.edition);
  for (const brief of project.briefs) {
    if (filter.briefs?.length && !filter.briefs.includes(brief.id)) continue;
    out.push(
      ...checkUsage(
        brief,
        all.filter((e) => e.brief === brief),
        prepared,
      ),
    );
    out.push(...checkFreshness(brief));
  }
  out.push(...checkLinks(prepared), ...checkAcronyms(prepared));
  return out;
}
