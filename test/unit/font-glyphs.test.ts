import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { GLYPH_INDEX, glyphsOf, packageId, writeGlyphIndex } from "../../src/stages/5-layout/font-glyphs.js";
import { FACE_INDEX, FACES, faceFiles, parseFaceRules, writeFaceIndex } from "../../src/stages/5-layout/fonts.js";
import { fontPackageDir } from "../../src/lib/font-package.js";
import { REPO } from "../helpers.js";

/**
 * The glyph index and the face index made with dist/ (font-glyphs.ts, fonts.ts): what fontkit and css-tree read,
 * kept so a build need not read it again.
 */

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

describe("the face index", () => {
  it("made with dist/, holds every CSS file the faces name, each as css-tree parses it from the package", () => {
    const index = JSON.parse(readFileSync(FACE_INDEX, "utf8")) as Record<string, unknown>;
    const expected: Record<string, unknown> = {};
    for (const spec of FACES) {
      const dir = fontPackageDir(spec.pkg, REPO);
      for (const name of spec.files)
        expected[`${packageId(dir)}/${name}`] = parseFaceRules(readFileSync(path.join(dir, name), "utf8"));
    }
    expect(Object.keys(expected).length).toBe(FACES.reduce((n, f) => n + f.files.length, 0));
    // Round-tripped through JSON, as the build reads it.
    expect(index).toEqual(JSON.parse(JSON.stringify(expected)));
  });

  it("keeps each rule's file, style, weight and ranges: Noto Sans SC's slice 88 claims ☑", () => {
    const dir = fontPackageDir("@fontsource/noto-sans-sc", REPO);
    const rules = parseFaceRules(readFileSync(path.join(dir, "400.css"), "utf8"));
    expect(rules.length).toBeGreaterThan(90);
    const slice = rules.find((r) => r.url === "noto-sans-sc-88-400-normal.woff2");
    expect(slice).toMatchObject({ style: "normal", weight: "400" });
    expect(inRanges(slice?.ranges.map(([a, b]) => [a, b] as [number, number]) ?? [], 0x2611)).toBe(true);
  });

  it("writes an index a build can read in place of the CSS", () => {
    const to = path.join(mkdtempSync(path.join(os.tmpdir(), "brief-faces-")), "faces.json");
    expect(writeFaceIndex(REPO, to)).toBe(FACES.reduce((n, f) => n + f.files.length, 0));
    expect(readFileSync(to, "utf8")).toBe(readFileSync(FACE_INDEX, "utf8"));
  });
});
