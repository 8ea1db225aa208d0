import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { checkPageBudget } from "../checks/index.js";
import { checkLayout } from "../checks/layout/index.js";
import { checkPdfUa } from "../checks/pdfua/index.js";
import { pdfUaDiagnostics } from "../checks/pdfua/report.js";
import { diagnostic, type Diagnostic } from "../diagnostics/index.js";
import type { PreparedEdition } from "../model.js";
import { htmlAccessibility } from "../stages/5-layout/index.js";
import { browserIdentity } from "../stages/6-render/browser.js";
import { DEFAULT_TIMEOUT_MS } from "../stages/6-render/index.js";
import { BuildCache } from "./cache.js";
import { pipelineFingerprint } from "./fingerprint.js";
import { dataDigest, keyer, type DataKind } from "./inputs.js";
import { defaultJobs, resolvePaths, type CheckOptions } from "./options.js";
import { loadPdf } from "../stages/7-pdf/index.js";
import { printedLayout, publishAll, type PublishOptions } from "./publish.js";
import { formatsKey } from "./reuse.js";
import { renderPool, type Seams } from "./seams.js";

/**
 * `brief check`'s page-budget, PDF/UA-1 and layout rules, the only part of check
 * that may need a browser. Loaded only when check renders, so `check
 * --no-render` does not load the render and PDF stages.
 */

/** What the cache knows of an edition: its page count and its PDF's bytes. */
interface Known {
  readonly pages: number;
  readonly pdf: Uint8Array;
}

/**
 * Editions the build cache already knows: an edition whose default build
 * (PDF and HTML) is cached for exactly its current inputs printed that
 * many pages, into that PDF, so it need not be rendered again.
 */
async function cachedPages(prepared: readonly PreparedEdition[], o: CheckOptions): Promise<Map<string, Known>> {
  const out = new Map<string, Known>();
  if (o.cache === false) return out;
  const formats = new Set(["html", "pdf"] as const);
  const keyOf = await keyer(formats, o.env ?? process.env, { pipeline: pipelineFingerprint, browser: browserIdentity });
  const cache = new BuildCache(resolvePaths(o).root);
  for (const p of prepared) {
    const data = (kind: DataKind, id: string): string | undefined => dataDigest(p.edition.brief, kind, id);
    const found = await cache.lookup(p.edition.name, formatsKey(formats), keyOf(p.edition), data);
    if (!("entry" in found) || found.entry.pages === undefined) continue;
    const output = found.entry.outputs.find((f) => f.path.endsWith(".pdf"));
    const pdf = output && (await cache.object(output.sha256));
    if (pdf) out.set(p.edition.name, { pages: found.entry.pages, pdf });
  }
  return out;
}

/** Print each edition (in a temporary folder) to count its pages. */
async function renderForPages(
  prepared: readonly PreparedEdition[],
  o: CheckOptions,
  seams: Seams,
): Promise<Diagnostic[]> {
  const diagnostics: Diagnostic[] = [];
  const dir = await mkdtemp(path.join(os.tmpdir(), "brief-check-"));
  const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const jobs = o.jobs ?? defaultJobs();
  const pool = renderPool(seams, o);
  try {
    const options: PublishOptions = {
      outDir: dir,
      formats: new Set(["pdf"] as const),
      creator: "brief check",
      date: (p) => new Date(`${p.edition.brief.config.value.edition_date}T00:00:00Z`),
      timeoutMs,
      jobs,
      inputHash: () => Promise.resolve("0".repeat(64)),
      guess: () => undefined,
    };
    for (const r of await publishAll(prepared, pool, options, seams)) {
      const { edition } = r.p;
      if (r.kind === "done") {
        diagnostics.push(...r.diagnostics);
        // The error, if any, came back from publishing (r.diagnostics); add the count as info.
        if (r.published?.pages !== undefined)
          diagnostics.push(
            ...checkPageBudget(edition, r.published.pages, true, r.published.layout).filter(
              (d) => d.severity === "info",
            ),
          );
        if (r.published?.accessibility !== undefined) {
          const message = `${edition.name}.pdf: ${r.published.accessibility}`;
          const at = { file: edition.audience.templates.layout.file, line: 0, column: 0 };
          diagnostics.push(diagnostic({ rule: "pdf/ua-summary", at, message }));
        }
      } else if (r.kind === "render-failed") {
        const message = `could not render ${edition.name} to check its page budget: ${r.error.message}`;
        diagnostics.push(
          diagnostic({
            rule: r.error.ruleId,
            at: { file: edition.audience.file, line: 0, column: 0 },
            message,
            cause: r.error,
          }),
        );
      } else if (r.kind === "write-failed") {
        throw r.error;
      }
    }
  } finally {
    await pool.close();
    await rm(dir, { recursive: true, force: true });
  }
  return diagnostics;
}

/**
 * The page-budget, PDF/UA-1 and layout rules: from the cached PDF where the cache
 * knows the edition (its pages, and the PDF read back by the checker),
 * else from a render.
 */
export async function pageBudgets(
  prepared: readonly PreparedEdition[],
  o: CheckOptions,
  seams: Seams,
): Promise<Diagnostic[]> {
  const known = await cachedPages(prepared, o);
  const diagnostics: Diagnostic[] = [];
  for (const p of prepared) {
    const k = known.get(p.edition.name);
    if (!k) continue;
    // A cached build passed its budget with exactly these inputs: only the count is news (with
    // what it counts: the outline says whether About has the last page to itself).
    const doc = await loadPdf(k.pdf);
    const layout = printedLayout(doc, p.laidOut);
    diagnostics.push(...checkPageBudget(p.edition, k.pages, true, layout).filter((d) => d.severity === "info"));
    const ua = await checkPdfUa(doc, { passages: htmlAccessibility(p.laidOut.html).passages });
    diagnostics.push(...pdfUaDiagnostics(p.edition, ua, true));
    diagnostics.push(...(await checkLayout(p.edition, doc)));
  }
  const rest = prepared.filter((p) => !known.has(p.edition.name));
  if (rest.length === 0) return diagnostics;
  diagnostics.push(...(await renderForPages(rest, o, seams)));
  const rendered = rest.length;
  const message = `rendered ${rendered} edition${rendered === 1 ? "" : "s"} to check page budgets and PDF/UA-1 (nothing was written to output/)`;
  diagnostics.push(diagnostic({ rule: "check/rendered", at: { file: "output", line: 0, column: 0 }, message }));
  return diagnostics;
}
