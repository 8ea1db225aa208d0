import { setFlagsFromString } from "node:v8";

/**
 * How V8 runs the `brief` command (set by bin/brief.js before the bundle
 * loads; `make bench` gives its floor and its measuring processes the same).
 *
 * A build is a short batch job: about 6 s, most of it spent once in code
 * that runs for a few hundred milliseconds (Markdown, layout, pdf-lib's
 * parser, the content-stream tokenizer). With V8's default tiering, more
 * than 800 functions reach TurboFan, whose background compiles cost about
 * 1.5 s of CPU per cold build on top of the main thread's 2.2 s, and on two
 * cores that CPU is taken from Chromium. A larger interrupt budget lets a
 * function run longer in the interpreter and Sparkplug before it is
 * optimised: only the really hot code is, and it still is in a long run
 * (60 editions, `preview`). Measured in alternating runs of a cold build
 * (docs/benchmark.md): Node's CPU 4.1 s → 3.0 s, the PDF/UA post-processing
 * faster too.
 */
export const INTERRUPT_BUDGET = 1_600_000;

/**
 * The V8 flags to set: none that the user set already (`node
 * --interrupt-budget=… bin/brief.js`; Node refuses V8 flags in NODE_OPTIONS).
 */
export function v8Tuning(execArgv: readonly string[]): string[] {
  const given = execArgv.map((a) => a.replace(/_/g, "-"));
  return given.some((a) => a.startsWith("--interrupt-budget=") || a === "--interrupt-budget")
    ? []
    : [`--interrupt-budget=${INTERRUPT_BUDGET}`];
}

/** Apply `v8Tuning` to this process. V8 reads the budget whenever a function's counter is reset, so it takes effect for everything loaded after. */
export function tuneV8(): void {
  for (const flag of v8Tuning(process.execArgv)) setFlagsFromString(flag);
}
