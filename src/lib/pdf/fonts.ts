import { PDFArray, PDFDict, PDFName, PDFRef, PDFStream, type PDFDocument, type PDFObject } from "pdf-lib";
import { streamBytes } from "./content.js";
import { nameOf } from "./structure.js";
import { tokenize, type Operand } from "./tokens.js";

/**
 * What the PDF/UA rules and the text extraction need to know about a font
 * (ISO 32000-1 9.6–9.10): how many bytes a character code takes, the Unicode
 * text of each code (its ToUnicode CMap), the glyph each code selects in a
 * CID font, and whether the font program is embedded.
 */

/** A font as the content stream uses it. */
export interface FontInfo {
  /** The font dictionary. */
  readonly dict: PDFDict;
  /** The font's /BaseFont, for messages. */
  readonly name: string;
  readonly subtype: string;
  /** Bytes per character code: 2 for Type0 fonts with an Identity CMap, else 1. */
  readonly codeLength: 1 | 2;
  /** Unicode text of each code, from the ToUnicode CMap; undefined when the font has none. */
  readonly toUnicode: ReadonlyMap<number, string> | undefined;
  /** Whether a font program (FontFile, FontFile2, FontFile3) is embedded. */
  readonly embedded: boolean;
  /** The glyph index a code selects, when the font says (CID fonts); undefined when unknown. */
  glyph(code: number): number | undefined;
  /** Number of glyphs in the embedded TrueType program (its maxp table), when known. */
  readonly glyphCount: number | undefined;
}

const N = (s: string): PDFName => PDFName.of(s);
const hexValue = (o: Operand | undefined): number | undefined =>
  o?.type === "string" ? o.bytes.reduce((v, b) => v * 256 + b, 0) : undefined;
const utf16 = (o: Operand | undefined): string | undefined =>
  o?.type === "string" && o.bytes.length % 2 === 0 ? Buffer.from(o.bytes).swap16().toString("utf16le") : undefined;

/** Parse a ToUnicode CMap (bfchar and bfrange sections, ISO 32000-1 9.10.3). */
export function parseToUnicode(bytes: Uint8Array): Map<number, string> {
  const out = new Map<number, string>();
  for (const op of tokenize(bytes)) {
    const a = op.operands;
    if (op.op === "endbfchar")
      for (let i = 0; i + 1 < a.length; i += 2) {
        const code = hexValue(a[i]);
        const text = utf16(a[i + 1]);
        if (code !== undefined && text !== undefined) out.set(code, text);
      }
    else if (op.op === "endbfrange")
      for (let i = 0; i + 2 < a.length; i += 3) {
        const lo = hexValue(a[i]);
        const hi = hexValue(a[i + 1]);
        const dst = a[i + 2];
        if (lo === undefined || hi === undefined || hi - lo > 0xffff) continue;
        for (let c = lo; c <= hi; c++) {
          if (dst?.type === "array") {
            const t = utf16(dst.items[c - lo]);
            if (t !== undefined) out.set(c, t);
          } else if (dst?.type === "string" && dst.bytes.length >= 2 && dst.bytes.length % 2 === 0) {
            const base = Buffer.from(dst.bytes).swap16().toString("utf16le");
            const last = base.charCodeAt(base.length - 1) + (c - lo);
            out.set(c, base.slice(0, -1) + String.fromCharCode(last));
          }
        }
      }
  }
  return out;
}

/** numGlyphs from a TrueType program's maxp table, or undefined. */
function trueTypeGlyphCount(program: Uint8Array): number | undefined {
  const v = new DataView(program.buffer, program.byteOffset, program.byteLength);
  if (program.length < 12) return undefined;
  const tables = v.getUint16(4);
  for (let i = 0; i < tables && 12 + 16 * i + 16 <= program.length; i++) {
    const at = 12 + 16 * i;
    if (String.fromCharCode(...program.subarray(at, at + 4)) !== "maxp") continue;
    const offset = v.getUint32(at + 8);
    return offset + 6 <= program.length ? v.getUint16(offset + 4) : undefined;
  }
  return undefined;
}

