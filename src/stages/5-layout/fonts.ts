import { readFileSync, writeFileSync } from "node:fs";
import { generate, parse, walk, type CssNode } from "../../lib/css.js";
import path from "node:path";
import { fontPackageDir } from "../../lib/font-package.js";
import { PACKAGE_ROOT } from "../../package/root.js";
import { glyphsOf, packageId, readIndexFile } from "./font-glyphs.js";
import type { Asset } from "../../model.js";

/**
 * Bundled typography. Fonts come from npm `@fontsource/*` packages, never
 * from the system. For each face we read the package's own CSS, keep only
 * the `@font-face` blocks whose unicode-range the edition's text needs, and
 * point them at copies beside the HTML. A character no bundled font covers
 * is an error, because Chromium would otherwise fall back to a system font.
 */

/** One family, the weights and styles the stylesheet uses. */
export interface FaceSpec {
  readonly family: string;
  readonly pkg: string;
  readonly files: readonly string[];
  /** Only used for characters the primary families lack (CJK, Arabic). */
  readonly fallback?: boolean;
  /**
   * The fontsource subsets used (all when absent). Noto Sans Arabic's "symbols" subset claims U+25A0–27BF in its
   * unicode-range without having its glyphs; chosen beside Noto Sans SC, it only took bytes. (A unicode-range is
   * a claim, not a promise: Noto Sans SC claims ☑ and lacks it. So a block covers a character only when its font
   * file has a glyph for it (font-glyphs.ts); see `covers`.)
   */
  readonly subsets?: readonly string[];
  /** Only used for the characters of code (`code`, `pre`, `kbd`, `samp`): the monospace face. */
  readonly code?: boolean;
}

/** The families the templates' CSS names. Keep in step with templates/styles. */
export const FACES: readonly FaceSpec[] = [
  {
    family: "Source Serif 4",
    pkg: "@fontsource/source-serif-4",
    files: ["400.css", "400-italic.css", "600.css", "600-italic.css"],
  },
  {
    family: "Source Sans 3",
    pkg: "@fontsource/source-sans-3",
    files: ["400.css", "600.css", "700.css"],
  },
  { family: "Noto Sans SC", pkg: "@fontsource/noto-sans-sc", files: ["400.css"], fallback: true },
  // A fallback for Arabic script only: the primary faces cover Latin, and Noto Sans SC the symbols.
  {
    family: "Noto Sans Arabic",
    pkg: "@fontsource/noto-sans-arabic",
    files: ["400.css", "700.css"],
    fallback: true,
    subsets: ["arabic"],
  },
  { family: "Noto Sans Mono", pkg: "@fontsource/noto-sans-mono", files: ["400.css"], code: true },
];

/** The fallback families, quoted for CSS, in order: what follows a primary family in every font stack. */
export const FALLBACK_STACK = FACES.filter((f) => f.fallback)
  .map((f) => `"${f.family}"`)
  .join(", ");

interface FaceBlock {
  readonly family: string;
  readonly style: string;
  readonly weight: string;
  readonly file: string;
  readonly ranges: readonly (readonly [number, number])[];
}

const cache = new Map<string, FaceBlock[]>();

function parseRanges(s: string): [number, number][] {
  return s.split(",").map((r) => {
    const [a, b] = r.trim().replace(/^U\+/i, "").split("-");
    const lo = parseInt(a ?? "0", 16);
    return [lo, b ? parseInt(b, 16) : lo];
  });
}

/** The descriptors of one `@font-face` rule, as written (`src` and `unicode-range` keep their text). */
function descriptors(rule: CssNode): Map<string, string> {
  const out = new Map<string, string>();
  walk(rule, {
    visit: "Declaration",
    enter: (d) => {
      out.set(d.property.toLowerCase(), generate(d.value).trim());
    },
  });
  return out;
}

/** One `@font-face` rule of a fontsource CSS file: its woff2 file (in the package's files/ folder), style, weight and ranges. */
export interface FaceRule {
  readonly url: string;
  readonly style: string;
  readonly weight: string;
  readonly ranges: readonly (readonly [number, number])[];
}

