import path from "node:path";
import type { Asset, Edition } from "../model.js";

/**
 * Which editions a changed file feeds, so that a save re-prepares only
 * those. Pure: paths in, edition names out. All paths are absolute.
 *
 * - a section file → the editions that read it, or could (sections naming
 *   the audience, or no audience), so a change to its `audiences:` counts;
 * - `brief.yaml`, `facts.yaml`, `sources.yaml`, `charts.yaml`,
 *   `references.json`, `references.bib`, a new or
 *   removed file directly in the brief folder → that brief's editions;
 * - an image → the editions that show it;
 * - a chart's data file (`data: data/x.csv` in charts.yaml) → that brief's
 *   editions (the file is read when the brief loads);
 * - `templates/audiences/<name>.yaml` or `templates/audiences/<name>/…` →
 *   that audience's editions;
 * - any other template, or a bundled font → every edition.
 *
 * Editions that failed last time are re-prepared on any change to their
 * brief, since the file that fixes them may be one they could not read yet.
 */

/** The folders the preview watches. */
export interface WatchedPaths {
  readonly contentDir: string;
  readonly templatesDir: string;
  /** Bundled font packages (`node_modules/@fontsource/<face>`). */
  readonly fontDirs: readonly string[];
}

/** What one edition is made of. */
export interface EditionInputs {
  readonly name: string;
  readonly brief: string;
  readonly audience: string;
  readonly files: ReadonlySet<string>;
}

/** Files directly in a brief folder that every edition of the brief reads. */
const BRIEF_FILES = ["brief.yaml", "facts.yaml", "sources.yaml", "charts.yaml", "references.json", "references.bib"];

/** The inputs of an edition: its brief's data files, the sections it reads or could, its audience file, its images. */
export function inputsOf(edition: Edition, root: string, images: readonly Asset[]): EditionInputs {
  const { brief, audience } = edition;
  const eligible = brief.sections.filter((s) => !s.front.audiences || s.front.audiences.includes(audience.name));
  const files = new Set([
    ...BRIEF_FILES.map((f) => path.join(brief.absDir, f)),
    ...[...eligible, ...edition.sections].map((s) => path.resolve(root, s.file)),
    path.resolve(root, audience.file),
    ...images.map((i) => path.resolve(i.from)),
    ...[...(brief.tables?.values() ?? [])].map((t) => path.resolve(root, t.file)),
  ]);
  return { name: edition.name, brief: brief.id, audience: audience.name, files };
}

/** `p` relative to `dir` as path segments, or undefined when `p` is not inside `dir`. */
function under(dir: string, p: string): string[] | undefined {
  const rel = path.relative(dir, p);
  if (rel === "" || rel.startsWith("..") || path.isAbsolute(rel)) return undefined;
  return rel.split(path.sep);
}

/** Names of the editions fed by any of `changed`. */
export function affectedBy(
  changed: readonly string[],
  editions: readonly EditionInputs[],
  watched: WatchedPaths,
  failing: ReadonlySet<string> = new Set(),
): Set<string> {
  const out = new Set<string>();
  const add = (keep: (e: EditionInputs) => boolean): void => {
    for (const e of editions) if (keep(e)) out.add(e.name);
  };
  for (const raw of changed) {
    const p = path.resolve(raw);
    if (watched.fontDirs.some((d) => p === d || under(d, p))) {
      add(() => true);
      continue;
    }
    const inTemplates = under(watched.templatesDir, p);
    if (inTemplates) {
      const [first, second] = inTemplates;
      const audience = first === "audiences" && second ? second.replace(/\.ya?ml$/, "") : undefined;
      const ownFile = audience !== undefined && (inTemplates.length > 2 || /\.ya?ml$/.test(second ?? ""));
      add((e) => (ownFile ? e.audience === audience : true));
      continue;
    }
    const inContent = under(watched.contentDir, p);
    if (!inContent) continue;
    const [brief, ...rest] = inContent;
    const briefWide =
      rest.length <= 1 && (rest.length === 0 || BRIEF_FILES.includes(rest[0] ?? "") || !rest[0]?.includes("."));
    add((e) => e.brief === brief && (briefWide || e.files.has(p) || failing.has(e.name)));
  }
  return out;
}
