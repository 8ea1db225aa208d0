import { mkdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { diagnostic, type Diagnostic } from "./diagnostics/index.js";
import { headingsOf, layout, type LaidOut } from "./stages/layout.js";
import { destinationPages, finalizePdf } from "./stages/pdf.js";
import { openRenderer, RenderError, type RenderHooks, type Renderer } from "./stages/render.js";
import { commitFiles, stageCopy, type OutputFile, type WriteHooks } from "./stages/write.js";
import type { PreparedEdition } from "./prepare.js";

/**
 * Render and write one prepared edition. Rendering happens from a private
 * staging folder; the edition's files reach `output/` only after the PDF is
 * final and every check on it passed, so a failure leaves the previous
 * edition exactly as it was.
 */

/** Where and what to publish. */
export interface PublishOptions {
  readonly outDir: string;
  readonly formats: ReadonlySet<"pdf" | "html">;
  readonly creator: string;
  /** CreationDate/ModDate: SOURCE_DATE_EPOCH, else the edition date. */
  readonly date: Date;
  readonly writeHooks?: WriteHooks;
}

/** What was published. */
export interface Published {
  readonly files: readonly string[];
  readonly pages?: number;
}

/** Write the HTML and CSS into the staging folder, copying only assets not staged by an earlier pass. */
async function stage(dir: string, name: string, laid: LaidOut, staged: Set<string>): Promise<string> {
  await mkdir(path.join(dir, "assets", "css"), { recursive: true });
  const html = path.join(dir, `${name}.html`);
  await writeFile(html, laid.html);
  await writeFile(path.join(dir, laid.cssHref), laid.css);
  for (const f of laid.assets) {
    if (staged.has(f.to)) continue;
    await stageCopy(f.from, path.join(dir, f.to));
    staged.add(f.to);
  }
  return html;
}

/**
 * Render with true page numbers in the contents, on one page for the
 * edition: lay out again with the pages the headings fell on until they are
 * stable (at most 3 passes).
 */
async function renderWithToc(p: PreparedEdition, renderer: Renderer, dir: string): Promise<{ pdf: Uint8Array; laid: LaidOut; blocked: readonly string[] }> {
  const page = await renderer.openPage(dir);
  const staged = new Set<string>();
  try {
    let laid = p.laidOut;
    let result = await page.print(await stage(dir, p.edition.name, laid, staged));
    if (!p.edition.audience.config.toc) return { pdf: result.pdf, laid, blocked: result.blocked };
    for (let pass = 0; pass < 3; pass++) {
      const dests = await destinationPages(result.pdf);
      const pages = new Map(laid.toc.map((t) => [t.id, dests.get(t.id) ?? 0]));
      if (laid.toc.every((t) => t.page === pages.get(t.id))) break;
      const next = layout(p.edition, p.sections, p.charts, pages, p.images).laidOut;
      if (!next) throw new Error("layout failed on a re-run with page numbers, after succeeding without them");
      laid = next;
      result = await page.print(await stage(dir, p.edition.name, laid, staged));
    }
    return { pdf: result.pdf, laid, blocked: result.blocked };
  } finally {
    await page.close();
  }
}

/** Render (if asked), check the page budget, and write the edition's files. */
export async function publish(p: PreparedEdition, renderer: Renderer | undefined, options: PublishOptions): Promise<{ published?: Published; diagnostics: Diagnostic[] }> {
  const { edition } = p;
  const diagnostics: Diagnostic[] = [];
  const c = edition.brief.config.value;
  const a = edition.audience.config;
  const dir = path.join(options.outDir, `.brief-staging-${process.pid}-${edition.name}`);
  try {
    let laid = p.laidOut;
    let pdf: Uint8Array | undefined;
    let pages: number | undefined;
    if (options.formats.has("pdf")) {
      if (!renderer) throw new Error("publish: a PDF was requested without a renderer");
      const r = await renderWithToc(p, renderer, dir);
      laid = r.laid;
      for (const url of r.blocked) {
        diagnostics.push(diagnostic({ file: edition.audience.templates.layout.file, line: 0, column: 0 }, "warning", "render/blocked-request", `blocked a request to ${url.slice(0, 100)} while rendering ${edition.name}`, "Editions may only use the project's bundled assets; remove the reference."));
      }
      const finished = await finalizePdf(r.pdf, {
        title: `${c.title} — ${a.cover.edition}`,
        author: c.organisation,
        subject: c.subject,
        keywords: [...c.keywords, a.label],
        creator: options.creator,
        lang: c.lang,
        date: options.date,
        headings: headingsOf(laid.html),
      });
      pdf = finished.pdf;
      pages = finished.pages;
      if (pages > a.page.budget) {
        diagnostics.push(
          diagnostic({ file: edition.audience.file, line: 0, column: 0 }, "error", "edition/page-budget", `edition ${edition.name} has ${pages} pages, over its budget of ${a.page.budget}`, "Shorten this edition's sections, or raise page.budget in the audience file."),
        );
        return { diagnostics };
      }
    }
    const out = (rel: string): string => path.join(options.outDir, rel);
    const outputs: OutputFile[] = [];
    if (options.formats.has("html")) {
      for (const f of laid.assets) outputs.push({ target: out(f.to), data: await readFile(f.from) });
      outputs.push({ target: out(laid.cssHref), data: laid.css }, { target: out(`${edition.name}.html`), data: laid.html });
    }
    if (pdf) outputs.push({ target: out(`${edition.name}.pdf`), data: pdf });
    await commitFiles(outputs, options.writeHooks);
    const files = outputs.map((o) => o.target).filter((t) => /\.(pdf|html)$/.test(t));
    return { published: pages === undefined ? { files } : { files, pages }, diagnostics };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** How one edition fared in `publishAll`. */
export type Outcome =
  | { readonly p: PreparedEdition; readonly kind: "done"; readonly published?: Published; readonly diagnostics: readonly Diagnostic[] }
  | { readonly p: PreparedEdition; readonly kind: "render-failed"; readonly error: RenderError }
  | { readonly p: PreparedEdition; readonly kind: "write-failed"; readonly error: Error }
  | { readonly p: PreparedEdition; readonly kind: "skipped" };

/** Options for publishing a batch of editions with one browser. */
export interface PublishAllOptions extends Omit<PublishOptions, "date"> {
  readonly date: (p: PreparedEdition) => Date;
  readonly timeoutMs: number;
  readonly env: NodeJS.ProcessEnv;
  readonly renderHooks?: RenderHooks;
}

/**
 * Publish editions in order with one browser, opened only if a PDF is
 * wanted. A crashed or hung browser is closed and a fresh one serves the
 * next edition; without a browser at all, the remaining editions are
 * skipped. The browser is closed in every case. `build` and the page-budget
 * check both run through here, so they fail the same way.
 */
export async function publishAll(prepared: readonly PreparedEdition[], options: PublishAllOptions): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  let renderer: Renderer | undefined;
  try {
    for (const [i, p] of prepared.entries()) {
      try {
        if (options.formats.has("pdf")) renderer ??= await openRenderer({ timeoutMs: options.timeoutMs, env: options.env, ...(options.renderHooks ? { hooks: options.renderHooks } : {}) });
        const r = await publish(p, renderer, { ...options, date: options.date(p) });
        outcomes.push({ p, kind: "done", ...(r.published ? { published: r.published } : {}), diagnostics: r.diagnostics });
      } catch (cause) {
        if (cause instanceof RenderError) {
          outcomes.push({ p, kind: "render-failed", error: cause });
          if (cause.reason === "no-browser" || cause.reason === "launch" || cause.reason === "crash" || cause.reason === "timeout") {
            await renderer?.close();
            renderer = undefined;
          }
          if (cause.reason === "no-browser" || cause.reason === "launch") {
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
