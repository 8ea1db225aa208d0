import { readFileSync } from "node:fs";
import path from "node:path";
import { checkPageBudgets, guardEdition, lint } from "./checks/index.js";
import { cleanStale } from "./cleanup.js";
import { diagnostic, hasErrors, sortDiagnostics, strict as strictify, type Diagnostic } from "./diagnostics/index.js";
import { acquireLock, type LockOptions, type OutputLock } from "./lock.js";
import type { Project } from "./model.js";
import { prepare, type PreparedEdition } from "./prepare.js";
import { publishAll } from "./publish.js";
import { load } from "./stages/load/index.js";
import { plan, type EditionFilter } from "./stages/plan.js";
import type { RenderHooks } from "./stages/render.js";
import type { WriteHooks } from "./stages/write.js";

/**
 * The public API: `build()` and `check()`. The CLI is a thin wrapper over
 * these; tests and future tools (watch mode, CI sharding) call them
 * directly. Content problems come back as diagnostics and an exit code,
 * never as exceptions.
 */

export type { Diagnostic } from "./diagnostics/index.js";
export { formatJson, formatLine, formatReport } from "./diagnostics/index.js";

/** Options shared by build and check. */
export interface CommonOptions extends EditionFilter {
  /** Project root; defaults to the current directory. */
  readonly root?: string;
  readonly contentDir?: string;
  readonly templatesDir?: string;
  /** Treat warnings as errors. */
  readonly strict?: boolean;
}

/** Options for `build()`. */
export interface BuildOptions extends CommonOptions {
  readonly outDir?: string;
  readonly formats?: readonly ("pdf" | "html")[];
  readonly timeoutMs?: number;
  readonly env?: NodeJS.ProcessEnv;
  /** Test-only fault injection. */
  readonly hooks?: { readonly render?: RenderHooks; readonly write?: WriteHooks };
  /** The output lock (see lock.ts): how long to wait, and whom to tell; by default 5 minutes and a line on stderr. */
  readonly lock?: LockOptions;
}

/** Options for `check()`. */
export interface CheckOptions extends CommonOptions {
  /** Render PDFs for the page-budget rule (default true). */
  readonly render?: boolean;
  readonly timeoutMs?: number;
  readonly env?: NodeJS.ProcessEnv;
}

/** What happened to one edition. */
export interface EditionReport {
  readonly name: string;
  readonly status: "built" | "failed";
  readonly files: readonly string[];
  readonly pages?: number;
  readonly readingGrade?: number;
}

/** The outcome of a build or check. */
export interface Result {
  /** 0 success, 1 content errors, 3 renderer failure. */
  readonly exitCode: 0 | 1 | 3;
  readonly diagnostics: readonly Diagnostic[];
  readonly editions: readonly EditionReport[];
}

/** Name and version of the pipeline, for the PDF's Creator field. */
export function pipelineName(): string {
  const pkg = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as { name: string; version: string };
  return `${pkg.name} ${pkg.version}`;
}

function paths(o: CommonOptions): { root: string; contentDir: string; templatesDir: string } {
  const root = path.resolve(o.root ?? process.cwd());
  return { root, contentDir: path.resolve(root, o.contentDir ?? "content"), templatesDir: path.resolve(root, o.templatesDir ?? "templates") };
}

async function loadAndPrepare(o: CommonOptions): Promise<{ project: Project; prepared: PreparedEdition[]; failed: string[]; diagnostics: Diagnostic[] }> {
  const { project, diagnostics } = await load(paths(o));
  const planned = plan(project, o);
  diagnostics.push(...planned.diagnostics);
  for (const wanted of o.briefs ?? []) {
    if (!project.briefs.some((b) => b.id === wanted) && !diagnostics.some((d) => d.file.includes(`/${wanted}/`))) {
      diagnostics.push(diagnostic({ file: "content", line: 0, column: 0 }, "error", "cli/unknown-brief", `no brief "${wanted}"`, `Use one of: ${project.briefs.map((b) => b.id).join(", ")}.`));
    }
  }
  for (const wanted of o.audiences ?? []) {
    if (!project.audiences.has(wanted)) {
      diagnostics.push(diagnostic({ file: "templates/audiences", line: 0, column: 0 }, "error", "cli/unknown-audience", `no audience "${wanted}"`, `Use one of: ${[...project.audiences.keys()].join(", ")}.`));
    }
  }
  const names = new Set(project.audiences.keys());
  const prepared: PreparedEdition[] = [];
  const failed: string[] = [];
  for (const { edition, diagnostics: planDiagnostics } of planned.editions) {
    const guards = guardEdition(edition);
    const r = hasErrors(guards) ? { diagnostics: [] } : await prepare(edition, names);
    const all = [...planDiagnostics, ...guards, ...r.diagnostics];
    diagnostics.push(...all);
    if (r.prepared && !hasErrors(o.strict ? strictify(all) : all)) prepared.push(r.prepared);
    else failed.push(edition.name);
  }
  return { project, prepared, failed, diagnostics };
}

