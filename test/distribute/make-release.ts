import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { build } from "../../src/index.js";
import { sha256 } from "../../src/lib/hash.js";
import { release } from "../../src/release/index.js";
import { ReleaseManifest } from "../../src/release/manifest.js";

/**
 * A real release of a project for the distribute tests: `brief build` (real
 * Chromium), then `brief release`. `changes`, when given, replaces
 * CHANGES.md's text (and its line in SHA256SUMS), to test how the site and
 * e-mails show awkward "what changed" text.
 */
export async function makeRelease(options: {
  root: string;
  releaseDir: string;
  changes?: string;
  outDir?: string;
}): Promise<ReleaseManifest> {
  const { root, releaseDir } = options;
  const out = options.outDir ?? "output";
  const built = await build({ root, outDir: out });
  if (built.exitCode !== 0)
    throw new Error(`build failed (${built.exitCode}): ${built.diagnostics.map((d) => d.message).join("; ")}`);
  const r = await release({ root, out: releaseDir, from: [out], force: true });
  if (r.exitCode !== 0)
    throw new Error(`release failed (${r.exitCode}): ${r.diagnostics.map((d) => d.message).join("; ")}`);
  if (options.changes !== undefined) {
    writeFileSync(path.join(releaseDir, "CHANGES.md"), options.changes);
    const sums = path.join(releaseDir, "SHA256SUMS");
    const line = `${sha256(options.changes)}  CHANGES.md`;
    writeFileSync(sums, readFileSync(sums, "utf8").replace(/^[0-9a-f]{64} {2}CHANGES\.md$/m, line));
  }
  return ReleaseManifest.parse(JSON.parse(readFileSync(path.join(releaseDir, "manifest.json"), "utf8")));
}
