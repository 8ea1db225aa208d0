import type { ReleaseManifest } from "./manifest.js";
import type { PreviousManifest } from "./previous.js";

/**
 * CHANGES.md: what changed in a release against the previous one, in the
 * terms a reader of the brief cares about. Pure: two manifests in, Markdown
 * out. "Changed" means the inputs changed (an edition's input hash), not
 * the PDF bytes: a new browser alone is not a change. "Readers see a
 * change" means an edition's reader digest changed (release/reader.ts):
 * only those editions are mailed. A release whose inputs changed but whose
 * editions read the same (code, dependencies or styling) says so on its
 * first line: "Layout only; not mailed."
 *
 * It lists facts whose value, as-of date or source changed (old → new),
 * facts and sources added or removed, editions added or removed, sections
 * added to or removed from each edition, page counts that moved, the
 * editions readers will see changed, and those rebuilt without a change a
 * reader could see. The first line is a one-sentence summary (used as the
 * release's title line and in e-mails).
 */

type Fact = ReleaseManifest["facts"][number];
type Source = ReleaseManifest["sources"][number];
type Edition = PreviousManifest["editions"][number];

/** The differences, counted, and as Markdown. */
export interface Changes {
  /** Whether the inputs changed (always true for a first release). */
  readonly changed: boolean;
  /** Whether any edition reads differently (always true for a first release). */
  readonly readerChanged: boolean;
  readonly summary: string;
  readonly markdown: string;
}

const keyOf = (x: { brief: string; id: string }): string => `${x.brief}/${x.id}`;
const byKey = <T extends { brief: string; id: string }>(xs: readonly T[]): Map<string, T> =>
  new Map(xs.map((x) => [keyOf(x), x]));
const code = (x: { brief: string; id: string }): string => `\`${x.id}\` (${x.brief})`;

function factLines(
  prev: readonly Fact[],
  next: readonly Fact[],
): { changed: string[]; added: string[]; removed: string[] } {
  const before = byKey(prev);
  const after = byKey(next);
  const changed: string[] = [];
  for (const [k, f] of after) {
    const old = before.get(k);
    if (!old) continue;
    const parts = [
      ...(old.value !== f.value ? [`value ${old.value} → ${f.value}`] : []),
      ...(old.as_of !== f.as_of ? [`as of ${old.as_of} → ${f.as_of}`] : []),
      ...(old.source !== f.source ? [`source ${old.source} → ${f.source}`] : []),
    ];
    if (parts.length) changed.push(`- ${code(f)}: ${parts.join("; ")}`);
  }
  const added = [...after.values()]
    .filter((f) => !before.has(keyOf(f)))
    .map((f) => `- ${code(f)}: ${f.value} (as of ${f.as_of}, source ${f.source})`);
  const removed = [...before.values()].filter((f) => !after.has(keyOf(f))).map((f) => `- ${code(f)}: was ${f.value}`);
  return { changed, added, removed };
}

function sourceLines(prev: readonly Source[], next: readonly Source[]): { added: string[]; removed: string[] } {
  const before = byKey(prev);
  const after = byKey(next);
  const line = (s: Source): string => `- ${code(s)}: ${s.author}, “${s.title}”, ${s.publisher}`;
  return {
    added: [...after.values()].filter((s) => !before.has(keyOf(s))).map(line),
    removed: [...before.values()].filter((s) => !after.has(keyOf(s))).map(line),
  };
}

