import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { runBuild } from "../../src/pipeline/index.js";
import { REAL_SEAMS, type Seams } from "../../src/pipeline/seams.js";
import { RenderError } from "../../src/stages/6-render/index.js";
import { read, tempProject } from "../helpers.js";
import { faultyChromium } from "./support.js";

/**
 * No partial or empty edition, ever: one fault per pipeline stage, each
 * after a good build. Whichever stage the fault is found in (load, plan,
 * merge, markdown, layout, render, or a rule checked on the printed PDF),
 * the build exits non-zero and the previous PDF and HTML are still there,
 * byte for byte (compared by sha256).
 */

const sha = (file: string): string => createHash("sha256").update(readFileSync(file)).digest("hex");
const EDITIONS = ["mini-alpha", "mini-beta"] as const;
const FILES = EDITIONS.flatMap((e) => [`output/${e}.pdf`, `output/${e}.html`]);

let root: string;
let good: Map<string, string>;

/** The sha256 of every edition file now. */
const hashes = (): Map<string, string> => new Map(FILES.map((f) => [f, sha(path.join(root, f))]));

/** Apply `change` to a file of the project, build with `seams`, then put the file back. */
async function faultIn(
  file: string,
  change: (text: string) => string,
  seams: Seams = REAL_SEAMS,
): Promise<{ exitCode: number; rules: string[] }> {
  const abs = path.join(root, file);
  const before = readFileSync(abs, "utf8");
  const after = change(before);
  expect(after, `the fault must change ${file}`).not.toBe(before);
  writeFileSync(abs, after);
  try {
    const r = await runBuild({ root }, seams);
    return { exitCode: r.exitCode, rules: r.diagnostics.filter((d) => d.severity === "error").map((d) => d.ruleId) };
  } finally {
    writeFileSync(abs, before);
  }
}

beforeAll(async () => {
  root = tempProject();
  const r = await runBuild({ root }, REAL_SEAMS);
  expect(r.exitCode).toBe(0);
  good = hashes();
});

describe("a fault in any stage leaves the previous editions byte for byte", () => {
  it("load: a YAML error in facts.yaml", async () => {
    const r = await faultIn("content/mini/facts.yaml", (t) => t.replace("value: 18", "value: [18"));
    expect(r).toEqual({ exitCode: 1, rules: ["yaml/syntax"] });
    expect(hashes()).toEqual(good);
  });

  it("plan: a section names an audience the brief does not publish for (a typo)", async () => {
    const r = await faultIn("content/mini/sections/20-alpha.md", (t) =>
      t.replace("audiences: [alpha]", "audiences: [alphas]"),
    );
    expect(r.exitCode).toBe(1);
    expect(r.rules).toEqual(["section/unknown-audience"]);
    expect(hashes()).toEqual(good);
  });

  it("merge: a fact that does not exist", async () => {
    const r = await faultIn("content/mini/sections/10-common.md", (t) => `${t}\nA figure: {{fact "no-such-fact"}}.\n`);
    expect(r).toEqual({ exitCode: 1, rules: ["facts/undefined"] });
    expect(hashes()).toEqual(good);
  });

  it("markdown: an unsafe link", async () => {
    const r = await faultIn("content/mini/sections/10-common.md", (t) => `${t}\n[click](javascript:alert(1))\n`);
    expect(r).toEqual({ exitCode: 1, rules: ["markdown/unsafe-link"] });
    expect(hashes()).toEqual(good);
  });

  it("layout: a chart that plots text", async () => {
    const r = await faultIn("content/mini/charts.yaml", (t) => t.replace(/facts: \[([^\]]*)\]/, "facts: [$1, day]"));
    expect(r.exitCode).toBe(1);
    expect(r.rules).toEqual(["charts/non-numeric"]);
    expect(hashes()).toEqual(good);
  });

  it("render: the browser fails while printing", async () => {
    const { seams } = faultyChromium(() => {
      throw new RenderError("failed", "the printer caught fire");
    });
    const r = await faultIn("content/mini/sections/10-common.md", (t) => `${t}\nA new sentence.\n`, seams);
    expect(r.exitCode).toBe(3);
    expect(hashes()).toEqual(good);
  });

  it("post-render rules: the printed edition is over its page budget", async () => {
    const r = await faultIn("templates/audiences/alpha.yaml", (t) => t.replace("budget: 3", "budget: 1"));
    expect(r).toEqual({ exitCode: 1, rules: ["edition/page-budget"] });
    expect(hashes()).toEqual(good);
    expect(read(root, "output/.rejected/mini-alpha.pdf").length).toBeGreaterThan(0);
  });
});
