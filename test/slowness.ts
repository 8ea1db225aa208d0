import { createHash } from "node:crypto";
import os from "node:os";

/**
 * How much slower than a quiet 2-core machine this run is, measured once
 * at the start of the suite (issue 33: no test fails because the machine
 * is slow). Every wall-clock limit in the suite is a base figure, set for a
 * quiet machine with room to spare, times this factor: a loaded machine gets
 * proportionally longer, and a real hang still fails, with the step named
 * by the helper that waited for it.
 *
 * The factor is the larger of two readings: a fixed CPU workload timed
 * against its time on a quiet reference machine, and the load average per
 * core. `BRIEF_TEST_SLOWNESS` (a number) overrides both, for a machine
 * known to be slow. vitest.config.ts measures it once and passes it to the
 * workers in that variable, so every worker uses the same figure.
 */

/** Milliseconds the workload below took on a quiet 2-core reference machine. */
const REFERENCE_MS = 100;
/** Limits are never scaled below the base nor above this factor. */
const MAX_FACTOR = 12;

function workloadMs(): number {
  const start = process.hrtime.bigint();
  let h = Buffer.alloc(64);
  for (let i = 0; i < 60_000; i++) h = createHash("sha256").update(h).digest();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Measure the factor (once per run: the config does it, workers read the variable). */
export function measureSlowness(): number {
  const given = Number(process.env.BRIEF_TEST_SLOWNESS);
  if (Number.isFinite(given) && given > 0) return given;
  const cpu = Math.min(...[workloadMs(), workloadMs(), workloadMs()]) / REFERENCE_MS;
  const load = (os.loadavg()[0] ?? 0) / Math.max(1, os.availableParallelism());
  return Math.round(Math.min(MAX_FACTOR, Math.max(1, cpu, load)) * 100) / 100;
}

/** The factor this run uses. */
export const SLOWNESS: number = (() => {
  const given = Number(process.env.BRIEF_TEST_SLOWNESS);
  return Number.isFinite(given) && given > 0 ? given : measureSlowness();
})();

/** A wall-clock limit: `ms` (set for a quiet machine, with room to spare) scaled by this run's slowness. */
export function limit(ms: number): number {
  return Math.round(ms * SLOWNESS);
}
