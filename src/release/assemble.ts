import { diagnostic, fileLocation, type Reported } from "../diagnostics/index.js";
import { sha256 } from "../lib/hash.js";
import { posixRelative } from "../lib/paths.js";
import { zip, zipTime } from "../lib/zip.js";
import type { EditionRecord, ReleaseManifest } from "./manifest.js";
import { readerDigest } from "./reader.js";
import type { Collected } from "./records.js";

/**
 * Assembling a release from collected editions: the check that one
 * pipeline, Node and browser built them all, the manifest (with each
 * edition's reader digest and the release's tag), the HTML zip, and the
 * SHA256SUMS over the files a GitHub release can hold. Pure but for the zip.
 */

/** The prefix of every release tag; the workflow finds the previous release by it. */
export const TAG_PREFIX = "editions-";

/** The tag for a release made at `created` (ISO) from inputs `inputHash`: unique per second and inputs. */
export function releaseTag(created: string, inputHash: string): string {
  const stamp = created.slice(0, 19).replace(/[-:]/g, "").replace("T", "-");
  return `${TAG_PREFIX}${stamp}-${inputHash.slice(0, 12)}`;
}

/** The name of the zip of the HTML editions inside a release. */
export const HTML_ZIP = "editions-html.zip";

/** Every edition built with one pipeline, Node and browser; the first record's, or why not. */
export function sameEnvironment(
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
export function manifestOf(
  editions: readonly Collected[],
  envs: Pick<EditionRecord, "pipeline" | "node" | "chromium">,
  created: string,
  htmlZip: { path: string; sha256: string; bytes: number },
): ReleaseManifest {
  const records = [...editions].map((c) => c.record).sort((a, b) => a.name.localeCompare(b.name));
  const digests = new Map(editions.map((c) => [c.record.name, readerDigest(c.record, c.files)]));
  const inputHash = sha256(records.map((r) => `${r.name} ${r.inputHash}`).join("\n"));
  const facts = new Map<string, ReleaseManifest["facts"][number]>();
  const sources = new Map<string, ReleaseManifest["sources"][number]>();
  for (const r of records) {
    for (const f of r.facts) facts.set(`${r.brief}/${f.id}`, { brief: r.brief, ...f });
    for (const s of r.sources) sources.set(`${r.brief}/${s.id}`, { brief: r.brief, ...s });
  }
  const order = <T extends { brief: string; id: string }>(m: Map<string, T>): T[] =>
    [...m.values()].sort((a, b) => a.brief.localeCompare(b.brief) || a.id.localeCompare(b.id));
  const editionsOut = records.map(({ version: _v, pipeline: _p, node: _n, chromium: _c, ...rest }) => ({
    ...rest,
    readerDigest: digests.get(rest.name) ?? "",
  }));
  return {
    version: 2,
    tag: releaseTag(created, inputHash),
    inputHash,
    readerDigest: sha256(editionsOut.map((e) => `${e.name} ${e.readerDigest}`).join("\n")),
    ...envs,
    created,
    editions: editionsOut,
    facts: order(facts),
    sources: order(sources),
    htmlZip,
  };
}

/** The release folder's files (all but manifest.json, CHANGES.md and SHA256SUMS), by release-relative path. */
export async function releaseFiles(editions: readonly Collected[]): Promise<Map<string, Buffer>> {
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

/**
 * SHA256SUMS: one line per file at the top of the release folder, sorted.
 * A GitHub release holds files without folders, so these are exactly the
 * files uploaded, and `sha256sum -c SHA256SUMS` passes on a download of
 * them; the assets are inside the HTML zip and listed in manifest.json.
 */
export function sha256sums(files: ReadonlyMap<string, Buffer | string>): string {
  const lines = [...files]
    .filter(([p]) => !p.includes("/"))
    .map(([p, data]) => `${sha256(data)}  ${p}`)
    .sort((a, b) => a.slice(66).localeCompare(b.slice(66)));
  return `${lines.join("\n")}\n`;
}
