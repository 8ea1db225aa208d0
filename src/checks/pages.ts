import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { diagnostic, type Diagnostic } from "../diagnostics/index.js";
import type { PreparedEdition } from "../prepare.js";
import { publishAll } from "../publish.js";
import type { RenderHooks } from "../stages/render.js";

/**
 * `edition/page-budget` for `brief check`: the only rule that needs the
 * browser. It runs the build's own publish path (render, contents page
 * numbers, PDF finishing, budget check) into a private temporary folder,
 * so the page count is exactly what `brief build` would produce, and
 * `output/` is never touched. It says that it rendered.
 */

/** Options for the page-budget pass. */
export interface PageBudgetOptions {
  readonly timeoutMs?: number;
  readonly env?: NodeJS.ProcessEnv;
  readonly hooks?: RenderHooks;
}

/** Render each prepared edition to PDF and compare its pages with its budget. */
export async function checkPageBudgets(prepared: readonly PreparedEdition[], options: PageBudgetOptions = {}): Promise<{ diagnostics: Diagnostic[]; rendererFailed: boolean }> {
  const diagnostics: Diagnostic[] = [];
  const dir = await mkdtemp(path.join(os.tmpdir(), "brief-check-"));
  let rendered = 0;
  let rendererFailed = false;
  try {
    const outcomes = await publishAll(prepared, {
      outDir: dir,
      formats: new Set(["pdf"]),
      creator: "brief check",
      date: (p) => new Date(`${p.edition.brief.config.value.edition_date}T00:00:00Z`),
      timeoutMs: options.timeoutMs ?? 60_000,
      env: options.env ?? process.env,
      ...(options.hooks ? { renderHooks: options.hooks } : {}),
    });
    for (const r of outcomes) {
      const { edition } = r.p;
      if (r.kind === "done") {
        rendered++;
        diagnostics.push(...r.diagnostics);
        if (r.published?.pages !== undefined) {
          diagnostics.push(diagnostic({ file: edition.audience.file, line: 0, column: 0 }, "info", "edition/page-budget", `edition ${edition.name}: ${r.published.pages} pages (budget ${edition.audience.config.page.budget})`, "Informational."));
        }
      } else if (r.kind === "render-failed") {
        rendererFailed = true;
        diagnostics.push(diagnostic({ file: edition.audience.file, line: 0, column: 0 }, "error", `render/${r.error.reason}`, `could not render ${edition.name} to check its page budget: ${r.error.message}`, r.error.hint, r.error));
      } else if (r.kind === "write-failed") {
        throw r.error;
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  if (rendered > 0) {
    diagnostics.push(
      diagnostic({ file: "output", line: 0, column: 0 }, "info", "check/rendered", `rendered ${rendered} edition${rendered === 1 ? "" : "s"} to check page budgets (nothing was written to output/)`, "Only the page-budget rule renders; pass render: false to skip it."),
    );
  }
  return { diagnostics, rendererFailed };
}
