import path from "node:path";
import { diagnostic, type Diagnostic } from "../diagnostics/index.js";
import { stampDate } from "../lib/edition-date.js";
import { pipelineName } from "../lib/pipeline-name.js";
import { posixRelative } from "../lib/paths.js";
import type { PreparedEdition } from "../model.js";
import { DEFAULT_TIMEOUT_MS } from "../stages/6-render/index.js";
import { cleanStale } from "../stages/8-write/cleanup.js";
import { acquireLock } from "../stages/8-write/lock.js";
import { resolvePaths, type BuildOptions } from "./options.js";
import { finish, type EditionReport, type Result } from "./outcome.js";
import { prepareProject } from "./prepare.js";
import { publishAll, type Outcome } from "./publish.js";
import { REAL_SEAMS, type Seams } from "./seams.js";

/**
 * `build`: prepare every requested edition, take the output folder's lock,
 * clean up what a crashed build left, render and write, and report.
 */

const failedReport = (name: string): EditionReport => ({ name, status: "failed", files: [] });

/** One edition's outcome as a report plus the diagnostics it adds. */
function reportOf(r: Outcome, outLabel: string): { report: EditionReport; diagnostics: readonly Diagnostic[] } {
  const name = r.p.edition.name;
  if (r.kind === "done") {
    const grade = r.p.readability.grade;
    if (!r.published) return { report: { ...failedReport(name), readingGrade: grade }, diagnostics: r.diagnostics };
    const { files, pages } = r.published;
    return {
      report: { name, status: "built", files, readingGrade: grade, ...(pages ? { pages } : {}) },
      diagnostics: r.diagnostics,
    };
  }
  if (r.kind === "render-failed") {
    return {
      report: failedReport(name),
      diagnostics: [
        diagnostic({
          rule: r.error.ruleId,
          at: { file: `output/${name}.pdf`, line: 0, column: 0 },
          message: r.error.message,
          cause: r.error,
        }),
      ],
    };
  }
  if (r.kind === "write-failed") {
    return {
      report: failedReport(name),
      diagnostics: [
        diagnostic({
          rule: "output/write-failed",
          at: { file: outLabel, line: 0, column: 0 },
          message: `could not write ${name}: ${r.error.message}`,
          cause: r.error,
        }),
      ],
    };
  }
  return { report: failedReport(name), diagnostics: [] };
}

/** `build()` with the side effects it uses given explicitly (tests pass faulty ones). */
export async function runBuild(o: BuildOptions, seams: Seams): Promise<Result> {
  const env = o.env ?? process.env;
  const { root } = resolvePaths(o);
  const outDir = path.resolve(root, o.outDir ?? "output");
  const formats = new Set(o.formats?.length ? o.formats : (["pdf", "html"] as const));
  const { prepared, failed, diagnostics: found } = await prepareProject(o);
  const diagnostics: Diagnostic[] = [...found];
  const editions: EditionReport[] = failed.map(failedReport);
  if (prepared.length === 0) return finish(diagnostics, editions, o.strict);
  const onWait = (ownerPid: number, lockFile: string): void =>
    o.onEvent?.({ kind: "waiting-for-lock", ownerPid, lockFile });
  const got = await acquireLock(outDir, {
    root,
    onWait,
    ...(o.lockWaitMs !== undefined ? { waitMs: o.lockWaitMs } : {}),
  });
  diagnostics.push(...got.diagnostics);
  if (!got.lock)
    return finish(diagnostics, [...editions, ...prepared.map((p) => failedReport(p.edition.name))], o.strict);
  try {
    diagnostics.push(...(await cleanStale(outDir, root)));
    const date = (p: PreparedEdition): Date => stampDate(env, p.edition.brief.config.value.edition_date);
    const outcomes = await publishAll(
      prepared,
      {
        outDir,
        formats,
        creator: pipelineName(),
        date,
        timeoutMs: o.timeoutMs ?? DEFAULT_TIMEOUT_MS,
        env,
      },
      seams,
    );
    for (const r of outcomes) {
      const { report, diagnostics: more } = reportOf(r, posixRelative(root, outDir));
      editions.push(report);
      diagnostics.push(...more);
    }
  } finally {
    await got.lock.release();
  }
  return finish(diagnostics, editions, o.strict);
}

/** Build every requested edition into the output folder. Content problems come back as diagnostics, never as exceptions. */
export function build(o: BuildOptions = {}): Promise<Result> {
  return runBuild(o, REAL_SEAMS);
}
