import type { StructElem } from "../../lib/pdf/structure.js";
import { pageKey, type McidText } from "./decoration.js";

/**
 * The text of a structure element, from the text of the marked content
 * under it (white space removed, so the HTML's text and the print's can be
 * compared whatever the line breaks): how the PDF stage finds an element
 * the HTML describes by its words. Memoised per element.
 */

/** White space removed. */
export const squash = (s: string): string => s.replace(/\s+/g, "");

/** A function giving each element's squashed text. */
export function elementText(mcidText: McidText): (e: StructElem) => string {
  const memo = new Map<StructElem, string>();
  const text = (e: StructElem): string => {
    let t = memo.get(e);
    if (t === undefined) {
      t = squash(
        e.kids
          .map((k) =>
            k.kind === "elem"
              ? text(k.elem)
              : k.kind === "mcid"
                ? (mcidText.get(pageKey(k.page))?.get(k.mcid) ?? "")
                : "",
          )
          .join(""),
      );
      memo.set(e, t);
    }
    return t;
  };
  return text;
}
