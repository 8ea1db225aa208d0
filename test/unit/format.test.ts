import { describe, expect, it } from "vitest";
import { formatDate, formatFact, formatMoney } from "../../src/lib/format.js";

describe("fact formatting", () => {
  it("writes money with a scale word", () => {
    expect(formatMoney(5_576_000)).toBe("$5.576 million");
    expect(formatMoney(1_000_000_000)).toBe("$1 billion");
    expect(formatMoney(1_250_000_000)).toBe("$1.25 billion");
    expect(formatMoney(12_345.5)).toBe("$12,345.5");
    expect(formatMoney(-2_000_000, "EUR")).toBe("−€2 million");
  });
  it("spells dates out, including partial dates", () => {
    expect(formatDate("2025-01-27")).toBe("27 January 2025");
    expect(formatDate("2025-02")).toBe("February 2025");
    expect(formatDate("2023")).toBe("2023");
  });
  it("formats each kind of fact", () => {
    const common = { as_of: "2025-01-01", source: "s" };
    expect(formatFact({ format: "percent", value: 18, ...common })).toBe("18%");
    expect(formatFact({ format: "number", value: 10000, unit: "Nvidia A100 chips", ...common })).toBe(
      "10,000 Nvidia A100 chips",
    );
    expect(formatFact({ format: "number", value: 3.14159, ...common })).toBe("3.142");
    expect(formatFact({ format: "text", value: "a*b", ...common })).toBe("a*b");
    expect(formatFact({ format: "money", value: 5_576_000, currency: "USD", ...common })).toBe("$5.576 million");
  });
});
