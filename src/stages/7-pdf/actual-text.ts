import { PDFName, PDFRawStream, PDFRef, type PDFDict, type PDFDocument } from "pdf-lib";
import { deflateSync } from "node:zlib";
import { forgetFont, type FontInfo } from "../../lib/pdf/fonts.js";
import { utf16Hex } from "../../lib/pdf/structure.js";
import type { MarkedSequence, PageContent } from "../../lib/pdf/marked.js";

/**
 * Actual text that readers lose. Chromium draws a typographic apostrophe
 * with a glyph whose ToUnicode entry says U+02BC, and wraps it in a
 * `/Span <</ActualText (’)>> BDC … EMC` inside the word's tagged
 * sequence. That is valid PDF, but poppler's structure text (and so
 * tools built on it) stops reading the tagged sequence at the nested EMC:
 * "The founder’s interview" came out as "The founderʼ". Where a font's
 * code is only ever shown inside such spans, and always with the same
 * actual text, the ToUnicode entry is corrected to that text and the span
 * is removed, so every reader gets the right character from the font
 * itself. Spans that cannot be folded this way are left as they are.
 *
 * Chromium also shows some glyphs only inside such spans and maps them to
 * U+0000 (the dots an Arabic letter is drawn with, beside its dotless
 * form: the span says which letter the two glyphs are). U+0000 is no
 * character (ISO 14289-1 7.21.7); those codes lose their ToUnicode entry
 * instead, and read as the span's actual text, as the standard allows.
 */

/** What to change: the span operations to drop per page, and each font's corrected codes. */
export interface ActualTextPlan {
  readonly drop: Map<number, Set<number>>;
  /** Each font's corrected codes: the new text, or null to remove the code's entry. */
  readonly remap: Map<FontInfo, Map<number, string | null>>;
}

/** Decide which ActualText spans nested in tagged content can be folded into their font's ToUnicode. */
export function planActualText(pages: readonly PageContent[]): ActualTextPlan {
  interface Candidate {
    readonly page: number;
    readonly span: MarkedSequence;
    readonly font: FontInfo;
    readonly code: number;
  }
  const candidates: Candidate[] = [];
  const plain = new Set<number>();
  // Codes mapped to U+0000 that were seen inside an ActualText span.
  const zero = new Map<number, { font: FontInfo; code: number }>();
  const ids = new Map<FontInfo, number>();
  // A font's code as one number (codes are at most two bytes): a glyph at a time, a string key each was costly.
  const key = (f: FontInfo, code: number): number => {
    let id = ids.get(f);
    if (id === undefined) ids.set(f, (id = ids.size));
    return id * 0x10000 + code;
  };
  pages.forEach((content, page) => {
    const inside = new Map<MarkedSequence, typeof content.paints>();
    for (const p of content.paints) {
      const span = p.stack.length === 0 ? undefined : p.stack.find((s) => s.actualText !== undefined);
      if (span) inside.set(span, [...(inside.get(span) ?? []), p]);
      else if (p.kind === "text" && p.font) for (const c of p.codes ?? []) plain.add(key(p.font, c));
    }
    for (const [span, paints] of inside) {
      const nestedInTagged = paints[0]?.stack.slice(0, paints[0].stack.indexOf(span)).some((s) => s.mcid !== undefined);
      const only = paints.length === 1 ? paints[0] : undefined;
      const single = only?.kind === "text" && only.font && only.codes?.length === 1 && only.stack.at(-1) === span;
      if (!nestedInTagged || !single || !only.font || only.codes?.[0] === undefined) {
        for (const p of paints)
          if (p.font)
            for (const c of p.codes ?? [])
              if (p.font.toUnicode?.get(c) === "\u0000") zero.set(key(p.font, c), { font: p.font, code: c });
              else plain.add(key(p.font, c));
        continue;
      }
      candidates.push({ page, span, font: only.font, code: only.codes[0] });
    }
  });
  const texts = new Map<number, Set<string>>();
  for (const c of candidates)
    texts.set(key(c.font, c.code), (texts.get(key(c.font, c.code)) ?? new Set()).add(c.span.actualText ?? ""));
  const plan: ActualTextPlan = { drop: new Map(), remap: new Map() };
  for (const c of candidates) {
    const k = key(c.font, c.code);
    const values = texts.get(k);
    if (plain.has(k) || !values || values.size !== 1) continue;
    const set = plan.drop.get(c.page) ?? new Set<number>();
    set.add(c.span.begin).add(c.span.end);
    plan.drop.set(c.page, set);
    const m = plan.remap.get(c.font) ?? new Map<number, string | null>();
    m.set(c.code, c.span.actualText ?? "");
    plan.remap.set(c.font, m);
  }
  for (const [k, z] of zero) {
    if (plain.has(k)) continue;
    const m = plan.remap.get(z.font) ?? new Map<number, string | null>();
    if (!m.has(z.code)) m.set(z.code, null);
    plan.remap.set(z.font, m);
  }
  return plan;
}

const hex = (n: number, digits: number): string => n.toString(16).toUpperCase().padStart(digits, "0");

/** A ToUnicode CMap (ISO 32000-1 9.10.3) for `map`, as text. */
export function toUnicodeCMap(map: ReadonlyMap<number, string>, codeLength: 1 | 2): string {
  const digits = codeLength * 2;
  const entries = [...map].sort((a, b) => a[0] - b[0]);
  const chunks: string[] = [];
  for (let i = 0; i < entries.length; i += 100) {
    const part = entries.slice(i, i + 100);
    chunks.push(
      `${part.length} beginbfchar\n${part.map(([c, t]) => `<${hex(c, digits)}> <${utf16Hex(t)}>`).join("\n")}\nendbfchar`,
    );
  }
  return `/CIDInit /ProcSet findresource begin
12 dict begin
begincmap
/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def
/CMapName /Adobe-Identity-UCS def
/CMapType 2 def
1 begincodespacerange
<${"0".repeat(digits)}> <${"F".repeat(digits)}>
endcodespacerange
${chunks.join("\n")}
endcmap
CMapName currentdict /CMap defineresource pop
end
end
`;
}

/** Write each remapped font's corrected ToUnicode CMap. */
export function applyRemap(doc: PDFDocument, remap: ActualTextPlan["remap"]): void {
  for (const [font, changes] of remap) {
    const map = new Map(font.toUnicode ?? []);
    for (const [code, text] of changes)
      if (text === null) map.delete(code);
      else map.set(code, text);
    const data = deflateSync(Buffer.from(toUnicodeCMap(map, font.codeLength), "latin1"));
    const stream = PDFRawStream.of(doc.context.obj({ Filter: "FlateDecode", Length: data.length }), data);
    const dict: PDFDict = font.dict;
    const old = dict.get(PDFName.of("ToUnicode"));
    dict.set(PDFName.of("ToUnicode"), doc.context.register(stream));
    if (old instanceof PDFRef) doc.context.delete(old);
    forgetFont(dict);
  }
}
