import os from "node:os";
import { configDefaults, defineConfig } from "vitest/config";
import CostliestFirstSequencer from "./test/sequencer.js";
import { limit, SLOWNESS } from "./test/slowness.js";

// Measured once here; the workers inherit it, so every limit in the run uses the same factor.
process.env.BRIEF_TEST_SLOWNESS = String(SLOWNESS);
// One id per run: fixtures built once and shared between files (test/shared-build.ts) live under it.
process.env.BRIEF_TEST_RUN = `${process.pid}-${Date.now()}`;

/**
 * Three projects. `fast` needs no browser and starts almost no process:
 * the inner loop (`make test-fast`, under a minute on a quiet 2-core machine). `slow`
 * needs no browser either, but starts child processes (the CLI, make, git,
 * actionlint), local servers, or whole builds. `browser` drives a real
 * Chromium and reads PDFs back with poppler and qpdf. `make test` runs all
 * three; `make coverage` the first two.
 */
const NO_BROWSER = [
  "test/unit/**/*.test.ts",
  "test/golden/**/*.test.ts",
  "test/cli.test.ts",
  "test/docs.test.ts",
  "test/workflow.test.ts",
  "test/distribute/*.test.ts",
];
/** The no-browser files too slow for the inner loop (measured: docs/testing.md). */
const SLOW = [
  "test/cli.test.ts",
  "test/workflow.test.ts",
  "test/distribute/!(config).test.ts",
  "test/unit/cache.test.ts",
  "test/unit/many-facts.test.ts",
  "test/unit/preview-cli.test.ts",
  "test/unit/release.test.ts",
  "test/unit/silent-cli.test.ts",
  "test/unit/shared-build.test.ts",
];
/**
 * The no-browser projects run in two workers whatever the core count
 * (vitest's default is one on 2 cores, and most of their time is spent
 * waiting on children and disk), without a fresh module graph per file (no
 * test here relies on module state; the whole fast and slow sets pass this
 * way), which removes most of the per-file start-up.
 */
/** Browser files run at a time (see the browser project). */
const BROWSER_WORKERS = Math.max(1, Number(process.env.BRIEF_BROWSER_WORKERS) || 3);

const SHARED_POOL = {
  isolate: false,
  maxWorkers: Math.max(2, os.availableParallelism()),
  // vitest runs projects of one group order side by side, and refuses that when their maxWorkers differ.
  sequence: { groupOrder: 0 },
};

export default defineConfig({
  test: {
    globalSetup: ["test/global-setup.ts"],
    sequence: { sequencer: CostliestFirstSequencer },
    env: { NO_COLOR: "1" },
    coverage: {
      provider: "v8",
      include: ["src/**/*.ts"],
      reporter: ["text-summary", "text"],
      reportsDirectory: "coverage",
    },
    projects: [
      {
        extends: true,
        test: {
          name: "fast",
          include: NO_BROWSER,
          exclude: [...configDefaults.exclude, ...SLOW],
          ...SHARED_POOL,
          testTimeout: limit(60_000),
          hookTimeout: limit(120_000),
        },
      },
      {
        extends: true,
        test: { name: "slow", include: SLOW, ...SHARED_POOL, testTimeout: limit(60_000), hookTimeout: limit(120_000) },
      },
      {
        extends: true,
        test: {
          name: "browser",
          include: ["test/e2e/**/*.test.ts", "test/faults/**/*.test.ts", "test/distribute/browser/**/*.test.ts"],
          testTimeout: limit(180_000),
          hookTimeout: limit(400_000),
          // Three files at a time whatever the core count (vitest's default is one on 2 cores): much of a
          // browser test waits on a child, a server or a deliberate time-out. One file at a time left a
          // quiet 2-core machine half idle, two a third idle (docs/testing.md, rounds 5 and 6).
          // Costliest first: test/sequencer.ts. BRIEF_BROWSER_WORKERS=n (environment) sets another count.
          maxWorkers: BROWSER_WORKERS,
          // After the no-browser projects when one run has both (second-brief's nested run): their worker
          // counts differ (on any machine with other than BROWSER_WORKERS cores), which vitest allows only
          // for projects in different groups.
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
