import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    // Browser-driving suites share 2 cores; run files one at a time to keep timings sane.
    fileParallelism: false,
    env: { NO_COLOR: "1" },
  },
});
