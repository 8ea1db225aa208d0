import { diagnostic, type Diagnostic, type Location } from "../diagnostics/index.js";
import { locatePath } from "../lib/yaml.js";
import type { PreparedEdition } from "../model.js";
import { lineAt, literal, locateInSource, proseOf } from "./text.js";

/**
 * `acronyms/not-spelled-out`: an acronym must be written out at its first
 * use in each edition, because editions are read on their own.
 *
 * What counts as an acronym: a run of two or more capital letters, with an
 * optional plural "s" (GPUs → GPU), standing as a word or as one part of a
 * hyphenated word (US-China → US). Not acronyms:
 * - any word that contains a digit, with all its hyphenated parts: model and
 *   product names such as R1, V3, GPT-4o, H800 or COVID-19 are names, and
 *   spelling them out would be wrong;
 * - Roman numerals made of I, V and X (II, IV, XX);
 * - anything listed under `acronyms:` in brief.yaml (for example US).
 *
 * Spelled out means the first use reads "Full Name (ABC)" or
 * "ABC (Full Name)" (square brackets, as editors write inside quotations,
 * count too): the brackets hold, or follow, words one of which starts with
 * the acronym's first letter. Reading order is the order of the
 * printed edition: each section's title, then its text; the key-takeaways
 * sections first, then the body. Code, charts and citation marks are not
 * prose and are skipped.
 */

const WORD = /[\p{L}\p{N}]+(?:[-\u2010\u2011\u2013][\p{L}\p{N}]+)*/gu;
const ACRONYM = /^([A-Z]{2,})s?$/;
const ROMAN = /^[IVX]+$/;

/** Acronyms in `text`, each with its offset and the length of the part it came from. */
function acronymsIn(text: string): { name: string; start: number; end: number }[] {
  const out: { name: string; start: number; end: number }[] = [];
  for (const m of text.matchAll(WORD)) {
    if (/\p{N}/u.test(m[0])) continue;
    // Parts of handles and names such as "AI@ND" or "x.org" are names, not acronyms.
    const at = m.index ?? 0;
    if (
      /[@.]$/.test(text.slice(Math.max(0, at - 1), at)) ||
      /^[@.]\p{L}/u.test(text.slice(at + m[0].length, at + m[0].length + 2))
    )
      continue;
    let offset = m.index ?? 0;
    for (const part of m[0].split(/[-\u2010\u2011\u2013]/)) {
      const a = ACRONYM.exec(part);
      if (a?.[1] && !ROMAN.test(a[1])) out.push({ name: a[1], start: offset, end: offset + part.length });
      offset += part.length + 1;
    }
  }
  return out;
}

function hasInitial(words: string, letter: string): boolean {
  return [...words.matchAll(/\p{L}+/gu)].some(
    (w) => w[0].length > 1 && w[0][0]?.toLowerCase() === letter.toLowerCase() && w[0] !== w[0].toUpperCase(),
  );
}

/** True when the use at [start, end) reads "Full Name (ABC)" or "ABC (Full Name)". */
export function spelledOut(text: string, name: string, start: number, end: number): boolean {
  const first = name[0] ?? "";
  const before = text.slice(Math.max(0, start - 200), start);
  const after = text.slice(end);
  if (/[([]\s*$/.test(before) && /^\s*[)\],;]/.test(after)) {
    const words = [...before.replace(/[([]\s*$/, "").matchAll(/\p{L}+/gu)]
      .slice(-(name.length + 3))
      .map((w) => w[0])
      .join(" ");
    if (hasInitial(words, first)) return true;
  }
  const paren = /^\s*[([]([^()[\]]{3,160})[)\]]/.exec(after);
  return paren?.[1] !== undefined && hasInitial(paren[1], first);
}

interface FirstUse {
  readonly at: Location;
  readonly ok: boolean;
}

/** First use of every acronym in one edition, in reading order. */
function firstUses(p: PreparedEdition): Map<string, FirstUse> {
  const allowed = new Set(p.edition.brief.config.value.acronyms);
  const seen = new Map<string, FirstUse>();
  const ordered = [
    ...p.sections.filter((s) => s.merged.section.front.kind === "takeaways"),
    ...p.sections.filter((s) => s.merged.section.front.kind !== "takeaways"),
  ];
  const record = (text: string, where: (start: number, name: string) => Location): void => {
    for (const a of acronymsIn(text)) {
      if (seen.has(a.name) || allowed.has(a.name)) continue;
      seen.set(a.name, {
        at: where(a.start, a.name),
        ok: spelledOut(text, a.name, a.start, a.end),
      });
    }
  };
  for (const s of ordered) {
    const section = s.merged.section;
    if (section.front.kind === "body") record(section.front.title, () => locatePath(section.frontYaml, ["title"]));
    const prose = proseOf(s.tree, section.bodyLine - 1);
    record(prose.text, (start, name) => {
      const { line, fact } = lineAt(prose, start);
      const pattern =
        fact === undefined
          ? new RegExp(`(?<![\\p{L}\\p{N}])${name}s?(?![\\p{L}\\p{N}])`, "u")
          : new RegExp(`\\{\\{~?\\s*(?:fact|value)\\s+"${literal(fact)}"`);
      return locateInSource(section, line, pattern);
    });
  }
  return seen;
}

/** Acronyms not spelled out at their first use, one diagnostic per place (naming the editions). */
export function checkAcronyms(prepared: readonly PreparedEdition[]): Diagnostic[] {
  const found = new Map<string, { at: Location; name: string; brief: string; editions: string[] }>();
  for (const p of prepared) {
    for (const [name, use] of firstUses(p)) {
      if (use.ok) continue;
      const key = `${use.at.file}:${use.at.line}:${use.at.column}:${name}`;
      const entry = found.get(key) ?? {
        at: use.at,
        name,
        brief: p.edition.brief.dir,
        editions: [],
      };
      entry.editions.push(p.edition.name);
      found.set(key, entry);
    }
  }
  return [...found.values()].map((f) =>
    diagnostic({
      rule: "acronyms/not-spelled-out",
      at: f.at,
      message: `acronym "${f.name}" is not spelled out at its first use in ${f.editions.length > 1 ? "editions" : "edition"} ${f.editions.join(", ")}`,
      hint: `Write it out the first time, as "Full Name (${f.name})", or add ${f.name} to acronyms in ${f.brief}/brief.yaml if every reader knows it.`,
    }),
  );
}