/** Whether the font program is embedded, and (read only when asked: it means inflating the program) its glyph count. */
function descriptorProgram(font: PDFDict): { embedded: boolean; glyphCount: () => number | undefined } {
  const none = (): undefined => undefined;
  const fd = font.lookup(N("FontDescriptor"));
  if (!(fd instanceof PDFDict)) return { embedded: false, glyphCount: none };
  const ff2 = fd.lookup(N("FontFile2"));
  if (ff2 instanceof PDFStream) return { embedded: true, glyphCount: () => trueTypeGlyphCount(streamBytes(ff2)) };
  return {
    embedded: fd.lookup(N("FontFile")) instanceof PDFStream || fd.lookup(N("FontFile3")) instanceof PDFStream,
    glyphCount: none,
  };
}

const cache = new WeakMap<PDFDict, FontInfo>();

/** Forget what is known of a font (its ToUnicode changed). */
export function forgetFont(font: PDFDict): void {
  cache.delete(font);
}

/** Describe a font dictionary (cached per dictionary). */
export function fontInfo(font: PDFDict): FontInfo {
  const hit = cache.get(font);
  if (hit) return hit;
  const subtype = nameOf(font.get(N("Subtype"))) ?? "";
  const encoding = nameOf(font.get(N("Encoding")));
  const tu = font.lookup(N("ToUnicode"));
  const toUnicode = tu instanceof PDFStream ? parseToUnicode(streamBytes(tu)) : undefined;
  let program: ReturnType<typeof descriptorProgram> = { embedded: subtype === "Type3", glyphCount: () => undefined };
  let glyph: (code: number) => number | undefined = () => undefined;
  const identity = encoding === "Identity-H" || encoding === "Identity-V";
  if (subtype === "Type0") {
    const descendants = font.lookup(N("DescendantFonts"));
    const cid = descendants instanceof PDFArray ? descendants.lookup(0) : undefined;
    if (cid instanceof PDFDict) {
      program = descriptorProgram(cid);
      const map = cid.lookup(N("CIDToGIDMap"));
      if (identity && (map === undefined || nameOf(map) === "Identity")) glyph = (c) => c;
      else if (identity && map instanceof PDFStream) {
        const bytes = streamBytes(map);
        glyph = (c) => (2 * c + 1 < bytes.length ? ((bytes[2 * c] ?? 0) << 8) | (bytes[2 * c + 1] ?? 0) : 0);
      }
    }
  } else if (subtype !== "Type3") program = descriptorProgram(font);
  // Read once, when first asked (only the checker asks).
  let glyphCount: number | undefined | null = null;
  const count = program.glyphCount;
  const info: FontInfo = {
    dict: font,
    name: nameOf(font.get(N("BaseFont"))) ?? subtype,
    subtype,
    codeLength: subtype === "Type0" ? 2 : 1,
    toUnicode,
    embedded: program.embedded,
    glyph,
    get glyphCount() {
      if (glyphCount === null) glyphCount = count();
      return glyphCount;
    },
  };
  cache.set(font, info);
  return info;
}

/** One-code lists, shared: Chromium shows one glyph at a time, so most shows are a single code. */
const SINGLE: (readonly number[])[] = [];

/** The character codes of a shown string (a shared list when it is one code: do not change it). */
export function codesOf(bytes: Uint8Array, length: 1 | 2): readonly number[] {
  if (bytes.length === length) {
    const code = length === 1 ? (bytes[0] ?? 0) : ((bytes[0] ?? 0) << 8) | (bytes[1] ?? 0);
    return (SINGLE[code] ??= Object.freeze([code]));
  }
  if (length === 1) return [...bytes];
  const out: number[] = [];
  for (let i = 0; i + 1 < bytes.length; i += 2) out.push(((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0));
  return out;
}

/** The /Font resources of a page or form (inherited resources included), by resource name. */
export function fontResources(doc: PDFDocument, resources: PDFObject | undefined): Map<string, PDFDict> {
  const out = new Map<string, PDFDict>();
  const res = resources instanceof PDFRef ? doc.context.lookup(resources) : resources;
  const fonts = res instanceof PDFDict ? res.lookup(N("Font")) : undefined;
  if (fonts instanceof PDFDict)
    for (const [k, v] of fonts.entries()) {
      const f = v instanceof PDFRef ? doc.context.lookup(v) : v;
      if (f instanceof PDFDict) out.set(k.decodeText(), f);
    }
  return out;
}
