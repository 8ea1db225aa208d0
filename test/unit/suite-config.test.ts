import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "../helpers.js";

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
