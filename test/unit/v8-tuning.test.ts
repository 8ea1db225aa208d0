import { describe, expect, it } from "vitest";
import { INTERRUPT_BUDGET, v8Tuning } from "../../src/lib/v8-tuning.js";

describe("v8Tuning", () => {
  it("raises the interrupt budget by default", () => {
    expect(v8Tuning([])).toEqual([`--interrupt-budget=${INTERRUPT_BUDGET}`]);
    expect(v8Tuning(["--enable-source-maps", "--max-old-space-size=4096"])).toEqual([
      `--interrupt-budget=${INTERRUPT_BUDGET}`,
    ]);
  });

  it("leaves a budget the user gave node alone, in either spelling", () => {
    expect(v8Tuning(["--interrupt-budget=1000"])).toEqual([]);
    expect(v8Tuning(["--inspect", "--interrupt_budget=5000"])).toEqual([]);
  });
});
