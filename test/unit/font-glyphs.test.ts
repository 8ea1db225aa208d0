import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GLYPH_INDEX, glyphsOf, writeGlyphIndex } from "../../src/stages/5-layout/font-glyphs.js";
import { faceFiles } from "../../src/stages/5-layout/fonts.js";
import { REPO } from "../helpers.js";

/** The glyph index made with dist/ (font-glyphs.ts): what fontkit reads, kept so a build need not read it again. */

const SLICE = path.join(REPO, "node_modules/@fontsource/noto-sans-sc/files/noto-sans-sc-88-400-normal.woff2");
const inRanges = (ranges: [number, number][], cp: number): boolean => ranges.some(([lo, hi]) => cp >= lo && cp <= hi);

describe("the glyph index", () => {
  it("records a file's real glyphs: the slice that claims ☑ has ▣ and □ but not ☑", () => {
    const to = path.join(mkdtempSync(path.join(os.tmpdir(), "brief-glyphs-")), "index.json");
    expect(writeGlyphIndex([SLICE], to)).toBe(1);
    const index = JSON.parse(readFileSync(to, "utf8")) as Record<string, [number, number][]>;
    const [key, ranges = []] = Object.entries(index)[0] ?? [];
    expect(key).toMatch(/^@fontsource\/noto-sans-sc@\d+\.\d+\.\d+\/noto-sans-sc-88-400-normal\.woff2$/);
    expect([0x25a3, 0x25a1, 0x2611].map((cp) => inRanges(ranges, cp))).toEqual([true, true, false]);
    expect(glyphsOf(SLICE).has(0x25a3)).toBe(true);
    expect(glyphsOf(SLICE).has(0x2611)).toBe(false);
  });

  it("made with dist/, holds every file the faces name, so a build reads no font with fontkit", () => {
    const index = JSON.parse(readFileSync(GLYPH_INDEX, "utf8")) as Record<string, unknown>;
    const names = new Set(Object.keys(index).map((k) => k.slice(k.lastIndexOf("/") + 1)));
    const files = faceFiles(REPO).map((f) => path.basename(f));
    expect(files.length).toBeGreaterThan(100);
    expect(files.filter((f) => !names.has(f))).toEqual([]);
  });
});
