import { mkdir, readFile, rm } from "node:fs/promises";
import path from "node:path";
import { checkPageBudget } from "../checks/index.js";
import { checkLayout } from "../checks/layout/index.js";
import { countedPages, type PrintedLayout } from "../checks/page-budget.js";
import { checkPdfUa, htmlWords, summaryLine } from "../checks/pdfua/index.js";
import { pdfUaDiagnostics } from "../checks/pdfua/report.js";
import { diagnostic, hasErrors, strict as strictify, type Diagnostic } from "../diagnostics/index.js";
import { mapLimit } from "../lib/map-limit.js";
import { parsePdf } from "../lib/pdf/document.js";
import { turn } from "../lib/turn.js";
import type { LaidOut, PreparedEdition } from "../model.js";
import { htmlTree } from "../stages/5-layout/accessibility.js";
import { headingsOf, htmlAccessibility, visibleText } from "../stages/5-layout/index.js";
import { tableShapes } from "../stages/5-layout/table-shape.js";
import { RenderError, type RenderPool } from "../stages/6-render/index.js";
import { finalizePdf, loadPdf, type PDFDocument, type PdfMeta } from "../stages/7-pdf/index.js";
import { outlineOf } from "../stages/7-pdf/outline.js";
import { commitFiles, stagingDir, type OutputFile } from "../stages/8-write/index.js";
import { paginate, stageFirst } from "./paginate.js";
import { editionRecord, recordName } from "./record.js";
import type { Seams } from "./seams.js";
import { expectedCost } from "./shard.js";

/**
 * Render and write prepared editions, several at once. Each edition is
 * rendered from a private staging folder on a page from the render pool;
 * its files reach the output folder only after the PDF is final and every
 * check on it passed, so a failure leaves the previous edition exactly as
 * it was. Outcomes come back in the editions' order, whatever order they
 * finished in, so the report does not depend on `--jobs`.
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
  /** The edition's portable input hash (inputs.ts), recorded in its record. */
  readonly inputHash: (p: PreparedEdition) => Promise<string>;
  /** Where each contents entry fell last time, if known: the first guess for pagination. */
  readonly guess: (p: PreparedEdition) => ReadonlyMap<string, number> | undefined;
  /** How many editions are written or finished at once besides those printing. */
  readonly jobs: number;
  /**
   * Keep a PDF that fails its page budget in `<outDir>/.rejected/`, for
   * inspection (build does; check does not): the output folder as the
   * project names it ("output"), for the message.
   */
  readonly keepRejected?: string;
  /** --strict: a warning found after rendering (a blocked request…) also stops the edition. */
  readonly strict?: boolean;
}

