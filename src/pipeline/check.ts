import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { checkPageBudget, checkReadingGrade, lint } from "../checks/index.js";
import { diagnostic, type Diagnostic } from "../diagnostics/index.js";
import type { PreparedEdition } from "../model.js";
import { DEFAULT_TIMEOUT_MS } from "../stages/6-render/index.js";
import type { CheckOptions } from "./options.js";
import { finish, type EditionReport, type Result } from "./outcome.js";
import { prepareProject } from "./prepare.js";
import { publishAll } from "./publish.js";
import { REAL_SEAMS, type Seams } from "./seams.js";

/**
 * `check`: validate everything and run the editorial rules (src/checks);
 * reports each edition's reading grade. Renders PDFs only for the
 * page-budget rule, through the build's own publish path into a private
 * temporary folder (never output/), and says so; `render: false` skips it.
 */

/** Render each edition to count its pages; the page-budget rule's findings. */
async function pageBudgets(prepared: readonly PreparedEdition[], o: CheckOptions, seams: Seams): Promise<Diagnostic[]> {
  const diagnostics: Diagnostic[] = [];
  const dir = await mkdtemp(path.join(os.tmpdir(), "brief-check-"));
  let rendered = 0;
  try {
    const date = (p: PreparedEdition): Date => new Date(`${p.edition.brief.config.value.edition_date}T00:00:00Z`);
    const options = {
      outDir: dir,
      formats: new Set(["pdf"] as const),
      creator: "brief check",
      date,
      timeoutMs: o.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      env: o.env ?? process.env,
    };
    for (const r of await publishAll(prepared, options, seams)) {
      const { edition } = r.p;
      const at = { file: edition.audience.file, line: 0, column: 0 };
      if (r.kind === "done") {
        rendered++;
        diagnostics.push(...r.diagnostics);
        if (r.published?.pages !== undefined) diagnostics.push(...checkPageBudget(edition, r.published.pages, true));
      } else if (r.kind === "render-failed") {
        diagnostics.push(
          diagnostic({
            rule: r.error.ruleId,
            at,
            message: `could not render ${edition.name} to check its page budget: ${r.error.message}`,
            cause: r.error,
          }),
        );
      } else if (r.kind === "write-failed") {
        throw r.error;
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  if (rendered > 0) {
    const message = `rendered ${rendered} edition${rendered === 1 ? "" : "s"} to check page budgets (nothing was written to output/)`;
    diagnostics.push(diagnostic({ rule: "check/rendered", at: { file: "output", line: 0, column: 0 }, message }));
  }
  return diagnostics;
}

/** `check()` with the side effects it uses given explicitly. */
export async function runCheck(o: CheckOptions, seams: Seams): Promise<Result> {
  const { project, prepared, failed, diagnostics: found } = await prepareProject(o);
  const diagnostics: Diagnostic[] = [
    ...found,
    ...prepared.flatMap((p) => checkReadingGrade(p, true)),
    ...lint(project, prepared, o),
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
  if (o.render !== false && prepared.length) diagnostics.push(...(await pageBudgets(prepared, o, seams)));
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
