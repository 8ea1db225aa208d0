import type { Location } from "../diagnostics/index.js";
import type { PreparedEdition, Section } from "../model.js";
import { lineAt, literal, locateInSource, proseOf, type Prose } from "./text.js";

/**
 * Shared by the prose rules (time words, spelling, assessments): run a
 * finder over the prose of every section of every prepared edition, and
 * point each finding at the line and column the author wrote. A section
 * that several editions share is reported once per place.
 */

/** A stretch of prose a rule objects to. */
export interface ProseMatch {
  /** Offset in the section's prose. */
  readonly start: number;
  /** The text found, as the reader sees it. */
  readonly text: string;
  /** The pattern that finds it in the source (defaults to the text, case-insensitive, as a whole word). */
  readonly source?: RegExp;
}

/** A finding at its source position, with the editions it appears in. */
export interface ProseFinding<T extends ProseMatch> {
  readonly at: Location;
  readonly match: T;
  readonly editions: string[];
  readonly edition: PreparedEdition;
}

/** `text` as a whole-word pattern, case-insensitive unless `exactCase`. */
export function wordPattern(text: string, exactCase = false): RegExp {
  const source = `(?<![\\p{L}\\p{N}])${literal(text).replace(/\s+/g, "\\s+")}(?![\\p{L}\\p{N}])`;
  return new RegExp(source, exactCase ? "u" : "iu");
}

/** The source position of a match: the fact call that printed it, or the next unused place the words appear. */
function locate(section: Section, prose: Prose, m: ProseMatch, used: Set<string>): Location {
  const { line, fact } = lineAt(prose, m.start);
  if (fact !== undefined)
    return locateInSource(section, line, new RegExp(`\\{\\{~?\\s*(?:fact|value)\\s+"${literal(fact)}"`));
  const pattern = m.source ?? wordPattern(m.text);
  const lines = section.body.split("\n");
  for (let i = Math.max(0, line - section.bodyLine); i < lines.length; i++) {
    const global = new RegExp(pattern.source, pattern.flags.includes("g") ? pattern.flags : `${pattern.flags}g`);
    for (const hit of (lines[i] ?? "").matchAll(global)) {
      const at = { file: section.file, line: section.bodyLine + i, column: hit.index + 1 };
      const key = `${at.line}:${at.column}`;
      if (used.has(key)) continue;
      used.add(key);
      return at;
    }
  }
  return { file: section.file, line, column: 1 };
}

/** Every match `find` reports in the editions' prose, once per source position. */
export function scanProse<T extends ProseMatch>(
  prepared: readonly PreparedEdition[],
  find: (prose: string, p: PreparedEdition, section: Section) => readonly T[],
): ProseFinding<T>[] {
  const found = new Map<string, ProseFinding<T>>();
  for (const p of prepared) {
    for (const s of p.sections) {
      const section = s.merged.section;
      const prose = proseOf(s.tree, section.bodyLine - 1);
      const used = new Set<string>();
      for (const match of find(prose.text, p, section)) {
        const at = locate(section, prose, match, used);
        const key = `${at.file}:${at.line}:${at.column}:${match.text}`;
        const entry = found.get(key) ?? { at, match, editions: [], edition: p };
        entry.editions.push(p.edition.name);
        found.set(key, entry);
      }
    }
  }
  return [...found.values()];
}

/** The sentence around offset `at` in `text` (blocks are separated by newlines). */
export function sentenceAround(text: string, at: number): string {
  const before = text.slice(0, at);
  const start = Math.max(before.search(/[^.!?\n]*$/), 0);
  const rest = text.slice(at);
  const end = rest.search(/[.!?](?=\s|$)|\n/);
  return text.slice(start, end < 0 ? text.length : at + end + 1);
}
