import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "../helpers.js";
import { keyOf, sharedFixtureBuild, sharedSpecimenBuild } from "../shared-build.js";
import { seedSharedBuilds, sharedBuildsDir } from "../shared-builds-dir.js";

/**
 * A fixture built once per run and shared (test/shared-build.ts): the
 * second caller gets the first build's result without building again, in a
 * copy of its own, so what one suite writes into its project no other sees.
 */
describe("a shared build", () => {
  it("runs once per run and gives each caller its own copy", () => {
    // `brief check --no-render` stands in for a build: same path through the cache, no browser.
    const args = ["check", "--no-render"];
    const env = { SOURCE_DATE_EPOCH: "1739145600" };
    const first = sharedSpecimenBuild(args, env);
    expect(first.status).toBe(0);
    const builds = readdirSync(sharedBuildsDir());
    writeFileSync(path.join(first.root, "written-by-the-first-caller.txt"), "mine\n");
    const second = sharedSpecimenBuild(args, env);
    expect(second.root).not.toBe(first.root);
    expect(second.builtAt).toBe(first.builtAt); // the same run, not a second one
    expect(readdirSync(sharedBuildsDir())).toEqual(builds);
    expect([second.status, second.stdout, second.stderr]).toEqual([first.status, first.stdout, first.stderr]);
    expect(existsSync(path.join(second.root, "content", "deepseek", "brief.yaml"))).toBe(true);
    expect(existsSync(path.join(second.root, "written-by-the-first-caller.txt"))).toBe(false);
    // Another command or environment is another build.
    const other = sharedSpecimenBuild(args, { SOURCE_DATE_EPOCH: "1739232000" });
    expect(other.builtAt).not.toBe(first.builtAt);
  });

  it("builds the base fixture apart from the specimen, from the base fixture's own files", () => {
    const args = ["check", "--no-render"];
    const env = { SOURCE_DATE_EPOCH: "1739145600" };
    const specimen = sharedSpecimenBuild(args, env);
    const base = sharedFixtureBuild("base", args, env);
    expect(keyOf("base", args, env)).not.toBe(keyOf("specimen", args, env));
    expect(base.status).toBe(0);
    expect(base.builtIn).not.toBe(specimen.builtIn); // a build of its own, not the specimen's
    expect(existsSync(path.join(base.root, "content", "mini", "brief.yaml"))).toBe(true);
    expect(existsSync(path.join(base.root, "content", "deepseek"))).toBe(false);
    // A second caller gets the same build, in a copy of its own.
    const again = sharedFixtureBuild("base", args, env);
    expect([again.builtIn, again.builtAt]).toEqual([base.builtIn, base.builtAt]);
    expect(again.root).not.toBe(base.root);
  });
});

describe("a nested run seeded with this run's shared builds", () => {
  it("uses the builds already made instead of making them again, and skips half-made ones", () => {
    const args = ["check", "--no-render"];
    const env = { SOURCE_DATE_EPOCH: "1739145600" };
    const outer = sharedSpecimenBuild(args, env);
    const outerDir = sharedBuildsDir();
    mkdirSync(path.join(outerDir, "half-made.1234.tmp"), { recursive: true });
    const run = process.env.BRIEF_TEST_RUN;
    process.env.BRIEF_TEST_RUN = `seeded-${process.pid}-${Date.now()}`;
    const nestedDir = sharedBuildsDir();
    try {
      const copied = seedSharedBuilds(outerDir, nestedDir);
      expect(copied.length).toBeGreaterThan(0);
      expect(readdirSync(nestedDir).some((k) => k.endsWith(".tmp"))).toBe(false);
      const nested = sharedSpecimenBuild(args, env);
      expect(nested.builtAt).toBe(outer.builtAt); // copied, not built again
      expect(nested.root).not.toBe(outer.root);
      expect(seedSharedBuilds(outerDir, nestedDir)).toEqual([]); // what the nested run holds is kept
    } finally {
      if (run === undefined) delete process.env.BRIEF_TEST_RUN;
      else process.env.BRIEF_TEST_RUN = run;
      rmSync(nestedDir, { recursive: true, force: true });
      rmSync(path.join(outerDir, "half-made.1234.tmp"), { recursive: true, force: true });
    }
  });
});

describe("a shared build's key", () => {
  it("ignores the checkout's audiences (specimenCopy never takes them) but not the rest of templates/", () => {
    const templates = path.join(mkdtempSync(path.join(os.tmpdir(), "brief-key-")), "templates");
    cpSync(path.join(REPO, "templates"), templates, { recursive: true });
    const key = (): string => keyOf("specimen", ["build"], { SOURCE_DATE_EPOCH: "1739145600" }, templates);
    const before = key();
    expect(key()).toBe(before);
    // What `brief new --audience journalist` adds to a checkout, as the README's tutorial does.
    mkdirSync(path.join(templates, "audiences"), { recursive: true });
    writeFileSync(path.join(templates, "audiences", "journalist.yaml"), "label: Journalist\n");
    expect(key()).toBe(before);
    appendFileSync(path.join(templates, "styles", "print.css"), "\n/* a change the build reads */\n");
    expect(key()).not.toBe(before);
    rmSync(path.dirname(templates), { recursive: true, force: true });
  });
});
