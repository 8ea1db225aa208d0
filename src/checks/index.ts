import type { Diagnostic } from "../diagnostics/index.js";
import type { Project } from "../model.js";
import type { PreparedEdition } from "../prepare.js";
import { plan, type EditionFilter } from "../stages/plan.js";
import { checkAcronyms } from "./acronyms.js";
import { checkFreshness } from "./freshness.js";
import { checkLinks } from "./links.js";
import { checkUsage } from "./usage.js";

/**
 * `brief check`'s editorial rules, on top of everything the pipeline itself
 * reports while loading and preparing. Each rule lives in its own module
 * and has a stable rule id:
 *
 * - facts/unused, sources/uncited   usage.ts      (warning)
 * - facts/stale                     freshness.ts  (warning)
 * - links/broken-anchor             links.ts      (error)
 * - acronyms/not-spelled-out        acronyms.ts   (warning)
 * - edition/page-budget             pages.ts      (error; the only rule that renders)
 * - section/too-large, styles/remote-url  guards.ts (error; also run by build)
 */

export { checkPageBudgets, type PageBudgetOptions } from "./pages.js";
export { guardEdition, MAX_SECTION_BYTES } from "./guards.js";

/** Run the rules that need no browser on the loaded project and its prepared editions. */
export function lint(project: Project, prepared: readonly PreparedEdition[], filter: EditionFilter = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  const all = plan(project).editions.map((e) => e.edition);
  for (const brief of project.briefs) {
    if (filter.briefs?.length && !filter.briefs.includes(brief.id)) continue;
    out.push(...checkUsage(brief, all.filter((e) => e.brief === brief), prepared));
    out.push(...checkFreshness(brief));
  }
  out.push(...checkLinks(prepared), ...checkAcronyms(prepared));
  return out;
}