/** What was published: every file written (for the cache) and the pages. */
export interface Published {
  /** The PDF and HTML files, absolute. */
  readonly files: readonly string[];
  readonly outputs: readonly OutputFile[];
  readonly pages?: number;
  /** Where each contents entry's heading fell. */
  readonly toc: readonly (readonly [string, number])[];
  /** Where each top-level heading fell, for the page-budget rule. */
  readonly layout?: PrintedLayout;
  /** The PDF/UA-1 checker's summary of the PDF, when one was written. */
  readonly accessibility?: string;
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

interface Rendered {
  readonly laid: LaidOut;
  readonly pdf: Uint8Array;
  readonly pages: number;
  readonly accessibility: string;
  readonly browser: string;
  readonly diagnostics: Diagnostic[];
  readonly layout: PrintedLayout;
}

/** The printed layout the page-budget rule reads: where each section-level (h2) heading fell, and the About block's title. */
export function printedLayout(doc: PDFDocument, laid: LaidOut): PrintedLayout {
  const sections = new Set(headingsOf(laid.html, 2));
  const starts = outlineOf(doc)
    .filter((e) => sections.has(e.title))
    .map(({ title, page, fromTop }) => ({ title, page, fromTop }));
  const about = /<h2 id="about-title">([\s\S]*?)<\/h2>/.exec(laid.html)?.[1];
  return { starts, ...(about === undefined ? {} : { aboutTitle: visibleText(about).replace(/\s+/g, " ").trim() }) };
}

/** Where a PDF that failed its page budget is kept, relative to the output folder. */
export const rejectedPath = (name: string): string => `.rejected/${name}.pdf`;

/** The metadata every edition's PDF carries (title, author, keywords, dates, bookmark titles). */
export function pdfMeta(p: PreparedEdition, laid: LaidOut, creator: string, date: Date): PdfMeta {
  const c = p.edition.brief.config.value;
  const a = p.edition.audience.config;
  // Parsed once; both readers only read the tree.
  const tree = htmlTree(laid.html);
  const found = htmlAccessibility(tree);
  return {
    title: `${c.title} — ${a.cover.edition}`,
    author: c.organisation,
    subject: c.subject,
    keywords: [...c.keywords, a.label],
    creator,
    lang: c.lang,
    date,
    headings: headingsOf(laid.html),
    targets: new Map([...found.targets, ...laid.notes]),
    passages: found.passages,
    constructs: found.constructs,
    tables: tableShapes(tree),
  };
}

/** Print the edition on a page (with true contents numbers) and finish the PDF; then check its page budget, PDF/UA-1 and layout. */
async function renderPdf(
  p: PreparedEdition,
  pool: RenderPool,
  dir: string,
  options: PublishOptions,
  printed: () => void,
): Promise<Rendered> {
  const { edition } = p;
  // The page is needed only to print; the PDF is finished after it is handed back, while the browser prints the next edition.
  let browser = "";
  // Staged while the edition waits for a page, so the page prints as soon as it is free.
  const first = stageFirst(p, dir, options.guess(p));
  const r = await pool
    .withPage(dir, async (page) => {
      browser = page.browserVersion;
      return paginate(p, page, dir, options.timeoutMs, options.guess(p), await first);
    })
    // Staging has ended, whatever happened, before the caller removes its folder (a print that failed first,
    // with no browser at all, would otherwise leave files written after the removal).
    .finally(() => first.then(printed, printed));
  const at = { file: edition.audience.templates.layout.file, line: 0, column: 0 };
  const blocked = r.blocked.map((url) =>
    diagnostic({
      rule: "render/blocked-request",
      at,
      message: `blocked a request to ${url.slice(0, 100)} while rendering ${edition.name}`,
    }),
  );
  const meta = pdfMeta(p, r.laid, options.creator, options.date(p));
  const doc = r.doc ?? (await loadPdf(r.pdf));
  const finished = await finalizePdf(doc, meta);
  // The outline as finished (exact heading titles): where each section starts, for the page budget.
  const found = printedLayout(doc, r.laid);
  const over = countedPages(finished.pages, found) > edition.audience.config.page.budget;
  const layout: PrintedLayout =
    over && options.keepRejected !== undefined
      ? { ...found, rejectedAt: `${options.keepRejected}/${rejectedPath(edition.name)}` }
      : found;
  if (layout.rejectedAt) await keepRejected(options.outDir, edition.name, finished.pdf);
  // Read back what was written, independently of how it was made: a non-conformant PDF is not published.
  // Parsed once from the bytes; the PDF/UA-1 and layout checks share its pages' content.
  // A turn of the event loop between the long steps, for the prints of other editions (turn.ts).
  await turn();
  const readBack = await parsePdf(finished.pdf);
  await turn();
  const ua = await checkPdfUa(readBack, { passages: meta.passages, words: htmlWords(r.laid.html) });
  await turn();
  const diagnostics = [
    ...blocked,
    ...checkPageBudget(edition, finished.pages, false, layout),
    ...pdfUaDiagnostics(edition, ua),
    ...(await checkLayout(edition, readBack)),
  ];
  const accessibility = summaryLine(ua);
  return { laid: r.laid, pdf: finished.pdf, pages: finished.pages, accessibility, browser, diagnostics, layout };
}

/** Keep an over-budget PDF beside the output for inspection; never as the edition. Best effort: the error stands either way. */
async function keepRejected(outDir: string, name: string, pdf: Uint8Array): Promise<void> {
  const target = path.join(outDir, rejectedPath(name));
  await mkdir(path.dirname(target), { recursive: true });
  await commitFiles([{ target, data: pdf }]).catch(() => undefined);
}

/** The files an edition publishes: the HTML with its CSS and assets, the PDF, and its record. */
async function outputsOf(
  p: PreparedEdition,
  laid: LaidOut,
  rendered: Rendered | undefined,
  options: PublishOptions,
): Promise<OutputFile[]> {
  const out = (rel: string): string => path.join(options.outDir, rel);
  const files: OutputFile[] = [];
  if (options.formats.has("html")) {
    for (const f of laid.assets) files.push({ target: out(f.to), data: await readFile(f.from) });
    files.push(
      { target: out(laid.cssHref), data: laid.css },
      { target: out(`${p.edition.name}.html`), data: laid.html },
    );
  }
  if (rendered) files.push({ target: out(`${p.edition.name}.pdf`), data: rendered.pdf });
  const record = editionRecord(p, files, options.outDir, {
    inputHash: await options.inputHash(p),
    pages: rendered?.pages,
    chromium: rendered?.browser ?? null,
  });
  files.push({ target: out(recordName(p.edition.name)), data: `${JSON.stringify(record, null, 2)}\n` });
  return files;
}

/** Render (if a PDF is wanted), check, and write one edition; `printed` is called once its print has ended, however. */
export async function publish(
  p: PreparedEdition,
  pool: RenderPool | undefined,
  options: PublishOptions,
  seams: Seams,
  printed: () => void,
): Promise<Outcome> {
  const dir = stagingDir(options.outDir, p.edition.name);
  try {
    let rendered: Rendered | undefined;
    if (options.formats.has("pdf")) {
      if (!pool) throw new Error("publish: a PDF was requested without a render pool");
      rendered = await renderPdf(p, pool, dir, options, printed);
      const found = options.strict ? strictify(rendered.diagnostics) : rendered.diagnostics;
      // Any error found after rendering stops the edition here: nothing is written, the previous files stay.
      if (hasErrors(found)) return { p, kind: "done", diagnostics: rendered.diagnostics };
    }
    const laid = rendered?.laid ?? p.laidOut;
    const outputs = await outputsOf(p, laid, rendered, options);
    await commitFiles(outputs, seams.fs);
    const files = outputs.map((o) => o.target).filter((t) => /\.(pdf|html)$/.test(t));
    const toc = laid.toc.flatMap((t) => (t.page === undefined ? [] : [[t.id, t.page] as const]));
    // A PDF kept from an earlier, over-budget build no longer stands for anything.
    await rm(path.join(options.outDir, rejectedPath(p.edition.name)), { force: true });
    const published: Published = {
      files,
      outputs,
      toc,
      ...(rendered ? { pages: rendered.pages, layout: rendered.layout, accessibility: rendered.accessibility } : {}),
    };
    return { p, kind: "done", published, diagnostics: rendered?.diagnostics ?? [] };
  } catch (cause) {
    if (cause instanceof RenderError) return { p, kind: "render-failed", error: cause };
    if (cause instanceof Error && typeof (cause as NodeJS.ErrnoException).code === "string")
      return { p, kind: "write-failed", error: cause };
    throw cause;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** A failure no later edition can avoid: reported once, at the first edition it struck; the rest are skipped. */
const FATAL_TO_BUILD = new Set<RenderError["reason"]>(["no-browser", "launch"]);

export function reportFatalOnce(outcomes: Outcome[]): Outcome[] {
  const first = outcomes.findIndex((o) => o.kind === "render-failed" && FATAL_TO_BUILD.has(o.error.reason));
  if (first < 0) return outcomes;
  return outcomes.map((o, i) =>
    i > first && (o.kind === "render-failed" || o.kind === "done") ? { p: o.p, kind: "skipped" } : o,
  );
}

/**
 * Publish editions on the pool (opened by the caller, so that it can start
 * its first browser early), `options.jobs` at a time. `build` and the
 * page-budget check both run through here, so they fail the same way.
 */
export async function publishAll(
  prepared: readonly PreparedEdition[],
  pool: RenderPool | undefined,
  options: PublishOptions,
  seams: Seams,
  onDone: (outcome: Outcome, ms: number) => void = () => undefined,
): Promise<Outcome[]> {
  // Once the last edition has printed, the browsers close while the last PDFs are finished and written.
  let toPrint = options.formats.has("pdf") ? prepared.length : 0;
  const printed = (): void => {
    if (--toPrint === 0) void pool?.close();
  };
  // Longest first: the last edition to start is then a short one, so the pages finish together.
  const cost = prepared.map((p) => expectedCost(p));
  const order = prepared.map((_, i) => i).sort((a, b) => (cost[b] ?? 0) - (cost[a] ?? 0) || a - b);
  const outcomes = await mapLimit(
    prepared,
    options.jobs + 1,
    async (p) => {
      const started = Date.now();
      const outcome = await publish(p, pool, options, seams, printed);
      onDone(outcome, Date.now() - started);
      return outcome;
    },
    order,
  );
  return reportFatalOnce(outcomes);
}
