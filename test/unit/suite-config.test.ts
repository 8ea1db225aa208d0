import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import type { TestSpecification } from "vitest/node";
import costs from "../file-costs.json" with { type: "json" };
import { REPO } from "../helpers.js";
import { costliestFirst, costOf } from "../sequencer.js";

/**
 * The suite's make targets (issue 33): `make test` runs every project, the
 * no-browser ones first, and honours TEST_SHARD for a CI matrix;
 * `make test-fast`, the inner loop, runs only the fast project.
 */
const makefile = readFileSync(path.join(REPO, "Makefile"), "utf8");

/** The recipe lines of a make target. */
function recipe(target: string): string[] {
  const m = new RegExp(`^${target}:[^\\n]*\\n((?:\\t.*\\n?)*)`, "m").exec(makefile);
  return (m?.[1] ?? "").split("\n").filter(Boolean);
}

describe("the suite's make targets", () => {
  it("make test runs the fast, slow and browser projects, each split by TEST_SHARD when it is set", () => {
    const runs = recipe("test").filter((l) => l.includes("vitest run"));
    expect(runs.map((l) => [...l.matchAll(/--project (\w+)/g)].map((m) => m[1]))).toEqual([
      ["fast", "slow"],
      ["browser"],
    ]);
    for (const l of runs) expect(l).toContain('${TEST_SHARD:+--shard "$$TEST_SHARD"}');
  });

  it("make test-fast runs the fast project alone", () => {
    const runs = recipe("test-fast").filter((l) => l.includes("vitest run"));
    expect(runs).toEqual(["\tNO_COLOR=1 npx vitest run --project fast"]);
  });
});

describe("the order the browser files start in (test/sequencer.ts)", () => {
  const spec = (project: string, file: string) =>
    ({ project: { name: project }, moduleId: path.join(REPO, file) }) as unknown as TestSpecification;

  it("starts each project's costliest measured files first, and keeps vitest's order for the rest", () => {
    const files = [
      spec("browser", "test/e2e/zzz-new.test.ts"),
      spec("browser", "test/e2e/team-workflow.test.ts"),
      spec("browser", "test/e2e/aaa-new.test.ts"),
      spec("browser", "test/e2e/simulate-year.test.ts"),
      spec("fast", "test/unit/x.test.ts"),
      spec("browser", "test/faults/soak.test.ts"),
    ];
    const order = costliestFirst(REPO, files).map((f) => `${f.project.name}:${path.relative(REPO, f.moduleId)}`);
    expect(order).toEqual([
      "browser:test/e2e/simulate-year.test.ts",
      "browser:test/e2e/team-workflow.test.ts",
      "browser:test/faults/soak.test.ts",
      "browser:test/e2e/zzz-new.test.ts",
      "browser:test/e2e/aaa-new.test.ts",
      "fast:test/unit/x.test.ts",
    ]);
  });

  it("measures only files that exist, and the year simulation (the longest) first", () => {
    const named = Object.keys(costs.seconds);
    expect(named.filter((f) => !existsSync(path.join(REPO, f)))).toEqual([]);
    expect(costOf(REPO, path.join(REPO, "test/e2e/simulate-year.test.ts"))).toBe(
      Math.max(...Object.values(costs.seconds)),
    );
  });
});

describe("make's shells", () => {
  it("never read the user's ~/.bashrc, even when make is started with piped stdio and no SHLVL", () => {
    const home = mkdtempSync(path.join(os.tmpdir(), "brief-home-"));
    try {
      const marker = path.join(home, "bashrc-was-read");
      writeFileSync(path.join(home, ".bashrc"), `touch '${marker}'\n`);
      const env: NodeJS.ProcessEnv = { ...process.env, HOME: home };
      delete env.SHLVL;
      // stdin a pipe from Node (a socket), as for every make a test, the simulation or a CI harness starts.
      const r = spawnSync("make", ["--no-print-directory", "-C", REPO, "-n", "test-fast"], { env, encoding: "utf8" });
      expect(r.status, r.stderr).toBe(0);
      expect(existsSync(marker)).toBe(false);
      // The same shell without the Makefile's flags does read it: the check above can fail.
      spawnSync("/bin/bash", ["-c", "true"], { env, encoding: "utf8" });
      expect(existsSync(marker)).toBe(true);
    } finally {
      rmSync(home, { recursive: true, force: true });
    }
  });
});
