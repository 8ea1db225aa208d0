import path from "node:path";
import { diagnostic, fileLocation, hasErrors, sortDiagnostics, type Diagnostic } from "../diagnostics/index.js";
import { sha256 } from "../lib/hash.js";
import { posixRelative } from "../lib/paths.js";
import { locatePath } from "../lib/yaml.js";
import type { Brief } from "../model.js";
import { exitCodeOf, type ExitCode } from "../pipeline/outcome.js";
import { loadProject } from "../pipeline/project.js";
import { HTML_ZIP, manifestOf, releaseFiles, sameEnvironment, sha256sums } from "./assemble.js";
import { describeChanges } from "./changes.js";
import { onlyBriefs, readPrevious } from "./previous.js";
import { collect } from "./records.js";
import { writeFolder } from "./write.js";

/**
 * `brief release`: collect built editions (from output/ or several shard
 * folders) into a release folder: the PDF and HTML editions with their
 * assets, one zip of the HTML editions with their assets, `manifest.json`
 * (with each edition's reader digest and the release's tag), `CHANGES.md`
 * against the previous release, and `SHA256SUMS` over the files a GitHub
 * release can hold (every file at the top of the folder; the assets travel
 * inside the zip, and manifest.json lists each with its sha256). Every
 * problem is found before anything is written; the folder is then written
 * whole, under a lock (release/write.ts). When the inputs did not change
 * since the previous release, nothing is written (unless forced).
 */

/** What to release, from where, against what. */
export interface ReleaseOptions {
  readonly root?: string;
  /** The release folder to write. */
  readonly out: string;
  /** Output folders holding built editions (default: output/). */
  readonly from?: readonly string[];
  /** The previous release's folder or manifest.json; a path that does not exist: a first release. */
  readonly previous?: string;
  /** Write the release even when nothing changed. */
  readonly force?: boolean;
  /** Release only these briefs' editions, compared with the same briefs' editions in the previous release. */
  readonly briefs?: readonly string[];
  /** Release draft and specimen briefs too (they say so in CHANGES.md, subjects and the feed). */
  readonly allowSpecimen?: boolean;
  readonly env?: NodeJS.ProcessEnv;
}

/** What `release` did. */
export interface ReleaseResult {
  readonly exitCode: ExitCode;
  readonly diagnostics: readonly Diagnostic[];
  /** The inputs differ from the previous release's (true for a first release). */
  readonly changed: boolean;
  /** Some edition reads differently from the previous release (true for a first release). */
  readonly readerChanged: boolean;
  /** The release folder was written. */
  readonly released: boolean;
  readonly summary?: string;
  /** The release's tag, `editions-<YYYYMMDD>-<HHMMSS>-<input hash>` (see `releaseTag`). */
  readonly tag?: string;
}

export { HTML_ZIP, TAG_PREFIX, releaseTag } from "./assemble.js";

/** `release/not-final` for each brief that is a draft or a specimen, at its `status`. */
function notFinal(briefs: readonly Brief[]): Diagnostic[] {
  return [...new Set(briefs)]
    .filter((b) => b.config.value.status !== "final")
    .map((b) =>
      diagnostic({
        rule: "release/not-final",
        at: locatePath(b.yaml.brief, ["status"]),
        message: `brief ${b.id} is a ${b.config.value.status}, not final: its editions carry placeholders and say so`,
      }),
    );
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
  if (!o.allowSpecimen) diagnostics.push(...notFinal(loaded.editions.map((e) => e.edition.brief)));
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
    readerChanged: false,
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
  const changes = describeChanges(previous.value && onlyBriefs(previous.value, o.briefs), manifest);
  const outcome = { changed: changes.changed, readerChanged: changes.readerChanged, summary: changes.summary };
  if (!changes.changed && !o.force) return { exitCode: 0, diagnostics: [], released: false, ...outcome };
  const all = new Map<string, Buffer | string>([
    ...files,
    ["manifest.json", `${JSON.stringify(manifest, null, 2)}\n`],
    ["CHANGES.md", changes.markdown],
  ]);
  all.set("SHA256SUMS", sha256sums(all));
  diagnostics.push(...(await writeFolder(root, out, all)));
  if (hasErrors(diagnostics)) return fail();
  return { exitCode: 0, diagnostics: [], released: true, tag: manifest.tag, ...outcome };
}
