import type { CheckContext } from "./context.js";

/**
 * Fonts (ISO 14289-1 7.21): every font that shows text is embedded, every
 * glyph it selects exists and is not .notdef, and every code shown maps to
 * a real Unicode value, or sits in a span with /ActualText (veraPDF
 * 7.21.7-1: the actual text is then the glyph's text).
 */

/** Code points that are not characters (veraPDF 7.21.7-2). */
const INVALID = new Set([0x0000, 0xfeff, 0xfffe]);

/** Check every text-showing operation of every page. */
export function checkFonts(ctx: CheckContext): { fonts: number } {
  ctx.check("pdf/font-embedded", "pdf/glyph-missing", "pdf/notdef", "pdf/unicode", "pdf/unicode-invalid");
  const seen = new Set<string>();
  const reported = new Set<string>();
  const once = (rule: Parameters<CheckContext["fail"]>[0], key: string, message: string): void => {
    if (reported.has(`${rule} ${key}`)) return;
    reported.add(`${rule} ${key}`);
    ctx.fail(rule, message);
  };
  for (const { n, content } of ctx.pages)
    for (const p of content.paints) {
      if (p.kind !== "text") continue;
      const f = p.font;
      if (!f) {
        once("pdf/font-embedded", `page ${n}`, `page ${n}: text is shown with no font selected`);
        continue;
      }
      seen.add(f.name);
      const spoken = p.stack.some((s) => s.actualText !== undefined);
      if (!f.embedded) once("pdf/font-embedded", f.name, `${f.name} is not embedded`);
      for (const code of p.codes ?? []) {
        const glyph = f.glyph(code);
        if (glyph === 0) once("pdf/notdef", `${f.name} ${code}`, `page ${n}: ${f.name} shows .notdef (code ${code})`);
        else if (glyph !== undefined && f.glyphCount !== undefined && glyph >= f.glyphCount)
          once("pdf/glyph-missing", `${f.name} ${code}`, `page ${n}: ${f.name} has no glyph ${glyph}`);
        const u = f.toUnicode?.get(code);
        if (u === undefined && !spoken)
          once("pdf/unicode", `${f.name} ${code}`, `page ${n}: ${f.name} code ${code} has no Unicode value`);
        else if (u !== undefined) {
          const bad = [...u].find((ch) => INVALID.has(ch.charCodeAt(0)));
          const hex = bad?.charCodeAt(0).toString(16).padStart(4, "0").toUpperCase();
          if (hex)
            once("pdf/unicode-invalid", `${f.name} ${code}`, `page ${n}: ${f.name} code ${code} maps to U+${hex}`);
        }
      }
    }
  return { fonts: seen.size };
}
