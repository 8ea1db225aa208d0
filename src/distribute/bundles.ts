import { readFile } from "node:fs/promises";
import path from "node:path";
import { formatDate } from "../lib/format.js";
import { zip, zipTime } from "../lib/zip.js";
import type { FileEntry } from "../release/manifest.js";
import type { Release } from "./release.js";
import { formatBytes } from "./text.js";

/**
 * Per-audience zip bundles, `DIR/bundles/<audience>.zip`: each of that
 * audience's editions (PDF, HTML and the assets it uses) and a README.txt
 * with their sha256 checksums, under one folder named after the audience.
 * Byte-reproducible (lib/zip.ts): entries sorted, every timestamp fixed,
 * independent of the machine's timezone.
 */

/** One bundle: its release-relative path and bytes. */
export interface Bundle {
  readonly audience: string;
  readonly path: string;
  readonly bytes: Buffer;
}

/** The DOS timestamp every entry carries: midnight of the latest edition date, as wall-clock fields. */
function fixedTime(dates: readonly string[]): Date {
  return zipTime([...dates].sort().pop() ?? "1980-01-01");
}

/** The README inside a bundle. */
export function bundleReadme(release: Release, audience: string, files: readonly FileEntry[]): string {
  const editions = release.manifest.editions.filter((e) => e.audience === audience);
  const lines = [
    `${editions[0]?.audienceLabel ?? audience} editions`,
    "",
    ...editions.flatMap((e) => [
      `${e.title}`,
      `  ${e.edition}; edition date ${formatDate(e.editionDate)}; information as of ${formatDate(e.informationAsOf)}${e.pages !== undefined ? `; ${e.pages} pages` : ""}`,
      `  PDF: ${e.name}.pdf   Web edition: ${e.name}.html (open it from this folder)`,
      "",
    ]),
    `What changed: ${release.changes.summary}`,
    "",
    "Checksums (sha256). To verify, run `sha256sum -c` on the lines below, in this folder:",
    "",
    ...files.map((f) => `${f.sha256}  ${f.path}`),
    "",
    "Sizes:",
    ...files.filter((f) => f.kind !== "asset").map((f) => `  ${f.path}: ${formatBytes(f.bytes)}`),
    "",
  ];
  return lines.join("\n");
}

/** Every audience's bundle, from the verified release files. */
export async function makeBundles(release: Release): Promise<Bundle[]> {
  const audiences = [...new Set(release.manifest.editions.map((e) => e.audience))].sort();
  const out: Bundle[] = [];
  for (const audience of audiences) {
    const editions = release.manifest.editions.filter((e) => e.audience === audience);
    const byPath = new Map<string, FileEntry>();
    for (const e of editions) for (const f of e.files) byPath.set(f.path, f);
    const files = [...byPath.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    const entries = await Promise.all(
      files.map(async (f) => ({
        name: `${audience}/${f.path}`,
        data: await readFile(path.join(release.dir, ...f.path.split("/"))),
      })),
    );
    entries.push({ name: `${audience}/README.txt`, data: Buffer.from(bundleReadme(release, audience, files)) });
    const bytes = await zip(entries, fixedTime(editions.map((e) => e.editionDate)));
    out.push({ audience, path: `bundles/${audience}.zip`, bytes });
  }
  return out;
}
