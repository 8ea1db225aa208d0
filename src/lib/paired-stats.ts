/**
 * Paired benchmark statistics (`make bench`, scripts/bench.mjs).
 *
 * On a shared machine the load drifts while a benchmark runs. Timing every
 * run of A and then every run of B puts A and B under different loads, so
 * their ratio measures the drift as much as the code. Alternating them (A B
 * A B …) puts each A next to its B, and the ratio of each pair is taken
 * before anything is summarised: the median of those per-pair ratios, with
 * their min and max. A run whose per-pair ratios spread too far (max / min
 * over SPREAD_LIMIT) measured the machine, not the build, and is not quoted.
 *
 * Pure functions only: the timing itself lives in scripts/bench.mjs.
 */

/** The largest max / min of the per-pair ratios for which a result is quoted. */
export const SPREAD_LIMIT = 1.25;

/** The fewest timed pairs a quoted ratio may rest on. */
export const MIN_PAIRS = 5;

/** One step of a paired schedule: which variant runs, in which pair (-1: the warm-up pair, not counted). */
export interface Step {
  readonly pair: number;
  readonly variant: number;
}

/**
 * The order in which to run `variants` variants (2 for A against B) over
 * `pairs` timed pairs after `warmup` warm-up pairs: A B A B … (A B C A B C
 * … for three). Warm-up pairs have negative pair numbers and are not
 * counted. Misuse throws.
 */
export function pairedSchedule(pairs: number, variants = 2, warmup = 1): Step[] {
  if (!Number.isInteger(pairs) || pairs < 1) throw new RangeError(`pairedSchedule: pairs must be ≥ 1, got ${pairs}`);
  if (!Number.isInteger(variants) || variants < 2)
    throw new RangeError(`pairedSchedule: a pair needs ≥ 2 variants, got ${variants}`);
  if (!Number.isInteger(warmup) || warmup < 0)
    throw new RangeError(`pairedSchedule: warmup must be ≥ 0, got ${warmup}`);
  const steps: Step[] = [];
  for (let pair = -warmup; pair < pairs; pair++)
    for (let variant = 0; variant < variants; variant++) steps.push({ pair, variant });
  return steps;
}

/** The median of `xs` (the mean of the middle two for an even count). Misuse (no values) throws. */
export function median(xs: readonly number[]): number {
  if (xs.length === 0) throw new RangeError("median: no values");
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
}

/** A paired ratio summarised: median of the per-pair ratios, their range and spread, and whether it may be quoted. */
export interface PairedRatio {
  /** numerator / denominator for each pair, in the order run. */
  readonly ratios: readonly number[];
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** max / min of the per-pair ratios (1 when they all agree). */
  readonly spread: number;
  /** Enough pairs and a spread within SPREAD_LIMIT. */
  readonly quotable: boolean;
  /** Why not, when not quotable. */
  readonly refusal?: string;
}

/** The median, extremes and spread (max / min) of `values`, with the refusal `refuse` finds given the spread. */
function summarise(
  values: readonly number[],
  refuse: (spread: number) => string | undefined,
): { median: number; min: number; max: number; spread: number; quotable: boolean; refusal?: string } {
  const min = Math.min(...values);
  const max = Math.max(...values);
  const spread = max / min;
  const refusal = refuse(spread);
  return {
    median: median(values),
    min,
    max,
    spread,
    quotable: refusal === undefined,
    ...(refusal === undefined ? {} : { refusal }),
  };
}

/**
 * Summarise per-pair measurements `numerator[i]` against `denominator[i]`
 * (the same pair i). The ratio is taken within each pair first; the median
 * of those is the result. Misuse (unequal lengths, no pairs, a value that is
 * not a positive number) throws.
 */
export function pairedRatio(
  numerator: readonly number[],
  denominator: readonly number[],
  limits: { readonly spread?: number; readonly minPairs?: number } = {},
): PairedRatio {
  const spreadLimit = limits.spread ?? SPREAD_LIMIT;
  const minPairs = limits.minPairs ?? MIN_PAIRS;
  if (numerator.length !== denominator.length)
    throw new RangeError(`pairedRatio: ${numerator.length} numerators for ${denominator.length} denominators`);
  if (numerator.length === 0) throw new RangeError("pairedRatio: no pairs");
  for (const x of [...numerator, ...denominator])
    if (!(Number.isFinite(x) && x > 0))
      throw new RangeError(`pairedRatio: every time must be a positive number, got ${x}`);
  const ratios = numerator.map((n, i) => n / (denominator[i] as number));
  return {
    ratios,
    ...summarise(ratios, (spread) =>
      ratios.length < minPairs
        ? `only ${ratios.length} pair(s), fewer than ${minPairs}`
        : spread > spreadLimit
          ? `the per-pair ratios spread ${spread.toFixed(2)}× (max / min), over the limit of ${spreadLimit}×: the machine's load changed too much to quote a result`
          : undefined,
    ),
  };
}

/** One line for a paired ratio: `1.23× (median of 5 pairs; min 1.10, max 1.31, spread 1.19)`. */
export function formatPaired(r: PairedRatio, digits = 2): string {
  return `${r.median.toFixed(digits)}× (median of ${r.ratios.length} pairs; min ${r.min.toFixed(digits)}, max ${r.max.toFixed(digits)}, spread ${r.spread.toFixed(2)})`;
}

/** The largest max / min of consecutive runs' medians for which a ratio is quoted (`make bench`). */
export const RUNS_AGREE = 1.1;

/** How many consecutive runs a quoted ratio rests on. */
export const MIN_RUNS = 3;

/** A ratio measured in several consecutive runs (each a `PairedRatio`), summarised. */
export interface RepeatedRatio {
  readonly runs: readonly PairedRatio[];
  /** The median of the runs' medians: what is quoted. */
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** max / min of the runs' medians. */
  readonly spread: number;
  /** Enough runs, each quotable on its own, and their medians within RUNS_AGREE of each other. */
  readonly quotable: boolean;
  readonly refusal?: string;
}

/**
 * Summarise consecutive runs of one paired ratio. One run whose pairs agree
 * can still be one lucky quiet minute: a ratio is quoted only when
 * `minRuns` runs in a row each pass their own spread guard and their
 * medians agree within `agree` (max / min). Misuse (no runs) throws.
 */
export function repeatedRatio(
  runs: readonly PairedRatio[],
  limits: { readonly agree?: number; readonly minRuns?: number } = {},
): RepeatedRatio {
  if (runs.length === 0) throw new RangeError("repeatedRatio: no runs");
  const agree = limits.agree ?? RUNS_AGREE;
  const minRuns = limits.minRuns ?? MIN_RUNS;
  const unquotable = runs.findIndex((r) => !r.quotable);
  return {
    runs,
    ...summarise(
      runs.map((r) => r.median),
      (spread) =>
        runs.length < minRuns
          ? `only ${runs.length} run(s), fewer than ${minRuns}`
          : unquotable >= 0
            ? `run ${unquotable + 1} was not quotable: ${runs[unquotable]?.refusal ?? ""}`
            : spread > agree
              ? `the runs' medians spread ${spread.toFixed(2)}× (max / min), over the limit of ${agree}×: the runs do not reproduce`
              : undefined,
    ),
  };
}

/** One line for a repeated ratio: `1.28× (median of 3 runs: 1.27 1.28 1.30; spread 1.02)`. */
export function formatRepeated(r: RepeatedRatio, digits = 2): string {
  return `${r.median.toFixed(digits)}× (median of ${r.runs.length} runs: ${r.runs.map((x) => x.median.toFixed(digits)).join(" ")}; spread ${r.spread.toFixed(2)})`;
}
