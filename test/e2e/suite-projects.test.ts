import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "../helpers.js";
import { limit } from "../slowness.js";

/**
 * One vitest run can hold a browser project and a no-browser one together,
 * as second-brief's nested run does, whatever the two worker counts are:
 * vitest refuses to run projects side by side when their maxWorkers differ
 * unless they are in different group orders (vitest.config.ts). With two
 * browser workers on a 2-core machine the counts happened to agree; with
 * three, or on a runner with four cores, the nested run stopped before any
 * test.
 */
describe("the suite's projects in one run", () => {
  it(
    "a browser file and a no-browser file start together when the browser project has other workers than the rest",
    () => {
      // The no-browser projects take one worker a core (at least two): one more is always different.
      const workers = String(Math.max(2, os.availableParallelism()) + 1);
      const r = spawnSync(
        process.execPath,
        [
          path.join(REPO, "node_modules", "vitest", "vitest.mjs"),
          "run",
          "--project",
          "browser",
          "--project",
          "fast",
          "test/e2e/charts.test.ts",
          "test/unit/paired-stats.test.ts",
          // Collected, grouped and scheduled, but no test body runs: grouping is what is checked.
          "-t",
          "no test has this name",
        ],
        {
          cwd: REPO,
          env: { ...process.env, NO_COLOR: "1", BRIEF_BROWSER_WORKERS: workers },
          encoding: "utf8",
          timeout: limit(120_000),
        },
      );
      const out = `${r.stdout}\n${r.stderr}`;
      expect(out).not.toMatch(/groupOrder/);
      expect(out, out.slice(-2000)).toMatch(/Test Files {2}2 skipped \(2\)/);
      expect(r.status, out.slice(-2000)).toBe(0);
    },
    limit(150_000),
  );
});
