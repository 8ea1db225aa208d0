import { describe, expect, it } from "vitest";
import { fleschKincaid } from "../../src/lib/readability.js";

describe("Flesch–Kincaid grade", () => {
  it("computes the grade from words, sentences and syllables", () => {
    const r = fleschKincaid(["The cat sat on the mat. The dog ran."]);
    expect(r.words).toBe(9);
    expect(r.sentences).toBe(2);
    expect(r.syllables).toBe(9);
    // 0.39 × 4.5 + 11.8 × 1 − 15.59
    expect(r.grade).toBeCloseTo(-2.0, 1);
  });
  it("rates dense academic prose far above plain prose", () => {
    const plain = fleschKincaid(["Some governments blocked the app. They worry about data."]);
    const dense = fleschKincaid([
      "Notwithstanding considerable methodological heterogeneity, institutional policymakers increasingly prioritise comprehensive cybersecurity considerations.",
    ]);
    expect(dense.grade).toBeGreaterThan(plain.grade + 10);
  });
  it("treats each block as ending a sentence and ignores numbers", () => {
    const r = fleschKincaid(["A list item without a full stop", "Another one 2025"]);
    expect(r.sentences).toBe(2);
    expect(r.words).toBe(9);
  });
});
