import { PDFName } from "pdf-lib";
import { descendants, textOf, typeOf, type StructElem, type StructTree } from "../../lib/pdf/structure.js";

/**
 * Figures (ISO 14289-1 7.3; Matterhorn 13-004): every `Figure` needs an
 * alternative text. Chromium tags an HTML `<figure>` as a `Figure` around
 * the picture's own `Figure` (which carries the chart's or image's
 * alternative, from `aria-label` or `alt`), its `Caption` and its source
 * line. The outer one is a group, not a picture: it becomes a `Div`, so a
 * chart is one `Figure` with `/Alt`, and its caption and cited source stay
 * readable beside it (an `/Alt` would hide them).
 */

const hasAlt = (e: StructElem): boolean =>
  textOf(e.dict.lookup(PDFName.of("Alt"))) !== undefined ||
  textOf(e.dict.lookup(PDFName.of("ActualText"))) !== undefined;

/** Turn grouping figures into Divs; returns how many. */
export function fixFigures(tree: StructTree, roles: (t: string) => string): number {
  let fixed = 0;
  for (const e of tree.all) {
    if (roles(typeOf(e)) !== "Figure" || hasAlt(e)) continue;
    const inner = descendants(e).filter((d) => roles(typeOf(d)) === "Figure" && hasAlt(d));
    if (inner.length === 0) continue;
    e.dict.set(PDFName.of("S"), PDFName.of("Div"));
    fixed++;
  }
  return fixed;
}
