import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { diagnostic, type Diagnostic } from "../diagnostics/index.js";
import type { PreparedEdition } from "../prepare.js";
import { publish } from "../publish.js";
import { openRenderer, RenderError, type RenderHooks, type Renderer } from "../stages/render.js";

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
  let renderer: Renderer | undefined;
  let rendered = 0;
  let rendererFailed = false;
  try {
    for (const p of prepared) {
      const { edition } = p;
      try {
        renderer ??= await openRenderer({ timeoutMs: options.timeoutMs ?? 60_000, ...(options.env ? { env: options.env } : {}), ...(options.hooks ? { hooks: options.hooks } : {}) });
        const date = new Date(`${edition.brief.config.value.edition_date}T00:00:00Z`);
        const r = await publish(p, renderer, { outDir: dir, formats: new Set(["pdf"]), creator: "brief check", date });
        rendered++;
        diagnostics.push(...r.diagnostics);
        const budget = edition.audience.config.page.budget;
        if (r.published?.pages !== undefined) {
          diagnostics.push(diagnostic({ file: edition.audience.file, line: 0, column: 0 }, "info", "edition/page-budget", `edition ${edition.name}: ${r.published.pages} pages (budget ${budget})`, "Informational."));
        }
      } catch (cause) {
        if (!(cause instanceof RenderError)) throw cause;
        rendererFailed = true;
        diagnostics.push(diagnostic({ file: edition.audience.file, line: 0, column: 0 }, "error", `render/${cause.reason}`, `could not render ${edition.name} to check its page budget: ${cause.message}`, cause.hint, cause));
        await renderer?.close();
        renderer = undefined;
        if (cause.reason === "no-browser" || cause.reason === "launch") break;
      }
    }
  } finally {
    await renderer?.close();
    await rm(dir, { recursive: true, force: true });
  }
  if (rendered > 0) {
    diagnostics.push(
      diagnostic({ file: "output", line: 0, column: 0 }, "info", "check/rendered", `rendered ${rendered} edition${rendered === 1 ? "" : "s"} to check page budgets (nothing was written to output/)`, "Only the page-budget rule renders; pass render: false to skip it."),
    );
  }
  return { diagnostics, rendererFailed };
}
