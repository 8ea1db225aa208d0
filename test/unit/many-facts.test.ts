import { appendFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { check } from "../../src/index.js";
import { tempProject } from "../helpers.js";

/**
 * Issue 28, problem 4: loading and checking facts is linear. 5,000 facts
 * took 11 s and 20,000 took 240 s (the YAML library's duplicate-key check,
 * `locatePath` scanning a map per key, `checkUsage` locating every unused
 * fact). The test compares the CPU time for 20,000 facts with 5,000: linear
 * work is about 4× (less, with the fixed cost of a check), quadratic 16×.
 * The bound is generous so a busy machine cannot trip it; no wall clock.
 */

/** A project whose facts.yaml has `n` extra facts, none quoted (every one is also a facts/unused finding). */
function manyFacts(n: number): string {
  const root = tempProject();
  let yaml = "";
  for (let i = 0; i < n; i++)
    yaml += `bench-${i}:\n  label: Fact ${i}\n  value: ${i}\n  format: number\n  as_of: 2025-02-05\n  source: src-one\n`;
  appendFileSync(path.join(root, "content/mini/facts.yaml"), yaml);
  return root;
}

async function cpuMs(n: number): Promise<{ ms: number; unused: number }> {
  const root = manyFacts(n);
  const before = process.cpuUsage();
  const result = await check({ root, render: false });
  const used = process.cpuUsage(before);
  return {
    ms: (used.user + used.system) / 1000,
    unused: result.diagnostics.filter((d) => d.ruleId === "facts/unused").length,
  };
}

describe("many facts", () => {
  it("20,000 facts cost about four times 5,000, not sixteen", async () => {
    await cpuMs(100); // warm the modules, so the first measurement is not their loading
    const small = await cpuMs(5_000);
    const large = await cpuMs(20_000);
    expect(small.unused).toBeGreaterThanOrEqual(5_000);
    expect(large.unused).toBeGreaterThanOrEqual(20_000);
    expect(large.ms / small.ms).toBeLessThan(8);
  });
});
