import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import os from "node:os";
import { REPO, specimenCopy, snapshot } from "../helpers.js";
import { sharedSpecimenBuild } from "../shared-build.js";
import { limit } from "../slowness.js";

/**
 * `--jobs` changes how many editions print at once, never what they are:
 * the DeepSeek brief built with --jobs 1 and with --jobs 2 (no cache, real
 * Chromium) gives byte-identical files and the same report, line for line.
 * One side is the run's shared cold build of the specimen (test/shared-build.ts:
 * the default N, the number of cores, in a fresh copy with an empty cache,
 * as editions and accessibility read it); the other a build with another N.
 */

function build(root: string, jobs: number): { code: number | null; stdout: string; problems: string[] } {
  const r = spawnSync(
    process.execPath,
    [path.join(REPO, "bin/brief.js"), "build", "--no-cache", "--jobs", String(jobs)],
    {
      cwd: root,
      env: { ...process.env, NO_COLOR: "1", CI: "1", SOURCE_DATE_EPOCH: "1739145600" },
      encoding: "utf8",
      timeout: limit(300_000),
    },
  );
  // Progress lines ("[2/3] …") report timings and completion order; the problems are everything else.
  const problems = r.stderr.split("\n").filter((l) => l && !/^\[\d+\/\d+\] /.test(l));
  return { code: r.status, stdout: r.stdout, problems };
}

describe("--jobs", () => {
  it(
    "gives byte-identical editions and the same diagnostics whatever N is",
    () => {
      const shared = sharedSpecimenBuild(["build"], { SOURCE_DATE_EPOCH: "1739145600" });
      const cores = os.availableParallelism();
      const two = specimenCopy();
      const b = build(two, cores === 1 ? 2 : 1);
      expect(shared.status, shared.stderr).toBe(0);
      expect(b.code).toBe(0);
      const sharedProblems = shared.stderr.split("\n").filter((l) => l && !/^\[\d+\/\d+\] /.test(l));
      expect(b.problems).toEqual(sharedProblems);
      expect(b.stdout.replaceAll(two, "ROOT")).toEqual(shared.stdout.replaceAll(shared.builtIn, "ROOT"));
      const one = shared.root;
      const left = snapshot(path.join(one, "output"));
      const right = snapshot(path.join(two, "output"));
      expect([...right.keys()].sort()).toEqual([...left.keys()].sort());
      for (const [file, bytes] of left) expect(right.get(file)?.equals(bytes), file).toBe(true);
      expect([...left.keys()].filter((f) => f.endsWith(".pdf")).length).toBe(3);
    },
    limit(600_000),
  );
});
