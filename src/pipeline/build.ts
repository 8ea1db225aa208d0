import path from "node:path";
import { diagnostic, hasErrors, strict as strictify, type Diagnostic } from "../diagnostics/index.js";
import { stampDate } from "../lib/edition-date.js";
import { sha256File } from "../lib/hash.js";
import { posixRelative } from "../lib/paths.js";
import { pipelineName } from "../lib/pipeline-name.js";
import { browserIdentity } from "../stages/6-render/browser.js";
import { DEFAULT_TIMEOUT_MS, type RenderPool } from "../stages/6-render/index.js";
import type { OutputFile } from "../stages/8-write/index.js";
import { BuildCache, type CacheEntry } from "./cache.js";
import { chartStore, pruneCharts } from "./chart-store.js";
import { pipelineFingerprint } from "./fingerprint.js";
import { dataDigest, keyer, portableInputHash, type DataKind } from "./inputs.js";
import { defaultJobs, resolvePaths, type BuildOptions, type PipelineEvent } from "./options.js";
import { finish, type EditionReport, type Result } from "./outcome.js";
import type { EditionPrepared } from "./prepare.js";
import { loadProject, type LoadedProject, type PlannedEdition } from "./project.js";
import { outputGate, type OutputGate } from "./output-gate.js";
import type { Outcome, Published, PublishOptions } from "./publish.js";
import type { Streamed } from "./publish-stream.js";
import { entryOf, formatsKey, restoreFiles } from "./reuse.js";
import { REAL_SEAMS, renderPool, type Seams } from "./seams.js";
import { shardOf } from "./shard.js";

/**
 * `build`, in the order it runs:
 *
 *   1. load and plan the project (cheap; project.ts);
 *   2. key every edition on its inputs and look it up in the build cache;
 *      a valid entry also tells which of its files must be written back
 *      (deleted or edited in the output folder);
 *   3. start the first browser if anything must be printed, then prepare
 *      the editions that miss, one at a time (prepare.ts, loaded only now);
 *   4. publish each edition as soon as it is prepared, while the next is
 *      prepared (publish-stream.ts): the first one ready takes the output
 *      lock, cleans up after crashed builds and writes back the cached
 *      editions (output-gate.ts); each is rendered and written (publish.ts),
 *      `jobs` at a time, and stored in the cache;
 *   5. report, in the editions' order.
 */

/** One planned edition and what the cache knows of it. */
interface Candidate {
  readonly planned: PlannedEdition;
  readonly key: string;
  /** A valid entry, and the files to write back: the edition need not be rebuilt. */
  readonly hit?: { readonly entry: CacheEntry; readonly restore: readonly OutputFile[] };
  /** Where its contents entries fell last time, whatever changed since: pagination's first guess. */
  readonly guess?: ReadonlyMap<string, number>;
}

/** What one run needs to know, resolved once. */
interface Run {
  readonly o: BuildOptions;
  readonly seams: Seams;
  readonly root: string;
  readonly outDir: string;
  readonly formats: ReadonlySet<"pdf" | "html">;
  readonly cache: BuildCache | undefined;
  readonly emit: (event: PipelineEvent) => void;
}

const failedReport = (name: string): EditionReport => ({ name, status: "failed", files: [] });

/** A cached edition may be served unless --strict turns one of its warnings into an error. */
function servable(entry: CacheEntry, planned: PlannedEdition, strict: boolean | undefined): boolean {
  return !hasErrors(planned.diagnostics) && (!strict || !hasErrors(strictify(entry.diagnostics)));
}

