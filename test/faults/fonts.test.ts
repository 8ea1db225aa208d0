import { readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { runBuild } from "../../src/pipeline/index.js";
import { lines, snapshot } from "../helpers.js";
import { publishedBase } from "../published-base.js";
import { faultyChromium, leftovers, ourChromium } from "./support.js";

/**
 * A corrupt or missing font file. Fonts come from node_modules and are
 * copied into the edition's private staging folder before Chromium loads
 * the page; a faulty renderer (the real one, with a fault before each
 * print) damages that staged copy, which is exactly what a corrupt package would give the browser.
 * The render must fail with a font error (exit 3), never fall back to a
 * system font silently, and output/ must stay as it was.
 */

async function withDamagedFonts(damage: (fontFile: string) => void, jobs: number): Promise<void> {
  // The previous good output: the run's shared build of the base fixture, in this test's own copy.
  const { root, out, before } = publishedBase();
  const { seams } = faultyChromium((htmlFile) => {
    const fonts = path.join(path.dirname(htmlFile), "assets", "fonts");
    for (const f of readdirSync(fonts)) damage(path.join(fonts, f));
  });
  const r = await runBuild({ root, audiences: ["beta"], jobs }, seams);
  expect(r.exitCode).toBe(3);
  const [line, ...rest] = lines(r.diagnostics.filter((d) => d.severity === "error"));
  expect(rest).toEqual([]);
  expect(line).toMatch(
    /^output\/mini-beta\.pdf:0:0: error font files failed to load: Source (Serif 4|Sans 3) \d+ (normal|italic).* render\/font$/,
  );
  expect(r.diagnostics.find((d) => d.ruleId === "render/font")?.hint).toMatch(
    /a bundled font file is missing or corrupt/,
  );
  expect(snapshot(out)).toEqual(before);
  expect(leftovers(out)).toEqual([]);
  expect(ourChromium()).toEqual([]);
}

describe.each([1, 2])("font faults, --jobs %i", (jobs) => {
  it("a corrupt font file: exit 3 with a font error, output intact", async () => {
    await withDamagedFonts((f) => writeFileSync(f, Buffer.from("this is not a woff2 file".repeat(40))), jobs);
  });

  it("a missing font file: exit 3 with a font error, output intact", async () => {
    await withDamagedFonts((f) => rmSync(f), jobs);
  });
});
