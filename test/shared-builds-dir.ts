import os from "node:os";
import path from "node:path";

/**
 * The folder this vitest run's shared builds (test/shared-build.ts) live
 * in: one per run (BRIEF_TEST_RUN, set by vitest.config.ts), removed by
 * test/global-setup.ts when the run ends. A module of its own, so the
 * global setup reads it without loading the test helpers.
 */
export function sharedBuildsDir(): string {
  const run = process.env.BRIEF_TEST_RUN ?? `pid-${process.pid}`;
  return path.join(os.tmpdir(), `brief-shared-builds-${run}`);
}
