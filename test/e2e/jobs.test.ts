import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO, specimenCopy, snapshot } from "../helpers.js";
import { limit } from "../slowness.js";

/**
 * `--jobs` changes how many editions print at once, never what they are:
 * the DeepSeek brief built with --jobs 1 and with --jobs 2 (no cache, real
 * Chromium) gives byte-identical files and the same report, line for line.
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
      const one = specimenCopy();
      const two = specimenCopy();
      const a = build(one, 1);
      const b = build(two, 2);
      expect(a.code).toBe(0);
      expect(b.code).toBe(0);
      expect(b.problems).toEqual(a.problems);
      expect(b.stdout.replaceAll(two, "ROOT")).toEqual(a.stdout.replaceAll(one, "ROOT"));
      const left = snapshot(path.join(one, "output"));
      const right = snapshot(path.join(two, "output"));
      expect([...right.keys()].sort()).toEqual([...left.keys()].sort());
      for (const [file, bytes] of left) expect(right.get(file)?.equals(bytes), file).toBe(true);
      expect([...left.keys()].filter((f) => f.endsWith(".pdf")).length).toBe(3);
    },
    limit(600_000),
  );
});
