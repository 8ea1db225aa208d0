import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { z } from "zod";
import { PACKAGE_ROOT } from "../../package/root.js";

/**
 * Which code points a bundled font file really has glyphs for (a
 * unicode-range is only a claim: Noto Sans SC claims ☑ and lacks it).
 * fontkit reads that from the file, but decompressing WOFF2 in JavaScript
 * costs about 20 ms of CPU a file (0.4 s for the DeepSeek brief's 21
 * files), so the answer for every file the faces name is worked out once,
 * when dist/ is built (scripts/bundle.mjs), and kept in
 * dist/font-glyphs.json, keyed by package, version and file name. A file
 * it does not know (a project pinning other font versions) is read with
 * fontkit, once per process.
 */

/** Where the index lives, beside the compiled code. */
export const GLYPH_INDEX = path.join(PACKAGE_ROOT, "dist", "font-glyphs.json");

type Ranges = [number, number][];

/** Code points as sorted, merged ranges. */
function toRanges(cps: Iterable<number>): Ranges {
  const out: Ranges = [];
  for (const cp of [...new Set(cps)].sort((a, b) => a - b)) {
    const last = out[out.length - 1];
    if (last && cp === last[1] + 1) last[1] = cp;
    else out.push([cp, cp]);
  }
  return out;
}

const versions = new Map<string, string>();

/** `@fontsource/x@5.3.0` for the font package in folder `dir` (its package.json's name and version). */
export function packageId(dir: string): string {
  let id = versions.get(dir);
  if (id === undefined) {
    const pkg = z
      .object({ name: z.string(), version: z.string() })
      .parse(JSON.parse(readFileSync(path.join(dir, "package.json"), "utf8")));
    id = `${pkg.name}@${pkg.version}`;
    versions.set(dir, id);
  }
  return id;
}

/** `@fontsource/x@5.3.0/x-latin-400-normal.woff2` for a file in a font package's `files/` folder. */
function keyOf(file: string): string {
  return `${packageId(path.dirname(path.dirname(file)))}/${path.basename(file)}`;
}

/** The code points of a font file, read with fontkit (loaded only then: it is a large module, and the index usually answers). */
function readGlyphs(file: string): number[] {
  const fontkit = createRequire(import.meta.url)("fontkit") as typeof import("fontkit");
  const font = fontkit.openSync(file);
  return "fonts" in font ? font.fonts.flatMap((f) => f.characterSet) : font.characterSet;
}

let index: Map<string, Ranges> | undefined;

/**
 * The index made with dist/ (empty when there is none). It is this tool's own output, so only its shape is checked
 * (an object of arrays), not every pair: a full schema parse of its 5,000 ranges cost more than it saves.
 */
function readIndex(): Map<string, Ranges> {
  return readIndexFile<Ranges>(GLYPH_INDEX);
}

/** An index made with dist/ (an object of arrays by key; empty when there is none): the glyph index and fonts.ts's face index. */
export function readIndexFile<T extends readonly unknown[]>(file: string): Map<string, T> {
  if (!existsSync(file)) return new Map();
  const data: unknown = JSON.parse(readFileSync(file, "utf8"));
  const shape = z.record(z.string(), z.array(z.unknown())).safeParse(data);
  return new Map<string, T>(shape.success ? Object.entries(shape.data as unknown as Record<string, T>) : []);
}
const sets = new Map<string, ReadonlySet<number>>();

/** The code points a font file has glyphs for. */
export function glyphsOf(file: string): ReadonlySet<number> {
  let set = sets.get(file);
  if (set) return set;
  index ??= readIndex();
  const ranges = index.get(keyOf(file));
  const cps: number[] = [];
  if (ranges) for (const [lo, hi] of ranges) for (let cp = lo; cp <= hi; cp++) cps.push(cp);
  set = new Set(ranges ? cps : readGlyphs(file));
  sets.set(file, set);
  return set;
}

/** Write the index for `files` (run when dist/ is built); returns how many files it holds. */
export function writeGlyphIndex(files: readonly string[], to = GLYPH_INDEX): number {
  const out: Record<string, Ranges> = {};
  for (const f of [...new Set(files)].sort()) out[keyOf(f)] = toRanges(readGlyphs(f));
  writeFileSync(to, JSON.stringify(out));
  return Object.keys(out).length;
}