/** The same problem found while preparing several editions is reported once. */
function dedupe(list: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = `${d.file}:${d.line}:${d.column}:${d.severity}:${d.ruleId}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function finish(diagnostics: Diagnostic[], editions: EditionReport[], rendererFailed: boolean, strictMode: boolean | undefined): Result {
  const list = sortDiagnostics(dedupe(strictMode ? strictify(diagnostics) : diagnostics));
  const exitCode = rendererFailed ? 3 : hasErrors(list) ? 1 : 0;
  return { exitCode, diagnostics: list, editions };
}

/** The edition date as a Date, or SOURCE_DATE_EPOCH when set. */
function buildDate(env: NodeJS.ProcessEnv, editionDate: string): Date {
  const epoch = env.SOURCE_DATE_EPOCH;
  if (epoch && /^\d+$/.test(epoch)) return new Date(Number(epoch) * 1000);
  return new Date(`${editionDate}T00:00:00Z`);
}

/** Build every requested edition into `output/`. */
export async function build(o: BuildOptions = {}): Promise<Result> {
  const env = o.env ?? process.env;
  const { root } = paths(o);
  const outDir = path.resolve(root, o.outDir ?? "output");
  const formats = new Set(o.formats?.length ? o.formats : (["pdf", "html"] as const));
  const { prepared, failed, diagnostics } = await loadAndPrepare(o);
  const editions: EditionReport[] = failed.map((name) => ({ name, status: "failed", files: [] }));
  let rendererFailed = false;
  let lock: OutputLock | undefined;
  if (prepared.length) {
    const onWait = (pid: number, file: string): void => void process.stderr.write(`brief: waiting for build ${pid} to finish (${file})\n`);
    const got = await acquireLock(outDir, { root, onWait, ...o.lock });
    diagnostics.push(...got.diagnostics);
    if (!got.lock) return finish(diagnostics, [...editions, ...prepared.map((p): EditionReport => ({ name: p.edition.name, status: "failed", files: [] }))], false, o.strict);
    lock = got.lock;
    diagnostics.push(...(await cleanStale(outDir, root)));
  }
  try {
    const outcomes = await publishAll(prepared, {
      outDir,
      formats,
      creator: pipelineName(),
      date: (p) => buildDate(env, p.edition.brief.config.value.edition_date),
      timeoutMs: o.timeoutMs ?? 60_000,
      env,
      ...(o.hooks?.render ? { renderHooks: o.hooks.render } : {}),
      ...(o.hooks?.write ? { writeHooks: o.hooks.write } : {}),
    });
    for (const r of outcomes) {
      const name = r.p.edition.name;
      const grade = r.p.readability.grade;
      if (r.kind === "done") {
        diagnostics.push(...r.diagnostics);
        editions.push(r.published ? { name, status: "built", files: r.published.files, readingGrade: grade, ...(r.published.pages ? { pages: r.published.pages } : {}) } : { name, status: "failed", files: [], readingGrade: grade });
        continue;
      }
      editions.push({ name, status: "failed", files: [] });
      if (r.kind === "render-failed") {
        rendererFailed = true;
        diagnostics.push(diagnostic({ file: `output/${name}.pdf`, line: 0, column: 0 }, "error", `render/${r.error.reason}`, r.error.message, r.error.hint, r.error));
      } else if (r.kind === "write-failed") {
        diagnostics.push(diagnostic({ file: path.relative(root, outDir) || "output", line: 0, column: 0 }, "error", "output/write-failed", `could not write ${name}: ${r.error.message}`, "Check that output/ is writable and the disk has space; the previous editions were left as they were.", r.error));
      }
    }
  } finally {
    await lock?.release();
  }
  return finish(diagnostics, editions, rendererFailed, o.strict);
}

/**
 * Validate everything and run the editorial rules (src/checks); reports each
 * edition's reading grade. Renders PDFs only for the page-budget rule, and
 * says so; `render: false` skips that rule.
 */
export async function check(o: CheckOptions = {}): Promise<Result> {
  const { project, prepared, failed, diagnostics } = await loadAndPrepare(o);
  const editions: EditionReport[] = [
    ...failed.map((name): EditionReport => ({ name, status: "failed", files: [] })),
    ...prepared.map((p): EditionReport => ({ name: p.edition.name, status: "built", files: [], readingGrade: p.readability.grade })),
  ];
  for (const p of prepared) {
    const max = p.edition.audience.config.reading_grade_max;
    diagnostics.push(diagnostic({ file: p.edition.audience.file, line: 0, column: 0 }, "info", "edition/reading-grade", `edition ${p.edition.name}: Flesch-Kincaid grade ${p.readability.grade}${max !== undefined ? ` (limit ${max})` : ""}, ${p.readability.words} words`, "Informational."));
  }
  diagnostics.push(...lint(project, prepared, o));
  let rendererFailed = false;
  if (o.render !== false && prepared.length) {
    const pages = await checkPageBudgets(prepared, { ...(o.timeoutMs ? { timeoutMs: o.timeoutMs } : {}), ...(o.env ? { env: o.env } : {}) });
    diagnostics.push(...pages.diagnostics);
    rendererFailed = pages.rendererFailed;
  }
  return finish(diagnostics, editions, rendererFailed, o.strict);
}
