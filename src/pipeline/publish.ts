import { readFile, rm } from "node:fs/promises";
import path from "node:path";
import { checkPageBudget } from "../checks/index.js";
import { diagnostic, hasErrors, type Diagnostic } from "../diagnostics/index.js";
import type { LaidOut, PreparedEdition } from "../model.js";
import { headingsOf } from "../stages/5-layout/index.js";
import { RenderError, type Renderer } from "../stages/6-render/index.js";
import { finalizePdf } from "../stages/7-pdf/index.js";
import { commitFiles, stagingDir, type OutputFile } from "../stages/8-write/index.js";
import { paginate } from "./paginate.js";
import type { Seams } from "./seams.js";

/**
 * Render and write prepared editions. Each edition is rendered from a
 * private staging folder; its files reach the output folder only after the
 * PDF is final and every check on it passed, so a failure leaves the
 * previous edition exactly as it was.
 */

/** Where and what to publish. */
export interface PublishOptions {
  readonly outDir: string;
  readonly formats: ReadonlySet<"pdf" | "html">;
  /** The PDF's Creator and Producer. */
  readonly creator: string;
  /** CreationDate/ModDate of an edition: SOURCE_DATE_EPOCH, else its edition date. */
  readonly date: (p: PreparedEdition) => Date;
  readonly timeoutMs: number;
  readonly env: NodeJS.ProcessEnv;
}

/** What was published. */
export interface Published {
  readonly files: readonly string[];
  readonly pages?: number;
}

/** How one edition fared. */
export type Outcome =
  | {
      readonly p: PreparedEdition;
      readonly kind: "done";
      readonly published?: Published;
      readonly diagnostics: readonly Diagnostic[];
    }
  | { readonly p: PreparedEdition; readonly kind: "render-failed"; readonly error: RenderError }
  | { readonly p: PreparedEdition; readonly kind: "write-failed"; readonly error: Error }
  | { readonly p: PreparedEdition; readonly kind: "skipped" };

/** Print the edition, finish the PDF and check its page budget. */
async function renderPdf(
  p: PreparedEdition,
  renderer: Renderer,
  dir: string,
  options: PublishOptions,
): Promise<{ laid: LaidOut; pdf: Uint8Array; pages: number; diagnostics: Diagnostic[] }> {
  const { edition } = p;
  const c = edition.brief.config.value;
  const a = edition.audience.config;
  const page = await renderer.openPage(dir);
  try {
    const r = await paginate(p, page, dir, options.timeoutMs);
    const blocked = r.blocked.map((url) =>
      diagnostic({
        rule: "render/blocked-request",
        at: { file: edition.audience.templates.layout.file, line: 0, column: 0 },
        message: `blocked a request to ${url.slice(0, 100)} while rendering ${edition.name}`,
      }),
    );
    const meta = {
      title: `${c.title} — ${a.cover.edition}`,
      author: c.organisation,
      subject: c.subject,
      keywords: [...c.keywords, a.label],
      creator: options.creator,
      lang: c.lang,
      date: options.date(p),
      headings: headingsOf(r.laid.html),
    };
    const finished = await finalizePdf(r.pdf, meta);
    return {
      laid: r.laid,
      pdf: finished.pdf,
      pages: finished.pages,
      diagnostics: [...blocked, ...checkPageBudget(edition, finished.pages)],
    };
  } finally {
    await page.close();
  }
}

/** The files an edition publishes: the HTML with its CSS and assets, and the PDF. */
async function outputsOf(
  p: PreparedEdition,
  laid: LaidOut,
  pdf: Uint8Array | undefined,
  options: PublishOptions,
): Promise<OutputFile[]> {
  const out = (rel: string): string => path.join(options.outDir, rel);
  const outputs: OutputFile[] = [];
  if (options.formats.has("html")) {
    for (const f of laid.assets) outputs.push({ target: out(f.to), data: await readFile(f.from) });
    outputs.push(
      { target: out(laid.cssHref), data: laid.css },
      { target: out(`${p.edition.name}.html`), data: laid.html },
    );
  }
  if (pdf) outputs.push({ target: out(`${p.edition.name}.pdf`), data: pdf });
  return outputs;
}

/** Render (if a PDF is wanted), check, and write one edition. */
export async function publish(
  p: PreparedEdition,
  renderer: Renderer | undefined,
  options: PublishOptions,
  seams: Pick<Seams, "fs">,
): Promise<{ published?: Published; diagnostics: Diagnostic[] }> {
  const dir = stagingDir(options.outDir, p.edition.name);
  try {
    let laid = p.laidOut;
    let pdf: Uint8Array | undefined;
    let pages: number | undefined;
    const diagnostics: Diagnostic[] = [];
    if (options.formats.has("pdf")) {
      if (!renderer) throw new Error("publish: a PDF was requested without a renderer");
      const r = await renderPdf(p, renderer, dir, options);
      diagnostics.push(...r.diagnostics);
      if (hasErrors(r.diagnostics)) return { diagnostics };
      ({ laid, pdf, pages } = r);
    }
    const outputs = await outputsOf(p, laid, pdf, options);
    await commitFiles(outputs, seams.fs);
    const files = outputs.map((o) => o.target).filter((t) => /\.(pdf|html)$/.test(t));
    return { published: pages === undefined ? { files } : { files, pages }, diagnostics };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A failure that costs the browser: the next edition gets a fresh one. */
const FATAL_TO_BROWSER = new Set<RenderError["reason"]>(["no-browser", "launch", "crash", "timeout"]);
/** A failure no later edition can avoid: the rest are skipped. */
const FATAL_TO_BUILD = new Set<RenderError["reason"]>(["no-browser", "launch"]);

/**
 * Publish editions in order with one browser, opened only if a PDF is
 * wanted. A crashed or hung browser is closed and a fresh one serves the
 * next edition; without a browser at all, the remaining editions are
 * skipped. The browser is closed in every case. `build` and the page-budget
 * check both run through here, so they fail the same way.
 */
export async function publishAll(
  prepared: readonly PreparedEdition[],
  options: PublishOptions,
  seams: Seams,
): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let renderer: Renderer | undefined;
  try {
    for (const [i, p] of prepared.entries()) {
      try {
        if (options.formats.has("pdf"))
          renderer ??= await seams.openRenderer({ timeoutMs: options.timeoutMs, env: options.env });
        const r = await publish(p, renderer, options, seams);
        outcomes.push({
          p,
          kind: "done",
          ...(r.published ? { published: r.published } : {}),
          diagnostics: r.diagnostics,
        });
      } catch (cause) {
        if (cause instanceof RenderError) {
          outcomes.push({ p, kind: "render-failed", error: cause });
          if (FATAL_TO_BROWSER.has(cause.reason)) {
            await renderer?.close();
            renderer = undefined;
          }
          if (FATAL_TO_BUILD.has(cause.reason)) {
            for (const rest of prepared.slice(i + 1)) outcomes.push({ p: rest, kind: "skipped" });
            break;
          }
        } else if (cause instanceof Error && typeof (cause as NodeJS.ErrnoException).code === "string") {
          outcomes.push({ p, kind: "write-failed", error: cause });
        } else throw cause;
      }
    }
  } finally {
    await renderer?.close();
  }
  return outcomes;
}
