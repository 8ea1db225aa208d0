import { describe, expect, it } from "vitest";
import { check } from "../../src/index.js";
import { lines, tempProject } from "../helpers.js";

describe("base fixture", () => {
  it("checks clean", async () => {
    const root = tempProject();
    const r = await check({ root });
    expect(lines(r.diagnostics.filter((d) => d.severity !== "info"))).toEqual([]);
    expect(r.exitCode).toBe(0);
  });
});
