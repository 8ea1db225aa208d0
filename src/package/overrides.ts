import { readFile, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { diagnostic, fileLocation, type Diagnostic } from "../diagnostics/index.js";
import { sha256File } from "../lib/hash.js";
import { posixRelative } from "../lib/paths.js";
import type { ProjectPaths } from "../stages/1-load/index.js";
import { templateLayers } from "../stages/1-load/layers.js";
import { packageInfo } from "./root.js";

/**
 * Which of a team's templates override the package's, and whether the
 * package changed them since. `templates/.overrides.json` records, per
 * templates-relative path, the sha256 and version of the package's file the
 * override was made from; `brief override FILE` (and `brief init`, for the
 * audiences it copies) writes it. `brief check` reports every override
 * (info), and warns when the installed package's file no longer has the
 * recorded sha256: an upgrade changed it. A team file with no record is
 * reported (info) when it differs from the package's.
 */

/** The record file's name inside templates/. */
export const OVERRIDES_FILE = ".overrides.json";

/** One recorded override: the package file it was made from. */
const Entry = z.object({ sha256: z.string().regex(/^[0-9a-f]{64}$/), version: z.string() });
/** templates/.overrides.json. */
export const OverridesRecord = z.object({ files: z.record(z.string(), Entry) }).strict();
/** templates/.overrides.json, validated. */
export type OverridesRecord = z.infer<typeof OverridesRecord>;

/** Every file under a folder, templates-relative with forward slashes, dot-files skipped. */
async function filesUnder(dir: string, rel = ""): Promise<string[]> {
  let entries;
  try {
    entries = await readdir(path.join(dir, rel), { withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name.startsWith(".")) continue;
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await filesUnder(dir, r)));
    else if (e.isFile()) out.push(r);
  }
  return out;
}

/** The record, or an empty one when there is none (an unreadable record is reported and treated as empty). */
export async function readOverrides(templatesDir: string): Promise<{ record: OverridesRecord; problem?: string }> {
  let text: string;
  try {
    text = await readFile(path.join(templatesDir, OVERRIDES_FILE), "utf8");
  } catch {
    return { record: { files: {} } };
  }
  try {
    const parsed = OverridesRecord.safeParse(JSON.parse(text));
    if (parsed.success) return { record: parsed.data };
    return { record: { files: {} }, problem: parsed.error.issues[0]?.message ?? "not a record" };
  } catch (e) {
    return { record: { files: {} }, problem: (e as Error).message };
  }
}

/** Record (or refresh) the package file each of `rels` overrides; returns the record written. */
export async function recordOverrides(
  templatesDir: string,
  packageTemplatesDir: string,
  rels: readonly string[],
): Promise<OverridesRecord> {
  const { record } = await readOverrides(templatesDir);
  const files = { ...record.files };
  const { version } = packageInfo();
  for (const rel of rels) {
    const sha256 = await sha256File(path.join(packageTemplatesDir, rel));
    if (sha256) files[rel] = { sha256, version };
  }
  const sorted = Object.fromEntries(Object.entries(files).sort(([a], [b]) => a.localeCompare(b)));
  const next = { files: sorted };
  await writeFile(path.join(templatesDir, OVERRIDES_FILE), `${JSON.stringify(next, null, 2)}\n`);
  return next;
}

/** `brief check`'s findings about overridden templates: none when the project's templates/ is the package's own. */
export async function overrideFindings(paths: ProjectPaths): Promise<Diagnostic[]> {
  const l = templateLayers(paths.root, paths.templatesDir, paths.packageTemplatesDir);
  const pkgDir = l.packageDir;
  if (pkgDir === undefined) return [];
  const { record, problem } = await readOverrides(l.dir);
  const recordFile = posixRelative(l.root, path.join(l.dir, OVERRIDES_FILE));
  const out: Diagnostic[] = [];
  if (problem)
    out.push(
      diagnostic({
        rule: "template/override-unrecorded",
        severity: "warning",
        at: fileLocation(recordFile),
        message: `${recordFile} cannot be read (${problem}); no override's package file is known`,
        hint: "Delete it, then run `npx brief override FILE` for each file you override.",
      }),
    );
  const { version } = packageInfo();
  for (const rel of await filesUnder(l.dir)) {
    const current = await sha256File(path.join(pkgDir, rel));
    if (current === undefined) continue;
    const file = posixRelative(l.root, path.join(l.dir, rel));
    const pkgFile = posixRelative(l.root, path.join(pkgDir, rel));
    const entry = record.files[rel];
    // An unrecorded copy identical to the package's file changes nothing (yet): once an upgrade
    // changes the package's file, the two differ and it is reported.
    if (!entry && (await sha256File(path.join(l.dir, rel))) === current) continue;
    if (!entry)
      out.push(
        diagnostic({
          rule: "template/override-unrecorded",
          at: fileLocation(file),
          message: `${file} overrides the package's ${pkgFile}; which version of it was copied is not recorded`,
          hint: `Run \`npx brief override ${rel}\` to record the package's current file.`,
        }),
      );
    else if (entry.sha256 !== current)
      out.push(
        diagnostic({
          rule: "template/override-outdated",
          at: fileLocation(file),
          message: `the package's ${pkgFile} changed since ${file} was made from it (policy-brief ${entry.version}, now ${version})`,
          hint: `Compare ${file} with ${pkgFile}, carry over what you want, then run \`npx brief override ${rel}\`.`,
        }),
      );
    else
      out.push(
        diagnostic({
          rule: "template/overridden",
          at: fileLocation(file),
          message: `${file} overrides the package's ${pkgFile} (made from policy-brief ${entry.version})`,
        }),
      );
  }
  return out;
}
