import { createHash } from "node:crypto";

/**
 * Replaying set-up steps the simulation has already run with the same inputs
 * (issue 33, "the year simulation's cost"). `make setup` and `make runtime`
 * were a third of the simulation's CPU: each of a run's nine runners (two
 * test legs, three build legs, the release job) ran them again, and each
 * starts Node twice to import all of puppeteer for the pinned Chrome's path,
 * and `make runtime` asks Chromium its version, for the same answer every
 * time. In a runner they write nothing into the workspace (make never
 * reinstalls or recompiles there: World's `make` stand-in), so what they do
 * is their output, their GITHUB_OUTPUT lines and their exit code: a function
 * of the commit's code (the folder World links in, one per code change), the
 * step's environment and the command. The first run of each key really runs;
 * a later step with the same key gets its output and outputs back, with a
 * line saying so. A changed runtime (SIM_NODE_VERSION, a runner update), a
 * code change or a different environment is a different key, so it runs
 * again. Only successful runs are kept. Every other step always runs.
 * SIM_NO_REPLAY=1 (environment) runs every step, to measure what this saves.
 */

/**
 * The commands replayed from an earlier run of the same key (this repository's workflow, and the
 * same two steps in the workflow `brief init` writes for a team); anything else always runs.
 */
export const REPLAYABLE = new Set([
  "make setup",
  "make runtime",
  "npx --no-install brief setup",
  "npx --no-install brief ops runtime",
]);

/** Variables that name this step's own files, run or commit, which these commands do not read. */
const PER_STEP = new Set([
  "GITHUB_OUTPUT",
  "GITHUB_STEP_SUMMARY",
  "GITHUB_WORKSPACE",
  "GITHUB_SHA",
  "GITHUB_RUN_ID",
  "GITHUB_REF",
  "GITHUB_EVENT_NAME",
  "RUNNER_TEMP",
  "FAKE_GH_NOW",
]);

/** What a replayable step did. */
export interface StepResult {
  readonly code: number;
  readonly output: string;
  /** The text it wrote to GITHUB_OUTPUT. */
  readonly outputs: string;
}

/** The results of replayable steps, by key; one per World. */
export class StepMemo {
  private readonly done = new Map<string, StepResult>();
  /** How many steps were replayed (for the timing notes). */
  replayed = 0;

  /** The key of `script` run with `env` on the code in `code`, or undefined when the step always runs. */
  key(script: string, code: string, env: Readonly<Record<string, string | undefined>>): string | undefined {
    const command = script.trim();
    if (!REPLAYABLE.has(command) || process.env.SIM_NO_REPLAY === "1") return undefined;
    const vars = Object.entries(env)
      .filter(([k]) => !PER_STEP.has(k))
      .sort(([a], [b]) => a.localeCompare(b));
    return createHash("sha256").update(JSON.stringify({ command, code, vars })).digest("hex");
  }

  /** The earlier result for `key`, if any. */
  get(key: string): StepResult | undefined {
    const hit = this.done.get(key);
    if (hit) this.replayed++;
    return hit;
  }

  /** Keep a result (only a successful one: a failure always runs again). */
  set(key: string, result: StepResult): void {
    if (result.code === 0) this.done.set(key, result);
  }
}
