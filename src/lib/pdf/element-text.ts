import type { PDFRef } from "pdf-lib";
import type { StructElem } from "./structure.js";

/**
 * The text of a structure element, from the text of the marked content
 * under it (white space removed, so the HTML's text and the print's can be
 * compared whatever the line breaks): how the PDF stage finds an element
 * the HTML describes by its words, and how the checker finds it again.
 * Memoised per element.
 */

/** White space removed. */
export const squash = (s: string): string => s.replace(/\s+/g, "");

/** The text of one marked-content sequence on a page ("" when it has none). */
export type McidTextOf = (page: PDFRef | undefined, mcid: number) => string;

/** A function giving each element's squashed text. */
export function elementText(textOf: McidTextOf): (e: StructElem) => string {
  const memo = new Map<StructElem, string>();
  const text = (e: StructElem): string => {
    let t = memo.get(e);
    if (t === undefined) {
      t = squash(
        e.kids
          .map((k) => (k.kind === "elem" ? text(k.elem) : k.kind === "mcid" ? textOf(k.page, k.mcid) : ""))
          .join(""),
      );
      memo.set(e, t);
    }
    return t;
  };
  return text;
}

/** Scripts written right to left (BCP 47 primary subtags). */
const RTL = /^(ar|arc|ckb|dv|fa|he|iw|ks|ku-arab|ps|sd|syr|ug|ur|yi)(-|$)/i;

/** Whether text in `lang` runs right to left. */
export const isRightToLeft = (lang: string): boolean => RTL.test(lang);

/**
 * The form in which a passage of the HTML and an element's printed text
 * compare. Right-to-left text comes out of a PDF in visual order (Chromium
 * paints an Arabic line's glyphs left to right, and digits inside it stay
 * left to right), so for those languages the key is the passage's
 * characters in code-point order: the same letters, whatever order the
 * print holds them in. Compatibility forms (Arabic presentation forms) are
 * folded to their letters first.
 */
export function passageKey(text: string, lang: string): string {
  const s = squash(text).normalize("NFKC");
  return isRightToLeft(lang) ? [...s].sort().join("") : s;
}
