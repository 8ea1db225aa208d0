import { diagnostic, type Diagnostic, type Location } from "../../diagnostics/index.js";
import type { Section, SectionHtml } from "../../model.js";

/**
 * Where a character no bundled font covers comes from, so that
 * `fonts/missing-glyph` points at the line an author wrote it on: the first
 * section whose source has it (its file, line and column), else the first
 * section whose merged text has it (a fact's value: the section's first
 * line), else `fallback` (the brief's own files: title, sources).
 */

/** `U+1C5A` for a code point. */
const uplus = (cp: number): string => `U+${cp.toString(16).toUpperCase().padStart(4, "0")}`;

/** The 1-based line and column (in characters) of `index` in `text`, counting lines from `firstLine`. */
function position(text: string, index: number, firstLine: number): { line: number; column: number } {
  const before = text.slice(0, index);
  const lines = before.split("\n");
  return { line: firstLine + lines.length - 1, column: [...(lines[lines.length - 1] ?? "")].length + 1 };
}

/** Where `ch` first occurs in the sections, or undefined. */
export function locateCharacter(
  ch: string,
  sections: readonly Section[],
  merged: readonly SectionHtml[] = [],
): Location | undefined {
  for (const s of sections) {
    const at = s.body.indexOf(ch);
    if (at >= 0) return { file: s.file, ...position(s.body, at, s.bodyLine) };
  }
  const m = merged.find((x) => x.merged.markdown.includes(ch));
  return m ? { file: m.merged.section.file, line: m.merged.section.bodyLine, column: 1 } : undefined;
}

/** What to do about the character: emoji are refused with their own advice. */
function advice(ch: string): string {
  return /\p{Extended_Pictographic}/u.test(ch)
    ? "the bundled faces have no emoji (a colour emoji font is a system font and would not be PDF/UA-clean); say it in words"
    : "no bundled font covers it, so it would print in a system font or as a box";
}

/** One `fonts/missing-glyph` error per missing character, at its first occurrence. */
export function missingGlyphs(
  missing: readonly number[],
  sections: readonly Section[],
  merged: readonly SectionHtml[],
  fallback: Location,
): Diagnostic[] {
  return missing.map((cp) => {
    const ch = String.fromCodePoint(cp);
    return diagnostic({
      rule: "fonts/missing-glyph",
      at: locateCharacter(ch, sections, merged) ?? fallback,
      message: `“${ch}” (${uplus(cp)}): ${advice(ch)}`,
    });
  });
}
