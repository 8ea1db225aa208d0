import { mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import {
  diagnostic,
  fileLocation,
  hasErrors,
  sortDiagnostics,
  type Diagnostic,
  type Reported,
} from "../diagnostics/index.js";
import { sha256 } from "../lib/hash.js";
import { posixRelative } from "../lib/paths.js";
import { zip, zipTime } from "../lib/zip.js";
import { exitCodeOf, type ExitCode } from "../pipeline/outcome.js";
import { loadProject } from "../pipeline/project.js";
import { describeChanges } from "./changes.js";
import { ReleaseManifest, type EditionRecord } from "./manifest.js";
import { collect, type Collected } from "./records.js";

/**
 * `brief release`: collect built editions (from output/ or several shard
 * folders) into a release folder: the PDF and HTML editions, one zip of
 * the HTML editions with their assets, `manifest.json`, `CHANGES.md`
 * against the previous release, and `SHA256SUMS`. Every problem is found
 * before anything is written; the folder is then written whole, beside its
 * final place, and renamed into it. When the inputs did not change since
 * the previous release, nothing is written (unless forced).
 */

/** What to release, from where, against what. */
export interface ReleaseOptions {
  readonly root?: string;
  /** The release folder to write. */
  readonly out: string;
  /** Output folders holding built editions (default: output/). */
  readonly from?: readonly string[];
  /** The previous release's folder or manifest.json; absent or missing: a first release. */
  readonly previous?: string;
  /** Write the release even when nothing changed. */
  readonly force?: boolean;
  readonly briefs?: readonly string[];
  readonly env?: NodeJS.ProcessEnv;
}

/** What `release` did. */
export interface ReleaseResult {
  readonly exitCode: ExitCode;
  readonly diagnostics: readonly Diagnostic[];
  /** The inputs differ from the previous release's (true for a first release). */
  readonly changed: boolean;
  /** The release folder was written. */
  readonly released: boolean;
  readonly summary?: string;
  /** A tag for the release, `editions-<YYYYMMDD>-<input hash>`. */
  readonly tag?: string;
}

/** The name of the zip of the HTML editions inside a release. */
export const HTML_ZIP = "editions-html.zip";

/** The previous release's manifest: undefined for a first release, or why it cannot be used. */
async function readPrevious(root: string, given: string | undefined): Promise<Reported<ReleaseManifest | undefined>> {
  if (given === undefined) return { value: undefined, diagnostics: [] };
  const file = given.endsWith(".json") ? given : path.join(given, "manifest.json");
  const at = fileLocation(posixRelative(root, file));
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch {
    return { value: undefined, diagnostics: [] };
  }
  const bad = (message: string, cause?: unknown): Reported<ReleaseManifest | undefined> => ({
    diagnostics: [diagnostic({ rule: "release/previous-invalid", at, message, cause })],
  });
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (cause) {
    return bad(`the previous manifest is not JSON: ${(cause as Error).message}`, cause);
  }
  const version = typeof raw === "object" && raw !== null && "version" in raw ? raw.version : undefined;
  if (version !== 1)
    return bad(`the previous manifest has version ${JSON.stringify(version)}; this pipeline reads version 1`);
  const parsed = ReleaseManifest.safeParse(raw);
  if (!parsed.success)
    return bad(
      `the previous manifest does not match the release format: ${parsed.error.issues[0]?.path.join(".") ?? ""} ${parsed.error.issues[0]?.message ?? ""}`.trim(),
    );
  return { value: parsed.data, diagnostics: [] };
}

/** Every edition built with one pipeline, Node and browser; the first record's, or why not. */
function sameEnvironment(
  root: string,
  editions: readonly Collected[],
): Reported<Pick<EditionRecord, "pipeline" | "node" | "chromium">> {
  const env = (c: Collected): string =>
    `${c.record.pipeline} · Node ${c.record.node} · ${c.record.chromium ?? "no browser"}`;
  const kinds = [...new Set(editions.map(env))];
  const first = editions[0]?.record;
  if (!first) return { diagnostics: [] };
  if (kinds.length <= 1)
    return { value: { pipeline: first.pipeline, node: first.node, chromium: first.chromium }, diagnostics: [] };
  const which = kinds
    .map(
      (k) =>
        `${k} (${editions
          .filter((c) => env(c) === k)
          .map((c) => c.record.name)
          .join(", ")})`,
    )
    .join("; ");
  const at = fileLocation(posixRelative(root, editions[0]?.dir ?? root));
  return {
    diagnostics: [
      diagnostic({
        rule: "release/mixed-versions",
        at,
        message: `the editions were built by different versions: ${which}`,
      }),
    ],
  };
}

/** The manifest for these editions. */
function manifestOf(
  editions: readonly Collected[],
  envs: Pick<EditionRecord, "pipeline" | "node" | "chromium">,
  created: string,
  htmlZip: { path: string; sha256: string; bytes: number },
): ReleaseManifest {
  const records = [...editions].map((c) => c.record).sort((a, b) => a.name.localeCompare(b.name));
  const inputHash = sha256(records.map((r) => `${r.name} ${r.inputHash}`).join("\n"));
  const facts = new Map<string, ReleaseManifest["facts"][number]>();
  const sources = new Map<string, ReleaseManifest["sources"][number]>();
  for (const r of records) {
    for (const f of r.facts) facts.set(`${r.brief}/${f.id}`, { brief: r.brief, ...f });
    for (const s of r.sources) sources.set(`${r.brief}/${s.id}`, { brief: r.brief, ...s });
  }
  const order = <T extends { brief: string; id: string }>(m: Map<string, T>): T[] =>
    [...m.values()].sort((a, b) => a.brief.localeCompare(b.brief) || a.id.localeCompare(b.id));
  const editionsOut = records.map(({ version: _v, pipeline: _p, node: _n, chromium: _c, ...rest }) => rest);
  return {
    version: 1,
    inputHash,
    ...envs,
    created,
    editions: editionsOut,
    facts: order(facts),
    sources: order(sources),
    htmlZip,
  };
}

/** The release folder's files (all but SHA256SUMS), by release-relative path. */
async function releaseFiles(editions: readonly Collected[]): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const c of editions) for (const [p, data] of c.files) files.set(p, data);
  const html = [...files].filter(([p]) => !p.endsWith(".pdf")).map(([name, data]) => ({ name, data }));
  const latest =
    editions
      .map((c) => c.record.editionDate)
      .sort()
      .pop() ?? "1980-01-01";
  files.set(HTML_ZIP, await zip(html, zipTime(latest)));
  return files;
}