/** Key every edition and look it up in the cache. */
async function lookUp(run: Run, editions: readonly PlannedEdition[]): Promise<Candidate[]> {
  const keyOf = await keyer(run.formats, run.o.env ?? process.env, {
    pipeline: pipelineFingerprint,
    browser: browserIdentity,
  });
  const formats = formatsKey(run.formats);
  const out: Candidate[] = [];
  for (const planned of editions) {
    const key = keyOf(planned.edition);
    const data = (kind: DataKind, id: string): string | undefined => dataDigest(planned.edition.brief, kind, id);
    const found = run.cache ? await run.cache.lookup(planned.edition.name, formats, key, data) : undefined;
    const entry = found && "entry" in found ? found.entry : undefined;
    const known = entry ?? (found && "stale" in found ? found.stale : undefined);
    const restore =
      entry && run.cache && servable(entry, planned, run.o.strict)
        ? await restoreFiles(entry, run.outDir, run.cache)
        : undefined;
    out.push({
      planned,
      key,
      ...(entry && restore ? { hit: { entry, restore } } : {}),
      ...(known ? { guess: new Map(known.toc) } : {}),
    });
  }
  return out;
}

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
    const at = { file: `output/${name}.pdf`, line: 0, column: 0 };
    return {
      report: failedReport(name),
      diagnostics: [diagnostic({ rule: r.error.ruleId, at, message: r.error.message, cause: r.error })],
    };
  }
  if (r.kind === "write-failed") {
    const message = `could not write ${name}: ${r.error.message}`;
    return {
      report: failedReport(name),
      diagnostics: [
        diagnostic({
          rule: "output/write-failed",
          at: { file: outLabel, line: 0, column: 0 },
          message,
          cause: r.error,
        }),
      ],
    };
  }
  return { report: failedReport(name), diagnostics: [] };
}

/** Counts editions as they finish and tells the caller. */
function progress(
  run: Run,
  total: number,
): (name: string, status: "built" | "cached" | "failed", ms: number, pages?: number) => void {
  let index = 0;
  return (name, status, ms, pages) =>
    run.emit({ kind: "edition", name, index: ++index, total, status, ms, ...(pages ? { pages } : {}) });
}

/** Store a published edition in the cache; a cache that cannot be written costs the next build time, never this build's output. */
async function cacheEdition(
  cache: BuildCache,
  r: Outcome & { kind: "done" },
  published: Published,
  ready: readonly EditionPrepared[],
  misses: ReadonlyMap<string, Candidate>,
  run: Run,
): Promise<void> {
  const fromPrepare = ready.find((x) => x.prepared === r.p)?.diagnostics ?? [];
  try {
    const { entry, files } = await entryOf(
      r.p,
      published,
      [...fromPrepare, ...r.diagnostics],
      misses.get(r.p.edition.name)?.key ?? "",
      formatsKey(run.formats),
      run.outDir,
    );
    await cache.store(entry, files);
  } catch {
    // The next build renders this edition again.
  }
}

/** How the editions are published: where, stamped how, checked how. */
function publishOptions(run: Run, misses: ReadonlyMap<string, Candidate>): PublishOptions {
  const env = run.o.env ?? process.env;
  return {
    outDir: run.outDir,
    formats: run.formats,
    creator: pipelineName(),
    date: (p) => stampDate(env, p.edition.brief.config.value.edition_date),
    timeoutMs: run.o.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    jobs: run.o.jobs ?? defaultJobs(),
    inputHash: async (p) => {
      const stamp = stampDate(env, p.edition.brief.config.value.edition_date).toISOString();
      return portableInputHash(
        p,
        { pipeline: await pipelineFingerprint(), formats: [...run.formats], stamp },
        sha256File,
      );
    },
    guess: (p) => misses.get(p.edition.name)?.guess,
    keepRejected: posixRelative(run.root, run.outDir),
    ...(run.o.strict ? { strict: true } : {}),
  };
}

/**
 * Prepare the editions the cache cannot serve, one at a time, and publish
 * each as soon as it is prepared (publish-stream.ts), through the gate (the
 * output lock, taken when the first edition is ready). The first browser
 * boots on its own core meanwhile. Each edition goes into the cache as soon
 * as it is written, while the others still print.
 */
async function prepareAndPublish(
  run: Run,
  loaded: LoadedProject,
  misses: ReadonlyMap<string, Candidate>,
  pool: RenderPool | undefined,
  gate: OutputGate,
  done: ReturnType<typeof progress>,
): Promise<{ ready: EditionPrepared[]; outcomes: Outcome[] }> {
  const ready: EditionPrepared[] = [];
  if (misses.size === 0) return { ready, outcomes: [] };
  await pool?.warm(misses.size);
  const [{ prepareEach }, { publishStream }] = await Promise.all([
    import("./prepare.js"),
    import("./publish-stream.js"),
  ]);
  const store = run.cache ? chartStore(run.root) : undefined;
  const planned = [...misses.values()].map((c) => c.planned);
  async function* prepared(): AsyncGenerator<Streamed, void, undefined> {
    for await (const r of prepareEach(loaded.project, planned, run.o.strict, store)) {
      ready.push(r);
      if (!r.prepared) done(r.planned.edition.name, "failed", 0);
      yield r.prepared ? { prepared: r.prepared } : {};
    }
  }
  const stores: Promise<void>[] = [];
  const outcomes = await publishStream(prepared(), pool, publishOptions(run, misses), run.seams, {
    expected: misses.size,
    gate: () => gate.open(),
    onDone: (r, ms) => {
      const pages = r.kind === "done" ? r.published?.pages : undefined;
      done(r.p.edition.name, r.kind === "done" && r.published ? "built" : "failed", ms, pages);
      if (run.cache && r.kind === "done" && r.published)
        stores.push(cacheEdition(run.cache, r, r.published, ready, misses, run));
    },
  });
  await Promise.all(stores);
  return { ready, outcomes };
}

