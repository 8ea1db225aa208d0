import path from "node:path";
import type { Diagnostic } from "../diagnostics/index.js";
import { sha256, sha256File } from "../lib/hash.js";
import { posixRelative } from "../lib/paths.js";
import type { PreparedEdition } from "../model.js";
import type { OutputFile } from "../stages/8-write/index.js";
import type { BuildCache, CacheEntry } from "./cache.js";
import { editionData } from "./inputs.js";
import type { EditionReport } from "./outcome.js";
import type { Published } from "./publish.js";

/**
 * Reusing the build cache: turning a valid entry back into output files
 * and a report, and a freshly published edition into an entry.
 */

/** The cache's name for a set of formats. */
export const formatsKey = (formats: ReadonlySet<string>): string => [...formats].sort().join(",");

/**
 * The files to write so that `outDir` holds exactly what `entry` recorded:
 * those missing or changed (deleted or edited by hand), from the cache's
 * objects. Undefined when an object is missing or damaged: the edition is
 * then rebuilt.
 */
export async function restoreFiles(
  entry: CacheEntry,
  outDir: string,
  cache: BuildCache,
): Promise<OutputFile[] | undefined> {
  const out: OutputFile[] = [];
  for (const o of entry.outputs) {
    const target = path.join(outDir, o.path);
    if ((await sha256File(target)) === o.sha256) continue;
    const data = await cache.object(o.sha256);
    if (data === undefined) return undefined;
    out.push({ target, data });
  }
  return out;
}

/** The report of an edition served from the cache. */
export function reportFromEntry(entry: CacheEntry, outDir: string): EditionReport {
  const files = entry.outputs.map((o) => path.join(outDir, o.path)).filter((f) => /\.(pdf|html)$/.test(f));
  return {
    name: entry.edition,
    status: "built",
    files,
    readingGrade: entry.readingGrade,
    ...(entry.pages ? { pages: entry.pages } : {}),
  };
}

/** The entry and the bytes to store for a freshly published edition; its dependencies are hashed from disk. */
export async function entryOf(
  p: PreparedEdition,
  published: Published,
  diagnostics: readonly Diagnostic[],
  key: string,
  formats: string,
  outDir: string,
): Promise<{
  entry: Omit<CacheEntry, "diagnostics"> & { diagnostics: readonly Diagnostic[] };
  files: Map<string, Uint8Array | string>;
}> {
  const files = new Map<string, Uint8Array | string>();
  const outputs = published.outputs.map((o) => {
    const rel = posixRelative(outDir, o.target);
    files.set(rel, o.data);
    return { path: rel, sha256: sha256(o.data), bytes: Buffer.byteLength(o.data) };
  });
  const deps = [];
  for (const file of [...new Set(p.laidOut.assets.map((a) => a.from))].sort()) {
    deps.push({ file, sha256: (await sha256File(file)) ?? "0".repeat(64) });
  }
  const toc = published.toc.map(([id, page]): [string, number] => [id, page]);
  const pages = published.pages !== undefined ? { pages: published.pages } : {};
  return {
    entry: {
      edition: p.edition.name,
      formats,
      key,
      deps,
      data: editionData(p),
      outputs,
      ...pages,
      readingGrade: p.readability.grade,
      toc,
      diagnostics,
    },
    files,
  };
}
