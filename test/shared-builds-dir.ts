import { cpSync, existsSync, mkdirSync, readdirSync } from "node:fs";
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

/**
 * The variable naming another run's shared-builds folder that a run starts
 * from: a test that runs suites in a nested vitest (second-brief.test.ts)
 * sets it, so the nested run copies the builds the outer one already made
 * instead of making them again. Builds are keyed by everything they read,
 * so a copied build is only ever used where the nested run would have made
 * the same one.
 */
export const SEED_VARIABLE = "BRIEF_TEST_SHARED_BUILDS_SEED";

/**
 * Copy every finished build in `seed` (another run's shared-builds folder)
 * into `into`, keeping what `into` already holds; returns the keys copied.
 * Half-made builds (`*.tmp` staging folders) are left out.
 */
export function seedSharedBuilds(seed: string, into: string): string[] {
  if (!existsSync(seed)) return [];
  mkdirSync(into, { recursive: true });
  const copied: string[] = [];
  for (const key of readdirSync(seed)) {
    if (key.endsWith(".tmp") || existsSync(path.join(into, key))) continue;
    if (!existsSync(path.join(seed, key, "result.json"))) continue;
    cpSync(path.join(seed, key), path.join(into, key), { recursive: true, preserveTimestamps: true });
    copied.push(key);
  }
  return copied;
}
