import { syllable } from "syllable";

/**
 * Flesch–Kincaid grade level, computed rather than eyeballed:
 * 0.39 × (words / sentences) + 11.8 × (syllables / words) − 15.59.
 * Words are runs of letters (with inner apostrophes and hyphens split into
 * parts for syllables); numbers are skipped; sentences end at . ! ? or at
 * the end of a paragraph or list item.
 */

/** The counts behind a grade, so reports can show their working. */
export interface Readability {
  readonly words: number;
  readonly sentences: number;
  readonly syllables: number;
  readonly grade: number;
}

/** Grade of a list of text blocks (paragraphs, list items). */
export function fleschKincaid(blocks: readonly string[]): Readability {
  let words = 0;
  let sentences = 0;
  let syllables = 0;
  for (const block of blocks) {
    const text = block.replace(/\s+/g, " ").trim();
    if (!text) continue;
    const parts = text.split(/(?<=[.!?])["'”’)]*\s+(?=[A-Z0-9“"‘(])/).filter((s) => /[A-Za-z]/.test(s));
    sentences += Math.max(1, parts.length);
    for (const w of text.match(/[A-Za-z]+(?:['’-][A-Za-z]+)*/g) ?? []) {
      words++;
      syllables += w.split(/['’-]/).reduce((n, part) => n + Math.max(1, syllable(part)), 0);
    }
  }
  const grade = words && sentences ? 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59 : 0;
  return { words, sentences, syllables, grade: Math.round(grade * 10) / 10 };
}
