import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { spelledOut } from "../../src/checks/acronyms.js";
import { main } from "../../src/cli/index.js";
import { check, formatReport, type CheckOptions } from "../../src/index.js";
import { FIXTURES, overlayOf, tempProject } from "../helpers.js";

/**
 * Golden cases for `brief check`'s editorial rules (src/checks): each folder
 * under test/fixtures/lint/ is laid over the base fixture and holds
 * `expected.txt`, the exact report and exit code, and optionally
 * `options.json` (check options such as strict or render). Only the
 * page-budget case renders. `UPDATE=1` rewrites expected.txt; a reviewer
 * reads the diff.
 */

const LINT = path.join(FIXTURES, "lint");

function optionsOf(dir: string): CheckOptions {
  const file = path.join(dir, "options.json");
  const given = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as { strict?: boolean; render?: boolean }) : {};
  return { render: given.render ?? false, ...(given.strict !== undefined ? { strict: given.strict } : {}) };
}

describe("brief check rules: golden fixtures", () => {
  for (const name of readdirSync(LINT).sort()) {
    it(name, async () => {
      const dir = path.join(LINT, name);
      const root = tempProject(overlayOf(dir));
      const result = await check({ root, ...optionsOf(dir) });
      const shown = result.diagnostics.filter((d) => d.ruleId !== "edition/reading-grade");
      const report = `${formatReport(shown)}exit ${result.exitCode}\n`;
      const expectedFile = path.join(dir, "expected.txt");
      if (process.env.UPDATE === "1" || !existsSync(expectedFile)) writeFileSync(expectedFile, report);
      expect(report).toBe(readFileSync(expectedFile, "utf8"));
    });
  }
});

describe("acronym spelling-out patterns", () => {
  const at = (text: string, name: string): boolean => {
    const start = text.indexOf(name);
    return spelledOut(text, name, start, start + name.length);
  };
  it("accepts Full Name (ABC), ABC (Full Name) and square brackets", () => {
    expect(at("artificial general intelligence (AGI) is", "AGI")).toBe(true);
    expect(at("the AGI (artificial general intelligence) race", "AGI")).toBe(true);
    expect(at("Bureau of Industry and Security [BIS]", "BIS")).toBe(true);
  });
  it("rejects a bare use, or brackets that do not spell it out", () => {
    expect(at("The AGI race", "AGI")).toBe(false);
    expect(at("The race (AGI) is on", "AGI")).toBe(false);
    expect(at("AGI (see below)", "AGI")).toBe(false);
  });
});

describe("page budgets need a browser", () => {
  it("without one, check says it could not render, and how to get a browser (exit 3)", async () => {
    const root = tempProject();
    const r = await check({ root, env: { ...process.env, PUPPETEER_EXECUTABLE_PATH: "/nonexistent" } });
    expect(r.exitCode).toBe(3);
    expect(r.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.file}: ${d.message} ${d.ruleId}`)).toEqual([
      "templates/audiences/alpha.yaml: could not render mini-alpha to check its page budget: no Chromium or Chrome found (tried PUPPETEER_EXECUTABLE_PATH=/nonexistent) render/no-browser",
    ]);
    expect(r.diagnostics.find((d) => d.ruleId === "render/no-browser")?.hint).toMatch(/make setup/);
  });
});

describe("brief check on the command line", () => {
  const cwd = process.cwd();
  afterEach(() => process.chdir(cwd));

  it("--format json --strict: the rules' findings as JSON, warnings promoted, exit 1", async () => {
    process.chdir(tempProject(overlayOf(path.join(LINT, "fact-unused"))));
    let stdout = "";
    const code = await main(["check", "--format", "json", "--strict"], { out: (s) => void (stdout += s), err: () => undefined });
    expect(code).toBe(1);
    const findings = JSON.parse(stdout) as { file: string; line: number; column: number; severity: string; ruleId: string; message: string; hint: string }[];
    expect(findings.filter((f) => f.severity !== "info")).toEqual([
      {
        file: "content/mini/facts.yaml",
        line: 34,
        column: 1,
        severity: "error",
        ruleId: "facts/unused",
        message: 'fact "orphan" is defined but no edition uses it',
        hint: 'Quote it with {{fact "orphan"}} in a section, or remove it from content/mini/facts.yaml.',
      },
    ]);
    expect(findings.some((f) => f.ruleId === "check/rendered" && f.message.startsWith("rendered 2 editions to check page budgets"))).toBe(true);
  });
});
