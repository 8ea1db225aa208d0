import { appendFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { build } from "../../src/index.js";
import { runBuild } from "../../src/pipeline/index.js";
import { lines, snapshot, tempProject } from "../helpers.js";
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
  const root = tempProject();
  expect((await build({ root })).exitCode).toBe(0);
  const out = path.join(root, "output");
  const before = snapshot(out);
  appendFileSync(path.join(root, "content/mini/sections/10-common.md"), "\nA sentence added after the first build.\n");
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
