import { spawnSync, type SpawnSyncOptionsWithStringEncoding, type SpawnSyncReturns } from "node:child_process";
import { limit, SLOWNESS } from "./slowness.js";

/**
 * A generous watchdog for one step of a test (issue 33: no test fails
 * because the machine is slow, and a hang still fails, naming the step).
 * The limit is a base figure for a quiet 2-core machine scaled by this
 * run's slowness (test/slowness.ts); when it passes, the test fails with
 * the step's name and the limit it was given, instead of vitest's bare
 * "Test timed out", or a poll loop that silently gives up.
 */

/** The error a watchdog throws: which step hung, and for how long it was given. */
export class StepHung extends Error {
  /** `step`: what the test was waiting for, in words ("the preview's first page"); `baseMs`: its unscaled limit. */
  constructor(
    readonly step: string,
    baseMs: number,
    readonly ms = limit(baseMs),
  ) {
    super(`step hung: ${step} (no result within ${ms} ms: ${baseMs} ms × slowness ${SLOWNESS})`);
    this.name = "StepHung";
  }
}

/** `work`'s result, or a StepHung naming `step` once `baseMs` (scaled) has passed without one. */
export async function watchdog<T>(step: string, baseMs: number, work: Promise<T>): Promise<T> {
  const ms = limit(baseMs);
  let timer: NodeJS.Timeout | undefined;
  const hung = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new StepHung(step, baseMs)), ms);
  });
  try {
    return await Promise.race([work, hung]);
  } finally {
    clearTimeout(timer);
  }
}

/** Polls `ready` every `everyMs` until it holds; a StepHung naming `step` if it has not within `baseMs` (scaled). */
export async function until(
  step: string,
  baseMs: number,
  ready: () => boolean | Promise<boolean>,
  everyMs = 100,
): Promise<void> {
  const ms = limit(baseMs);
  const end = Date.now() + ms;
  for (;;) {
    if (await ready()) return;
    if (Date.now() >= end) throw new StepHung(step, baseMs);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/**
 * spawnSync with a watchdog: a synchronous child blocks the worker, so
 * vitest's own time-out cannot fire while it runs; this one is killed
 * after `baseMs` (scaled) and the test fails with a StepHung naming `step`.
 */
export function spawnWatched(
  step: string,
  baseMs: number,
  command: string,
  args: readonly string[],
  options: SpawnSyncOptionsWithStringEncoding,
): SpawnSyncReturns<string> {
  const r = spawnSync(command, args, { ...options, timeout: limit(baseMs), killSignal: "SIGKILL" });
  if ((r.error as NodeJS.ErrnoException | undefined)?.code === "ETIMEDOUT") throw new StepHung(step, baseMs);
  return r;
}
