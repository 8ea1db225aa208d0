import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { contrast } from "../../src/lib/contrast.js";
import { FIXTURES, REPO } from "../helpers.js";

/** WCAG contrast: every text colour the stylesheet uses reaches 4.5:1 on its background. */

const css = readFileSync(path.join(REPO, "templates/styles/print.css"), "utf8");
const variable = (name: string): string => {
  const m = new RegExp(`--${name}:\\s*(#[0-9a-fA-F]{6})`).exec(css);
  if (!m?.[1]) throw new Error(`--${name} not found in print.css`);
  return m[1];
};

describe("colour contrast", () => {
  const white = "#ffffff";
  const tint = variable("tint");
  it("body, muted and header text on white and on the takeaways tint", () => {
    for (const c of [variable("ink"), variable("muted"), "#4a4a4a"]) {
      expect(contrast(c, white)).toBeGreaterThanOrEqual(4.5);
      expect(contrast(c, tint)).toBeGreaterThanOrEqual(4.5);
    }
  });
  it("every shipped audience accent as text on white and tint, and white label text on the accent", () => {
    // The shipped audiences as the specimen fixture freezes them: an audience an author adds is not the suite's to judge.
    const dir = path.join(FIXTURES, "specimen/templates/audiences");
    const files = readdirSync(dir).filter((f) => f.endsWith(".yaml"));
    expect(files.length).toBeGreaterThanOrEqual(3);
    for (const f of files) {
      const accent = (parse(readFileSync(path.join(dir, f), "utf8")) as { accent: string }).accent;
      expect(contrast(accent, white), f).toBeGreaterThanOrEqual(4.5);
      expect(contrast(accent, tint), f).toBeGreaterThanOrEqual(4.5);
    }
  });
  it("the check itself can fail: a pale grey does not pass", () => {
    expect(contrast("#aaaaaa", "#ffffff")).toBeLessThan(4.5);
  });
});