/** The `@font-face` rules of a fontsource CSS file that name a woff2 file beside it (css-tree parses it). */
export function parseFaceRules(css: string): FaceRule[] {
  const rules: FaceRule[] = [];
  walk(parse(css, { parseValue: true }), {
    visit: "Atrule",
    enter: (rule) => {
      if (rule.name.toLowerCase() !== "font-face") return;
      const d = descriptors(rule);
      const urls: string[] = [];
      walk(rule, { visit: "Url", enter: (u) => void urls.push(u.value) });
      const url = urls.find((u) => u.startsWith("./files/") && u.endsWith(".woff2"))?.slice("./files/".length);
      if (!url) return;
      const range = d.get("unicode-range");
      rules.push({
        url,
        style: d.get("font-style") || "normal",
        weight: d.get("font-weight") || "400",
        ranges: range ? parseRanges(range) : [[0, 0x10ffff]],
      });
    },
  });
  return rules;
}

/**
 * Where the rules of every CSS file the faces name are kept, made with dist/ (scripts/bundle.mjs), keyed by
 * package, version and file name: parsing the packages' CSS with css-tree (Noto Sans SC's alone has about a
 * hundred rules with long unicode-ranges) was about 0.17 s of a cold build's CPU, the same answer every time.
 * A file it does not know (a project pinning other font versions) is parsed, once per process.
 */
export const FACE_INDEX = path.join(PACKAGE_ROOT, "dist", "font-faces.json");

let faceIndex: Map<string, FaceRule[]> | undefined;

/** The face index's key for CSS file `cssName` of the font package in `dir`. */
const faceKey = (dir: string, cssName: string): string => `${packageId(dir)}/${cssName}`;

/** The rules of CSS file `cssName` in the font package in `dir`: from the index, else parsed. */
function faceRules(dir: string, cssName: string): readonly FaceRule[] {
  faceIndex ??= readIndexFile<FaceRule[]>(FACE_INDEX);
  return faceIndex.get(faceKey(dir, cssName)) ?? parseFaceRules(readFileSync(path.join(dir, cssName), "utf8"));
}

/** Write the index of every CSS file the faces name, resolved from `from` (run when dist/ is built); returns how many. */
export function writeFaceIndex(from: string, to = FACE_INDEX): number {
  const out: Record<string, FaceRule[]> = {};
  for (const spec of FACES) {
    const dir = fontPackageDir(spec.pkg, from);
    for (const name of spec.files) out[faceKey(dir, name)] = parseFaceRules(readFileSync(path.join(dir, name), "utf8"));
  }
  writeFileSync(to, JSON.stringify(out));
  return Object.keys(out).length;
}

/** The `@font-face` blocks of one fontsource CSS file of the package `from` resolves, less subsets the face leaves out. */
function blocksOf(spec: FaceSpec, cssName: string, from: string): FaceBlock[] {
  const dir = fontPackageDir(spec.pkg, from);
  const key = path.join(dir, cssName);
  const hit = cache.get(key);
  if (hit) return hit;
  const prefix = spec.pkg.replace("@fontsource/", "").length + 1;
  const blocks = faceRules(dir, cssName)
    .filter(
      (r) => !spec.subsets || spec.subsets.includes(r.url.slice(prefix).replace(/-\d+-(normal|italic)\.woff2$/, "")),
    )
    .map((r) => ({
      family: spec.family,
      style: r.style,
      weight: r.weight,
      file: path.join(dir, "files", r.url),
      ranges: r.ranges,
    }));
  cache.set(key, blocks);
  return blocks;
}

/** Whether a block's unicode-range claims `cp` and its font file really has a glyph for it. */
const covers = (b: FaceBlock, cp: number): boolean =>
  b.ranges.some(([lo, hi]) => cp >= lo && cp <= hi) && glyphsOf(b.file).has(cp);

/** Characters that need a glyph: not controls, spaces, invisible separators or variation selectors. */
function printable(text: string): Set<number> {
  const out = new Set<number>();
  for (const ch of text) {
    const cp = ch.codePointAt(0) ?? 0;
    const space = cp <= 0x20 || cp === 0xa0 || (cp >= 0x2000 && cp <= 0x200f) || cp === 0x2028 || cp === 0x2029;
    const selector = cp >= 0xfe00 && cp <= 0xfe0f;
    if (!space && !selector) out.add(cp);
  }
  return out;
}

