import { stampDate } from "../lib/edition-date.js";
import { sha256 } from "../lib/hash.js";
import type { Brief, Edition, InputFile, PreparedEdition } from "../model.js";

/**
 * What an edition is made from, for the build cache's key. The key covers
 * every input known before preparing the edition: brief.yaml, the
 * edition's sections in reading order, the audience file, every template,
 * partial and stylesheet of its template set, and the resolved options
 * (formats, the date stamped into the PDF, the pipeline's code and
 * dependencies, the browser). What is found only while preparing it is
 * recorded in its cache entry and checked on the next build (cache.ts),
 * like a compiler's dependency file: the font files and images it uses (by
 * file hash), and the facts, sources and charts it uses (by the hash of
 * each entry's value), so that changing one fact re-renders exactly the
 * editions that print it.
 */

/** Options and environment that shape an edition's bytes. */
export interface KeyParams {
  /** pipelineFingerprint(): code, version and lock file. */
  readonly pipeline: string;
  /** browserIdentity(), when a PDF is built; the browser prints it. */
  readonly browser: string | undefined;
  readonly formats: readonly ("pdf" | "html")[];
  /** The CreationDate/ModDate stamped into the PDF (SOURCE_DATE_EPOCH or the edition date). */
  readonly stamp: string;
}

/** The files that shape an edition, in a fixed order. */
export function editionInputs(edition: Edition): InputFile[] {
  const { brief, audience, sections } = edition;
  const t = audience.templates;
  const partials = [...t.partials.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, f]) => f);
  return [
    brief.configFile,
    ...sections.map((s) => ({ file: s.file, sha256: s.sha256 })),
    { file: audience.file, sha256: audience.sha256 },
    t.layout,
    ...partials,
    ...t.styles,
  ].map(({ file, sha256 }) => ({ file, sha256 }));
}

/** A CSL style's text shapes the edition (a `.csl` file may change without brief.yaml); the numbered style adds nothing. */
function styleLine(edition: Edition): string[] {
  const style = edition.brief.citationStyles?.get(edition.audience.name);
  return style?.kind === "csl" ? [`style ${style.name} ${sha256(style.xml)}`] : [];
}

/** The cache key of an edition: sha256 over its inputs and the options that shape it. */
export function editionKey(edition: Edition, params: KeyParams): string {
  const lines = [
    "brief-edition-key 1",
    `edition ${edition.name}`,
    `pipeline ${params.pipeline}`,
    `browser ${params.formats.includes("pdf") ? (params.browser ?? "none") : "-"}`,
    `formats ${[...params.formats].sort().join(",")}`,
    `stamp ${params.stamp}`,
    ...editionInputs(edition).map((f) => `file ${f.file} ${f.sha256}`),
    ...styleLine(edition),
  ];
  return sha256(lines.join("\n"));
}

/**
 * A function giving each edition its key, for a set of formats; resolves
 * the pipeline's fingerprint and the browser's identity once.
 */
export async function keyer(
  formats: ReadonlySet<"pdf" | "html">,
  env: NodeJS.ProcessEnv,
  ids: {
    readonly pipeline: () => Promise<string>;
    readonly browser: (env: NodeJS.ProcessEnv) => Promise<string | undefined>;
  },
): Promise<(edition: Edition) => string> {
  const pipeline = await ids.pipeline();
  const browser = formats.has("pdf") ? await ids.browser(env) : undefined;
  return (edition) => {
    const stamp = stampDate(env, edition.brief.config.value.edition_date).toISOString();
    return editionKey(edition, { pipeline, browser, formats: [...formats], stamp });
  };
}

/** The kinds of brief data an edition depends on entry by entry. */
export type DataKind = "facts" | "sources" | "charts";

/**
 * The hash of one fact, source or chart as loaded now; undefined when it
 * no longer exists. A chart drawn from a data file hashes the file's bytes
 * too, so an edited CSV rebuilds exactly the editions that draw it.
 */
export function dataDigest(brief: Brief, kind: DataKind, id: string): string | undefined {
  // A cited id is a sources.yaml entry or a reference from references.json / references.bib.
  const entry = brief[kind].get(id) ?? (kind === "sources" ? brief.references?.get(id) : undefined);
  if (entry === undefined) return undefined;
  const table = kind === "charts" ? brief.tables?.get(id) : undefined;
  return sha256(JSON.stringify(table ? { chart: entry.value, data: table.sha256 } : entry.value));
}

/** The facts, sources and charts a prepared edition printed, each with its hash. */
export function editionData(p: PreparedEdition): Record<DataKind, Record<string, string>> {
  const { brief } = p.edition;
  const facts = new Set<string>();
  const charts = new Set<string>(p.charts.keys());
  for (const s of p.sections) for (const i of s.merged.inserts) if (i.kind === "fact") facts.add(i.id);
  for (const id of charts) for (const f of brief.charts.get(id)?.value.facts ?? []) facts.add(f);
  const digests = (kind: DataKind, ids: Iterable<string>): Record<string, string> =>
    Object.fromEntries([...ids].sort().map((id) => [id, dataDigest(brief, kind, id) ?? ""]));
  return {
    facts: digests("facts", facts),
    sources: digests("sources", p.laidOut.cited),
    charts: digests("charts", charts),
  };
}

/**
 * The edition's input hash as a release records it: like the cache key,
 * but the same on every machine. It covers the same files (by project
 * path and content), the facts, sources and charts printed, the fonts and
 * images used (by their place in the output and content), the pipeline's
 * fingerprint, the formats and the stamped date; it leaves out what varies
 * between machines (absolute paths, the browser's file identity) and the
 * browser itself, so that "changed" means the inputs changed, not the
 * runner's Chromium.
 */
export async function portableInputHash(
  p: PreparedEdition,
  params: Omit<KeyParams, "browser">,
  hashFile: (file: string) => Promise<string | undefined>,
): Promise<string> {
  const data = editionData(p);
  const assets = [...new Map(p.laidOut.assets.map((a) => [a.to, a.from]))].sort(([a], [b]) => a.localeCompare(b));
  const lines = [
    "brief-edition-input 1",
    `edition ${p.edition.name}`,
    `pipeline ${params.pipeline}`,
    `formats ${[...params.formats].sort().join(",")}`,
    `stamp ${params.stamp}`,
    ...editionInputs(p.edition).map((f) => `file ${f.file} ${f.sha256}`),
    ...styleLine(p.edition),
    ...(["facts", "sources", "charts"] as const).flatMap((kind) =>
      Object.entries(data[kind]).map(([id, digest]) => `${kind} ${id} ${digest}`),
    ),
  ];
  for (const [to, from] of assets) lines.push(`asset ${to} ${(await hashFile(from)) ?? "missing"}`);
  return sha256(lines.join("\n"));
}
