import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ENTRIES, projectCopy, REPO, specimenCopy, tempProject } from "../helpers.js";
import { spawnWatched } from "../watchdog.js";

/**
 * The suite's projects never take the checkout's own audiences or briefs:
 * an author who followed the README's tutorial has
 * templates/audiences/journalist.yaml and content/ai-act/ in the checkout,
 * and the tests must see exactly what they saw before. This file passes in
 * any checkout; test/e2e/tutorial-then-tests.test.ts runs it in one where
 * the tutorial was followed.
 */

const BIN = path.join(REPO, "bin", "brief.js");
const names = (dir: string): string[] => readdirSync(dir).sort();

function brief(args: string[], cwd: string): { code: number | null; out: string } {
  const r = spawnWatched(`brief ${args.join(" ")}`, 120_000, process.execPath, [BIN, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: "1" },
    encoding: "utf8",
  });
  return { code: r.status, out: `${r.stdout}\n${r.stderr}` };
}

describe("test projects are the fixtures', never the checkout's", () => {
  it("projectCopy holds the three shipped audiences and the specimen brief, so the tutorial runs in it", () => {
    const copy = projectCopy();
    expect(names(path.join(copy, "templates", "audiences"))).toEqual([
      "government.yaml",
      "investor.yaml",
      "student.yaml",
    ]);
    expect(names(path.join(copy, "content"))).toEqual(["deepseek"]);
    // The tutorial's first steps, as readme.test.ts and second-brief.test.ts take them in a copy.
    const audience = brief(["new", "--audience", "journalist"], copy);
    expect(audience.code, audience.out).toBe(0);
    const created = brief(["new", "ai-act", "--audiences", "government,journalist", "--date", "2026-12-01"], copy);
    expect(created.code, created.out).toBe(0);
  });

  it("tempProject and specimenCopy hold their fixture's audiences and briefs only", () => {
    const mini = tempProject();
    expect(names(path.join(mini, "templates", "audiences"))).toEqual(["alpha.yaml", "beta.yaml"]);
    expect(names(path.join(mini, "content"))).toEqual(["mini"]);
    const specimen = specimenCopy();
    expect(names(path.join(specimen, "templates", "audiences"))).toEqual([
      "government.yaml",
      "investor.yaml",
      "student.yaml",
    ]);
    expect(names(path.join(specimen, "content"))).toEqual(["deepseek"]);
  });

  it("the copies take every top-level entry the checkout tracks that code or tests read", () => {
    // A new top-level folder (csl/ once) must join PROJECT_ENTRIES, or tests run in a copy without it.
    const notCopied = new Set([
      ".ci",
      ".github",
      ".gitignore",
      ".prettierignore",
      ".prettierrc.json",
      "CHANGELOG.md",
      "CONTRIBUTING.md",
      "docs",
      "eslint.config.js",
    ]);
    // In a git checkout, what it tracks; in a copy without .git (the tutorial test's), what the folder holds.
    const tracked = existsSync(path.join(REPO, ".git"))
      ? [
          ...new Set(
            spawnSync("git", ["ls-files"], { cwd: REPO, encoding: "utf8" })
              .stdout.split("\n")
              .filter(Boolean)
              .map((f) => f.split("/")[0] ?? f),
          ),
        ]
      : readdirSync(REPO).filter((e) => e !== "node_modules" && e !== "output");
    expect(tracked).toContain("src");
    const missing = tracked.filter((e) => !notCopied.has(e) && !(PROJECT_ENTRIES as readonly string[]).includes(e));
    expect(missing, "add these to PROJECT_ENTRIES in test/helpers.ts, or to notCopied here with a reason").toEqual([]);
  });
});