/** Write `files` as folder `out`, whole: into a sibling folder first, then renamed into place. */
async function writeFolder(out: string, files: ReadonlyMap<string, Buffer | string>): Promise<void> {
  const staging = `${out}.tmp-${process.pid}`;
  const old = `${out}.old-${process.pid}`;
  await rm(staging, { recursive: true, force: true });
  try {
    for (const [rel, data] of files) {
      const target = path.join(staging, ...rel.split("/"));
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, data);
    }
    await rename(out, old).catch(() => undefined);
    await rename(staging, out);
  } finally {
    await rm(staging, { recursive: true, force: true });
    await rm(old, { recursive: true, force: true });
  }
}

/** Make the release. */
export async function release(o: ReleaseOptions): Promise<ReleaseResult> {
  const root = path.resolve(o.root ?? process.cwd());
  const env = o.env ?? process.env;
  const out = path.resolve(root, o.out);
  const from = (o.from?.length ? o.from : ["output"]).map((d) => path.resolve(root, d));
  const loaded = await loadProject({ root, ...(o.briefs ? { briefs: o.briefs } : {}) });
  const diagnostics: Diagnostic[] = loaded.diagnostics.filter((d) => d.severity === "error");
  const previous = await readPrevious(root, o.previous);
  const collected = await collect(root, from);
  diagnostics.push(...previous.diagnostics, ...collected.diagnostics);
  const wanted = loaded.editions.map((e) => e.edition.name);
  const found = new Map((collected.value ?? []).map((c) => [c.record.name, c]));
  for (const name of wanted.filter((n) => !found.has(n))) {
    const message = `edition ${name} is in none of ${from.map((d) => `${posixRelative(root, d)}/`).join(", ")}`;
    diagnostics.push(
      diagnostic({ rule: "release/missing-edition", at: fileLocation(posixRelative(root, from[0] ?? root)), message }),
    );
  }
  const editions = wanted.flatMap((n) => found.get(n) ?? []);
  if (wanted.length === 0 && !hasErrors(diagnostics)) {
    diagnostics.push(
      diagnostic({
        rule: "release/missing-edition",
        at: fileLocation("content"),
        message: "the project defines no editions to release",
      }),
    );
  }
  const envs = sameEnvironment(root, editions);
  diagnostics.push(...envs.diagnostics);
  const fail = (): ReleaseResult => ({
    exitCode: exitCodeOf(diagnostics),
    diagnostics: sortDiagnostics(diagnostics),
    changed: false,
    released: false,
  });
  if (hasErrors(diagnostics) || !envs.value) return fail();

  const files = await releaseFiles(editions);
  const zipBytes = files.get(HTML_ZIP) ?? Buffer.alloc(0);
  const epoch = env.SOURCE_DATE_EPOCH;
  const created = (epoch && /^\d+$/.test(epoch) ? new Date(Number(epoch) * 1000) : new Date()).toISOString();
  const manifest = manifestOf(editions, envs.value, created, {
    path: HTML_ZIP,
    sha256: sha256(zipBytes),
    bytes: zipBytes.length,
  });
  const changes = describeChanges(previous.value, manifest);
  const tag = `editions-${created.slice(0, 10).replace(/-/g, "")}-${manifest.inputHash.slice(0, 12)}`;
  if (!changes.changed && !o.force)
    return { exitCode: 0, diagnostics: [], changed: false, released: false, summary: changes.summary, tag };
  const all = new Map<string, Buffer | string>([
    ...files,
    ["manifest.json", `${JSON.stringify(manifest, null, 2)}\n`],
    ["CHANGES.md", changes.markdown],
  ]);
  const sums = [...all]
    .map(([p, data]) => `${sha256(data)}  ${p}`)
    .sort((a, b) => a.slice(66).localeCompare(b.slice(66)));
  all.set("SHA256SUMS", `${sums.join("\n")}\n`);
  await writeFolder(out, all);
  return { exitCode: 0, diagnostics: [], changed: changes.changed, released: true, summary: changes.summary, tag };
}
