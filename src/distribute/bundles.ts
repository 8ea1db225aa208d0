import { readFile } from "node:fs/promises";
import path from "node:path";
import { ZipFile } from "yazl";
import { formatDate } from "../lib/format.js";
import type { FileEntry } from "../release/manifest.js";
import type { Release } from "./release.js";
import { formatBytes } from "./text.js";

/**
 * Per-audience zip bundles, `DIR/bundles/<audience>.zip`: each of that
 * audience's editions (PDF, HTML and the assets it uses) and a README.txt
 * with their sha256 checksums, under one folder named after the audience.
 * Byte-reproducible: entries sorted, every timestamp fixed, modes fixed,
 * and no extended (UTC) timestamp field. yazl writes the DOS date from a
 * Date's *local* fields, so the Date is built from local fields too: the
 * same wall-clock values, whatever the machine's timezone.
 */

/** One bundle: its release-relative path and bytes. */
export interface Bundle {
  readonly audience: string;
  readonly path: string;
  readonly bytes: Buffer;
}

/** The DOS timestamp every entry carries: midnight of the latest edition date, as wall-clock fields. */
function fixedTime(dates: readonly string[]): Date {
  const latest = [...dates].sort().pop() ?? "1980-01-01";
  const [y, m, d] = latest.split("-").map(Number);
  return new Date(y ?? 1980, (m ?? 1) - 1, d ?? 1, 0, 0, 0);
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

/** Zip entries in memory; resolves with the archive's bytes. */
async function zip(entries: readonly { name: string; data: Buffer }[], mtime: Date): Promise<Buffer> {
  const z = new ZipFile();
  for (const e of [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)))
    z.addBuffer(e.data, e.name, { mtime, mode: 0o100644, compress: true, forceDosTimestamp: true });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    z.outputStream.on("data", (c: Buffer) => chunks.push(c));
    z.outputStream.on("end", () => resolve(Buffer.concat(chunks)));
    z.outputStream.on("error", reject);
  });
  z.end();
  return done;
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
