import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { check, formatReport } from "../../src/index.js";
import { FIXTURES, overlayOf, tempProject } from "../helpers.js";

/**
 * Golden bad-input cases: each folder under test/fixtures/bad/ holds files
 * laid over the base fixture (and optionally a DELETE list) plus
 * `expected.txt`, the exact report `brief check` prints and its exit code.
 * `UPDATE=1` rewrites expected.txt; a reviewer reads the diff.
 */

const BAD = path.join(FIXTURES, "bad");

describe("bad input gives exact, positioned diagnostics", () => {
  for (const name of readdirSync(BAD).sort()) {
    it(name, async () => {
      const dir = path.join(BAD, name);
      const root = tempProject(overlayOf(dir));
      const result = await check({ root, render: false });
      const report = `${formatReport(result.diagnostics.filter((d) => d.severity !== "info"))}exit ${result.exitCode}\n`;
      const expectedFile = path.join(dir, "expected.txt");
      if (process.env.UPDATE === "1" || !existsSync(expectedFile)) writeFileSync(expectedFile, report);
      expect(report).toBe(readFileSync(expectedFile, "utf8"));
    });
  }
});
