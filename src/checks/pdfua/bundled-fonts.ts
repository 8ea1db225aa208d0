import { PDFDict, PDFName } from "pdf-lib";
import { nameOf } from "../../lib/pdf/structure.js";
import type { CheckContext } from "./context.js";

/**
 * Every font from the bundled set: each font the PDF embeds was one of the
 * faces the pipeline ships (npm `@fontsource/*` packages, listed in
 * src/stages/5-layout/fonts.ts), never a face the printing machine happened
 * to have (DejaVu Sans Mono, Liberation Serif, …). Chromium falls back to a
 * system font silently, for a character no bundled face covers or a family
 * name no stylesheet defines, so the output would depend on the machine.
 * Fonts are recognised by their PostScript name (after the subset tag
 * `ABCDEF+`), which starts with the family's name without spaces.
 */

/** `NotoSansSC` for "Noto Sans SC": the start of the PostScript names of a family's fonts. */
export const postScriptStem = (family: string): string => family.replace(/\s+/g, "");

/** Every font dictionary in the file (Type0 and simple fonts, not the descendant CID fonts). */
function fontNames(ctx: CheckContext): string[] {
  const out: string[] = [];
  for (const [, obj] of ctx.doc.context.enumerateIndirectObjects()) {
    if (!(obj instanceof PDFDict) || nameOf(obj.get(PDFName.of("Type"))) !== "Font") continue;
    const subtype = nameOf(obj.get(PDFName.of("Subtype")));
    if (subtype === "CIDFontType0" || subtype === "CIDFontType2" || subtype === "Type3") continue;
    out.push(nameOf(obj.get(PDFName.of("BaseFont"))) ?? "(no /BaseFont)");
  }
  return out;
}

/** Check that every font is one of `families` (family names as CSS writes them). */
export function checkBundledFonts(ctx: CheckContext, families: readonly string[]): void {
  ctx.check("pdf/font-bundled");
  const stems = families.map(postScriptStem);
  const foreign = new Set<string>();
  for (const name of fontNames(ctx)) {
    const bare = name.replace(/^[A-Z]{6}\+/, "");
    if (!stems.some((s) => bare.startsWith(s))) foreign.add(bare);
  }
  for (const f of foreign) ctx.fail("pdf/font-bundled", `${f} is not a bundled face (a system fallback font)`);
}
