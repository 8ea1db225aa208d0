import { describe, expect, it } from "vitest";
import {
  formatPaired,
  formatRepeated,
  median,
  pairedRatio,
  pairedSchedule,
  repeatedRatio,
  RUNS_AGREE,
  SPREAD_LIMIT,
} from "../../src/lib/paired-stats.js";

describe("pairedSchedule", () => {
  it("alternates A B A B after one warm-up pair", () => {
    const steps = pairedSchedule(3);
    expect(steps.map((s) => `${s.pair}${"AB"[s.variant]}`)).toEqual(["-1A", "-1B", "0A", "0B", "1A", "1B", "2A", "2B"]);
  });

  it("rotates three variants within each pair, and can skip the warm-up", () => {
    expect(pairedSchedule(2, 3, 0).map((s) => `${s.pair}${"ABC"[s.variant]}`)).toEqual([
      "0A",
      "0B",
      "0C",
      "1A",
      "1B",
      "1C",
    ]);
  });

  it("names the misuse", () => {
    expect(() => pairedSchedule(0)).toThrow(/pairs must be ≥ 1/);
    expect(() => pairedSchedule(5, 1)).toThrow(/≥ 2 variants/);
  });
});

describe("median", () => {
  it("takes the middle value, or the mean of the middle two", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(/no values/);
  });
});

describe("pairedRatio", () => {
  it("is the median of the per-pair ratios, not the ratio of the medians", () => {
    // Per pair: 2, 1.5, 1.2, 1.25, 1.3 → median 1.3; the ratio of medians would be 6/4 = 1.5.
    const a = [2, 3, 6, 10, 13];
    const b = [1, 2, 5, 8, 10];
    const r = pairedRatio(a, b, { spread: 10 });
    expect(r.ratios).toEqual([2, 1.5, 1.2, 1.25, 1.3]);
    expect(r.median).toBeCloseTo(1.3);
    expect(r.min).toBeCloseTo(1.2);
    expect(r.max).toBe(2);
    expect(r.spread).toBeCloseTo(2 / 1.2);
    expect(r.quotable).toBe(true);
  });

  it("is quotable when the spread is within the limit", () => {
    const r = pairedRatio([1.2, 1.25, 1.3, 1.22, 1.28], [1, 1, 1, 1, 1]);
    expect(r.spread).toBeLessThanOrEqual(SPREAD_LIMIT);
    expect(r.quotable).toBe(true);
    expect(r.refusal).toBeUndefined();
  });

  it("refuses a run whose per-pair ratios spread over 1.25", () => {
    const r = pairedRatio([1.0, 1.3, 1.2, 1.1, 1.2], [1, 1, 1, 1, 1]);
    expect(r.spread).toBeCloseTo(1.3);
    expect(r.quotable).toBe(false);
    expect(r.refusal).toMatch(/spread 1\.30× .* over the limit of 1\.25×/);
  });

  it("accepts a spread of exactly the limit", () => {
    expect(pairedRatio([1, 1.25, 1.1, 1.1, 1.1], [1, 1, 1, 1, 1]).quotable).toBe(true);
  });

  it("refuses fewer than five pairs", () => {
    const r = pairedRatio([1, 1, 1, 1], [1, 1, 1, 1]);
    expect(r.quotable).toBe(false);
    expect(r.refusal).toMatch(/only 4 pair/);
  });

  it("names the misuse", () => {
    expect(() => pairedRatio([1, 2], [1])).toThrow(/2 numerators for 1 denominators/);
    expect(() => pairedRatio([], [])).toThrow(/no pairs/);
    expect(() => pairedRatio([1, 0], [1, 1])).toThrow(/positive number, got 0/);
  });

  it("formats the median with its range and spread", () => {
    expect(formatPaired(pairedRatio([1.2, 1.1, 1.3, 1.2, 1.2], [1, 1, 1, 1, 1]))).toBe(
      "1.20× (median of 5 pairs; min 1.10, max 1.30, spread 1.18)",
    );
  });
});

describe("repeatedRatio (three consecutive runs must agree)", () => {
  /** A run of five pairs whose per-pair ratios are all `r` (quotable on its own). */
  const run = (r: number): ReturnType<typeof pairedRatio> => pairedRatio([r, r, r, r, r], [1, 1, 1, 1, 1]);

  it("quotes the median of the runs' medians when three runs agree within 10%", () => {
    const r = repeatedRatio([run(1.3), run(1.25), run(1.35)]);
    expect(r.quotable).toBe(true);
    expect(r.median).toBeCloseTo(1.3);
    expect(RUNS_AGREE).toBe(1.1);
    expect(formatRepeated(r)).toBe("1.30× (median of 3 runs: 1.30 1.25 1.35; spread 1.08)");
  });

  it("refuses runs that each look fine but do not reproduce", () => {
    const r = repeatedRatio([run(1.28), run(1.5), run(1.45)]);
    expect(r.quotable).toBe(false);
    expect(r.refusal).toBe(
      "the runs' medians spread 1.17× (max / min), over the limit of 1.1×: the runs do not reproduce",
    );
  });

  it("refuses fewer than three runs, and a run refused on its own spread", () => {
    expect(repeatedRatio([run(1.3), run(1.3)]).refusal).toBe("only 2 run(s), fewer than 3");
    const wide = pairedRatio([1, 1.5, 1.2, 1.2, 1.2], [1, 1, 1, 1, 1]);
    expect(repeatedRatio([run(1.2), wide, run(1.2)]).refusal).toMatch(
      /^run 2 was not quotable: the per-pair ratios spread 1\.50×/,
    );
    expect(() => repeatedRatio([])).toThrow(/no runs/);
  });
});
