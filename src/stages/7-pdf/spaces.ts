import { taggedIn, type PageContent, type Paint } from "../../lib/pdf/marked.js";

/**
 * Spaces at line ends. Chromium does not draw the space where a line of
 * text wraps, so the text a screen reader (or poppler) gets from the
 * structure runs the last word of a line into the first of the next
 * ("hadblocked"). After the last glyph of each wrapped line of tagged text
 * this shows the font's own space glyph: invisible, at the end of the line,
 * and the next line is positioned absolutely (Td/Tm), so nothing moves.
 * Chromium's subsets of a font for Greek or Cyrillic text hold no space
 * glyph: such a line gets the space of another font of the page that has
 * one (selected for the one glyph, then the line's font again). The last
 * line of a page gets one too, as a paragraph may go on at the top of the
 * next page.
 * No space is added after a hyphen or white space, or between CJK
 * characters, which break lines without one.
 */

/** Characters that join across a line break without a space: CJK scripts and their punctuation. */
const NO_SPACE = /[\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFFEF]/u;
const ENDS_JOINED = /[\s\u00AD\u2010\u2011\u2012\u2013\u2014-]$/u;

/** The code that shows a space in this paint's font, if the font has one. */
function spaceCode(p: Paint): string | undefined {
  const f = p.font;
  if (!f?.toUnicode) return undefined;
  for (const [code, text] of f.toUnicode) {
    if (text !== " " || f.glyph(code) === 0) continue;
    return f.codeLength === 2 ? code.toString(16).padStart(4, "0") : code.toString(16).padStart(2, "0");
  }
  return undefined;
}

/** The operations that show a space after `p`: in its own font, or in `other` and then `p`'s font again. */
function spaceAfter(p: Paint, other: { paint: Paint; code: string } | undefined): string | undefined {
  const own = spaceCode(p);
  if (own) return `<${own}> Tj`;
  if (!other || !p.fontName || p.fontSize === undefined || !other.paint.fontName) return undefined;
  const size = p.fontSize;
  return `/${other.paint.fontName} ${size} Tf <${other.code}> Tj /${p.fontName} ${size} Tf`;
}

/** A paint of the page whose font has a space glyph, and that glyph's code. */
function pageSpace(shows: readonly Paint[]): { paint: Paint; code: string } | undefined {
  const tried = new Set<string>();
  for (const paint of shows) {
    if (!paint.fontName || tried.has(paint.fontName)) continue;
    tried.add(paint.fontName);
    const code = spaceCode(paint);
    if (code) return { paint, code };
  }
  return undefined;
}

/** Whether a space belongs between `last` (the end of one line's text) and `first` (the start of the next). */
function wants(last: string, first: string): boolean {
  if (!last || ENDS_JOINED.test(last) || /^\s/.test(first)) return false;
  return !(NO_SPACE.test(last.slice(-1)) || NO_SPACE.test(first.slice(0, 1)));
}

/** Operations to insert after each wrapped line's last glyph, by operation index. */
export function lineEndSpaces(content: PageContent): Map<number, string> {
  const out = new Map<number, string>();
  const shows = content.paints.filter((p) => p.kind === "text" && taggedIn(p) && p.text && p.y !== undefined);
  const other = pageSpace(shows);
  for (let i = 0; i + 1 < shows.length; i++) {
    const a = shows[i];
    const b = shows[i + 1];
    if (!a || !b || a.y === undefined || b.y === undefined) continue;
    // A new line starts lower down the page, by more than half the text's size (not a superscript on the same line).
    if (!(a.y - b.y > 0.5 * Math.max(a.size ?? 0, b.size ?? 0))) continue;
    if (!wants(a.text ?? "", b.text ?? "")) continue;
    const ops = spaceAfter(a, other);
    if (ops) out.set(a.index, ops);
  }
  const end = shows[shows.length - 1];
  const ops = end && wants(end.text ?? "", "x") ? spaceAfter(end, other) : undefined;
  if (end && ops) out.set(end.index, ops);
  return out;
}
