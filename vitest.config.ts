import { defineConfig } from "vitest/config";

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
      { extends: true, test: { name: "fast", include: FAST, testTimeout: 30_000 } },
      {
        extends: true,
        test: {
          name: "browser",
          include: ["test/e2e/**/*.test.ts", "test/faults/**/*.test.ts", "test/distribute/browser/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 300_000,
          // Browser-driving suites share 2 cores; run files one at a time to keep timings sane.
          fileParallelism: false,
        },
      },
    ],
  },
});