/**
 * The `@font-face` blocks that cover `codepoints`: every block of a
 * primary face that covers one, and a fallback (CJK) block only for
 * characters no primary face has.
 */
function chooseBlocks(
  codepoints: ReadonlySet<number>,
  code: ReadonlySet<number>,
  from: string,
): { chosen: FaceBlock[]; covered: Set<number> } {
  const blocks = (spec: FaceSpec): FaceBlock[] => spec.files.flatMap((name) => blocksOf(spec, name, from));
  const primary = new Set<number>();
  for (const spec of FACES.filter((f) => !f.fallback && !f.code)) {
    for (const b of blocks(spec)) for (const cp of codepoints) if (covers(b, cp)) primary.add(cp);
  }
  const chosen: FaceBlock[] = [];
  const covered = new Set<number>();
  for (const spec of FACES) {
    for (const b of blocks(spec)) {
      const wanted = spec.code ? [...code] : [...codepoints];
      const needed = wanted.filter((cp) => covers(b, cp) && !(spec.fallback && primary.has(cp)));
      if (needed.length === 0) continue;
      needed.forEach((cp) => covered.add(cp));
      chosen.push(b);
    }
  }
  return { chosen, covered };
}

/** The faces chosen for each set of characters (fontsFor), at most CHOSEN_FACES_KEPT sets (a long `preview` session). */
const chosenFaces = new Map<
  string,
  { readonly css: string; readonly assets: readonly Asset[]; readonly covered: ReadonlySet<number> }
>();
const CHOSEN_FACES_KEPT = 64;

const hex = (cp: number): string => cp.toString(16);

/** One `@font-face` rule pointing at the copy beside the HTML. */
function faceRule(b: FaceBlock): string {
  const ranges = b.ranges.map(([lo, hi]) => (lo === hi ? `U+${hex(lo)}` : `U+${hex(lo)}-${hex(hi)}`)).join(",");
  const src = `url(../fonts/${path.basename(b.file)}) format('woff2')`;
  return `@font-face { font-family: '${b.family}'; font-style: ${b.style}; font-weight: ${b.weight}; font-display: block; src: ${src}; unicode-range: ${ranges}; }`;
}

/**
 * The CSS and font files an edition needs for the characters in `text`
 * (`code`: the part of it set in the monospace face); packages resolve
 * from `from` (the brief's folder). Also the characters no bundled face
 * covers, in order of first use (glyph-origin.ts says where they are).
 */
export function fontsFor(text: string, from: string, code = ""): { css: string; assets: Asset[]; missing: number[] } {
  const codepoints = printable(text);
  const codeCodepoints = printable(code);
  // The choice depends only on the two sets of characters: an edition laid out again with its page numbers,
  // or another edition of the brief in the same characters, gets the same faces without the search again.
  const key = `${from}\0${[...codepoints].sort((a, b) => a - b).join(",")}\0${[...codeCodepoints].sort((a, b) => a - b).join(",")}`;
  let found = chosenFaces.get(key);
  if (!found) {
    const { chosen, covered } = chooseBlocks(codepoints, codeCodepoints, from);
    found = {
      css: chosen.map(faceRule).join("\n"),
      assets: chosen.map((b) => ({ from: b.file, to: `assets/fonts/${path.basename(b.file)}` })),
      covered,
    };
    if (chosenFaces.size >= CHOSEN_FACES_KEPT) chosenFaces.clear();
    chosenFaces.set(key, found);
  }
  const { covered } = found;
  // In this text's own order of first use (the memo's key is the set, not the order).
  const missing = [...codepoints].filter((cp) => !covered.has(cp));
  return { css: found.css, assets: found.assets.map((a) => ({ ...a })), missing };
}

/** Every font file the faces name (their blocks' woff2 files), for the glyph index made with dist/. */
export function faceFiles(from: string): string[] {
  return FACES.flatMap((spec) => spec.files.flatMap((name) => blocksOf(spec, name, from).map((b) => b.file)));
}