/** `build()` with the side effects it uses given explicitly (tests pass faulty ones). */
export async function runBuild(o: BuildOptions, seams: Seams): Promise<Result> {
  const { root } = resolvePaths(o);
  const run: Run = {
    o,
    seams,
    root,
    outDir: path.resolve(root, o.outDir ?? "output"),
    formats: new Set(o.formats?.length ? o.formats : (["pdf", "html"] as const)),
    cache: o.cache === false ? undefined : new BuildCache(root),
    emit: (e) => o.onEvent?.(e),
  };
  const pool = run.formats.has("pdf") ? renderPool(seams, o) : undefined;
  try {
    // When nothing can come from the cache (none kept yet, or --no-cache), every edition prints: the browser
    // starts before the project is loaded, and boots while it is loaded and prepared. Otherwise it starts
    // only once the cache says something must print (a no-change rebuild never starts it).
    if (pool && (!run.cache || (await run.cache.empty(formatsKey(run.formats))))) await pool.warm(1);
    const loaded = await loadProject(o);
    const candidates = await lookUp(run, o.shard ? shardOf(loaded.editions, o.shard) : loaded.editions);
    const hits = candidates.filter((c) => c.hit);
    const misses = candidates.filter((c) => !c.hit);
    const done = progress(run, candidates.length);
    const gate = outputGate(
      hits.flatMap((c) => (c.hit ? [{ planned: c.planned, ...c.hit }] : [])),
      {
        outDir: run.outDir,
        root,
        fs: seams.fs,
        lock: {
          onWait: (ownerPid, lockFile) => run.emit({ kind: "waiting-for-lock", ownerPid, lockFile }),
          ...(o.lockWaitMs !== undefined ? { waitMs: o.lockWaitMs } : {}),
        },
        restored: (name, pages) => done(name, "cached", 0, pages),
      },
    );
    const diagnostics: Diagnostic[] = [...loaded.diagnostics];
    const editions: EditionReport[] = [];
    try {
      const { ready, outcomes } = await prepareAndPublish(
        run,
        loaded,
        new Map(misses.map((c) => [c.planned.edition.name, c])),
        pool,
        gate,
        done,
      );
      // Cached editions are written back even when no edition had to be printed.
      if (hits.length) await gate.open();
      diagnostics.push(...ready.flatMap((r) => [...r.planned.diagnostics, ...r.diagnostics]), ...gate.diagnostics);
      editions.push(
        ...ready.filter((r) => !r.prepared).map((r) => failedReport(r.planned.edition.name)),
        ...gate.editions,
      );
      for (const r of outcomes) {
        const { report, diagnostics: more } = reportOf(r, posixRelative(run.root, run.outDir));
        editions.push(report);
        diagnostics.push(...more);
      }
    } finally {
      await gate.release();
    }
    if (gate.held() && run.cache && misses.length) {
      await run.cache.prune().catch(() => undefined);
      await pruneCharts(root).catch(() => undefined);
    }
    const order = new Map(candidates.map((c, i) => [c.planned.edition.name, i]));
    return finish(
      diagnostics,
      [...editions].sort((a, b) => (order.get(a.name) ?? 0) - (order.get(b.name) ?? 0)),
      o.strict,
    );
  } finally {
    await pool?.close();
  }
}

/** Build every requested edition into the output folder. Content problems come back as diagnostics, never as exceptions. */
export function build(o: BuildOptions = {}): Promise<Result> {
  return runBuild(o, REAL_SEAMS);
}
