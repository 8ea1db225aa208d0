import { defineConfig } from "vitest/config";
import { limit, SLOWNESS } from "./test/slowness.js";

// Measured once here; the workers inherit it, so every limit in the run uses the same factor.
process.env.BRIEF_TEST_SLOWNESS = String(SLOWNESS);
// One id per run: fixtures built once and shared between files (test/shared-build.ts) live under it.
process.env.BRIEF_TEST_RUN ??= `${process.pid}-${Date.now()}`;

/**
 * Two projects: `fast` needs no browser and runs in seconds (`make
 * test-fast`, and `make coverage`); `browser` drives a real Chromium and
 * reads PDFs back with poppler and qpdf. `make test` runs both.
 */
const FAST = [
  "test/unit/**/*.test.ts",
  "test/golden/**/*.test.ts",
  "test/cli.test.ts",
  "test/docs.test.ts",
  "test/workflow.test.ts",
  "test/distribute/*.test.ts",
];

export default defineConfig({
  test: {
    globalSetup: ["test/global-setup.ts"],
    env: { NO_COLOR: "1" },
    coverage: {
      provider: "v8",
      include: ["src/**/*.ts"],
      reporter: ["text-summary", "text"],
      reportsDirectory: "coverage",
    },
    projects: [
      { extends: true, test: { name: "fast", include: FAST, testTimeout: limit(60_000), hookTimeout: limit(120_000) } },
      {
        extends: true,
        test: {
          name: "browser",
          include: ["test/e2e/**/*.test.ts", "test/faults/**/*.test.ts", "test/distribute/browser/**/*.test.ts"],
          testTimeout: limit(180_000),
          hookTimeout: limit(400_000),
          // Browser-driving suites share 2 cores; run files one at a time to keep timings sane.
          fileParallelism: false,
        },
      },
    ],
  },
});
