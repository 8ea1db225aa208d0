import { checkReadingGrade, lint } from "../checks/index.js";
import type { Diagnostic } from "../diagnostics/index.js";
import { overrideFindings } from "../package/overrides.js";
import { checkDistributions } from "./check-distribution.js";
import { resolvePaths, type CheckOptions } from "./options.js";
import { finish, type EditionReport, type Result } from "./outcome.js";
import { prepareProject } from "./prepare.js";
import { REAL_SEAMS, type Seams } from "./seams.js";

/**
 * `check`: validate everything and run the editorial rules (src/checks);
 * reports each edition's reading grade. Renders PDFs only for the
 * page-budget rule, through the build's own publish path into a private
 * temporary folder (never output/), and says so; `render: false` skips it.
 */

/** `check()` with the side effects it uses given explicitly. */
export async function runCheck(o: CheckOptions, seams: Seams): Promise<Result> {
  const { project, prepared, failed, diagnostics: found } = await prepareProject(o);
  const diagnostics: Diagnostic[] = [
    ...found,
    ...prepared.flatMap((p) => checkReadingGrade(p, true)),
    ...lint(project, prepared, o),
    ...(await checkDistributions(project)),
    ...(await overrideFindings(resolvePaths(o))),
  ];
  const editions: EditionReport[] = [
    ...failed.map((name): EditionReport => ({ name, status: "failed", files: [] })),
    ...prepared.map((p): EditionReport => ({
      name: p.edition.name,
      status: "built",
      files: [],
      readingGrade: p.readability.grade,
    })),
  ];
  if (o.render !== false && prepared.length) {
    const { pageBudgets } = await import("./page-budgets.js");
    diagnostics.push(...(await pageBudgets(prepared, o, seams)));
  }
  return finish(diagnostics, editions, o.strict);
}

/**
 * Validate everything and run the editorial rules, without writing
 * anything. Renders PDFs only for the page-budget rule; `render: false`
 * skips it.
 */
export function check(o: CheckOptions = {}): Promise<Result> {
  return runCheck(o, REAL_SEAMS);
}
