import type { Diagnostic } from "../diagnostics/index.js";
import type { PreparedEdition, Project } from "../model.js";
import { plan, type EditionFilter } from "../stages/2-plan/index.js";
import { checkAbout } from "./about.js";
import { checkAcronyms } from "./acronyms.js";
import { checkAssessments } from "./assessments.js";
import { checkAttribution } from "./attribution.js";
import { checkChartFreshness } from "./chart-freshness.js";
import { checkFreshness } from "./freshness.js";
import { checkInformationAge, checkTimeWords } from "./information-age.js";
import { checkLinks } from "./links.js";
import { checkSpelling } from "./spelling.js";
import { checkUsage } from "./usage.js";

/**
 * Rules beyond what each stage reports while loading and preparing. Each
 * rule lives in its own module, with its id in the rule catalogue
 * (diagnostics/rules.ts):
 *
 * - section/too-large, styles/remote-url  guards.ts        build and check, before an edition is prepared
 * - edition/reading-grade                 reading-grade.ts build and check, after an edition is prepared
 * - edition/page-budget                   page-budget.ts   build and check, after an edition is printed
 * - layout/heading-at-page-foot, layout/split-one-line  layout/  build and check, after an edition is printed
 * - facts/unused, sources/uncited         usage.ts         check only
 * - facts/stale                           freshness.ts     check only
 * - charts/stale                          chart-freshness.ts check only
 * - links/broken-anchor                   links.ts         check only
 * - acronyms/not-spelled-out              acronyms.ts      check only
 * - brief/information-age, text/time-words information-age.ts check only
 * - text/spelling                          spelling.ts      check only
 * - text/assessment-inline                 assessments.ts   check only
 * - facts/attribution (info)               attribution.ts   check only
 * - about/placeholder-contact               about.ts         check only
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
    out.push(
      ...checkFreshness(brief),
      ...checkChartFreshness(brief),
      ...checkInformationAge(brief),
      ...checkAttribution(brief),
      ...checkAbout(brief),
    );
  }
  out.push(
    ...checkLinks(prepared),
    ...checkAcronyms(prepared),
    ...checkTimeWords(prepared),
    ...checkSpelling(prepared),
    ...checkAssessments(prepared),
  );
  return out;
}
