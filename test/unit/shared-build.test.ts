import { existsSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sharedSpecimenBuild } from "../shared-build.js";
import { sharedBuildsDir } from "../shared-builds-dir.js";

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
});