function editionLines(
  prev: readonly Edition[],
  next: readonly Edition[],
): { editions: string[]; sections: string[]; pages: string[]; text: string[]; layout: string[] } {
  const before = new Map(prev.map((e) => [e.name, e]));
  const after = new Map(next.map((e) => [e.name, e]));
  const editions = [
    ...next.filter((e) => !before.has(e.name)).map((e) => `- added: ${e.name}`),
    ...prev.filter((e) => !after.has(e.name)).map((e) => `- removed: ${e.name}`),
  ];
  const sections: string[] = [];
  const pages: string[] = [];
  const text: string[] = [];
  const layout: string[] = [];
  for (const e of next) {
    const old = before.get(e.name);
    if (!old) continue;
    const added = e.sections.filter((s) => !old.sections.includes(s));
    const removed = old.sections.filter((s) => !e.sections.includes(s));
    if (added.length) sections.push(`- ${e.name}: added ${added.map((s) => `\`${s}\``).join(", ")}`);
    if (removed.length) sections.push(`- ${e.name}: removed ${removed.map((s) => `\`${s}\``).join(", ")}`);
    if (old.pages !== e.pages) pages.push(`- ${e.name}: ${old.pages ?? "?"} → ${e.pages ?? "?"} pages`);
    if (old.inputHash === e.inputHash) continue;
    const reads = old.readerDigest === undefined || old.readerDigest !== e.readerDigest;
    (reads ? text : layout).push(`- ${e.name}`);
  }
  return { editions, sections, pages, text, layout };
}

/** The editions as `name inputHash` lines: the same set means the same inputs. */
const inputsOf = (es: readonly Edition[]): string =>
  es
    .map((e) => `${e.name} ${e.inputHash}`)
    .sort()
    .join("\n");

const count = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** A line saying which editions are drafts or specimens (released with --allow-specimen), or "". */
function specimenNote(next: ReleaseManifest): string {
  const not = next.editions.filter((e) => e.status !== "final");
  if (not.length === 0) return "";
  const kinds = [...new Set(not.map((e) => e.status))].join(" and ");
  return `\n**Specimen release** (made with --allow-specimen): ${not.map((e) => e.name).join(", ")} ${not.length === 1 ? "is a" : "are"} ${kinds}${not.length === 1 ? "" : "s"}, not final; ${not.length === 1 ? "it says" : "they say"} so on every page, and ${not.length === 1 ? "its" : "their"} contact and review details are placeholders.\n`;
}

/** What changed from `prev` (undefined: a first release) to `next`. */
export function describeChanges(prev: PreviousManifest | undefined, next: ReleaseManifest): Changes {
  const changes = describe(prev, next);
  const note = specimenNote(next);
  return note ? { ...changes, markdown: changes.markdown.replace(/\n/, `\n${note}`) } : changes;
}

function describe(prev: PreviousManifest | undefined, next: ReleaseManifest): Changes {
  if (!prev) {
    const list = next.editions.map((e) => `- ${e.name}: ${e.edition}, ${e.pages ?? "?"} pages`);
    const summary = `First release: ${count(next.editions.length, "edition")}.`;
    const markdown = `# ${summary}\n\n## Editions\n\n${list.join("\n")}\n`;
    return { changed: true, readerChanged: true, summary, markdown };
  }
  const changed = inputsOf(prev.editions) !== inputsOf(next.editions);
  const f = factLines(prev.facts, next.facts);
  const s = sourceLines(prev.sources, next.sources);
  const e = editionLines(prev.editions, next.editions);
  const parts = [
    ...(f.changed.length ? [`${count(f.changed.length, "fact")} changed`] : []),
    ...(f.added.length ? [`${count(f.added.length, "fact")} added`] : []),
    ...(f.removed.length ? [`${count(f.removed.length, "fact")} removed`] : []),
    ...(s.added.length || s.removed.length
      ? [`${count(s.added.length + s.removed.length, "source")} added or removed`]
      : []),
    ...(e.editions.length ? [`${count(e.editions.length, "edition")} added or removed`] : []),
    ...(e.text.length ? [`${count(e.text.length, "edition")} reading differently`] : []),
  ];
  const readerChanged = parts.length > 0;
  const pages = e.pages.length ? [`page counts moved in ${count(e.pages.length, "edition")}`] : [];
  const summary = !changed
    ? "No change to the inputs since the previous release."
    : readerChanged
      ? `Changes since the previous release: ${[...parts, ...pages].join(", ")}.`
      : `Layout only; not mailed: ${count(e.layout.length, "edition")} rebuilt with new code, dependencies or styling, and every edition reads as before.`;
  const section = (title: string, lines: readonly string[]): string =>
    lines.length ? `\n## ${title}\n\n${lines.join("\n")}\n` : "";
  const markdown = [
    `# ${summary}\n`,
    `\nPrevious release: ${prev.tag ?? prev.created} (input hash ${prev.inputHash.slice(0, 12)}); this release: ${next.tag} (input hash ${next.inputHash.slice(0, 12)}).\n`,
    section("Facts changed", f.changed),
    section("Facts added", f.added),
    section("Facts removed", f.removed),
    section("Sources added", s.added),
    section("Sources removed", s.removed),
    section("Editions added or removed", e.editions),
    section("Sections added or removed", e.sections),
    section("Page counts", e.pages),
    section("Editions readers will see changed (sent to their recipients)", e.text),
    section("Editions rebuilt without a change readers could see (layout only; not mailed)", e.layout),
  ].join("");
  return { changed, readerChanged, summary, markdown };
}
