import { describe, expect, it } from "vitest";
import { isPlaceholderAddress } from "../../src/checks/about.js";
import { spelledOut } from "../../src/checks/acronyms.js";
import path from "node:path";
import { check, formatJson } from "../../src/index.js";
import { expectLintFixture, FIXTURES, lintFixtures, overlayOf, tempProject } from "../helpers.js";

/**
 * Golden cases for `brief check`'s editorial rules (src/checks): each folder
 * under test/fixtures/lint/ is laid over the base fixture and holds
 * `expected.txt`, the exact report and exit code, and optionally
 * `options.json` (check options such as strict or render). The cases that
 * render (page budgets) run with the browser suite, in
 * test/e2e/check-render.test.ts. `UPDATE=1` rewrites expected.txt; a
 * reviewer reads the diff.
 */

describe("brief check rules: golden fixtures", () => {
  for (const name of lintFixtures({ render: false })) it(name, () => expectLintFixture(name));
});

describe("about/placeholder-contact", () => {
  it("flags addresses on domains reserved for examples, and only those", () => {
    for (const a of [
      "x@example.org",
      "x@EXAMPLE.com",
      "x@mail.example.net",
      "x@unit.test",
      "x@a.invalid",
      "x@host.example",
    ])
      expect(isPlaceholderAddress(a), a).toBe(true);
    for (const a of ["x@example-unit.org", "x@examples.org", "x@unit.gov.uk", "x@test.org", "x@notexample.com"])
      expect(isPlaceholderAddress(a), a).toBe(false);
  });
});

describe("editorial attributions for review", () => {
  it("check --format json lists each editorially attributed fact with its position and note", async () => {
    const root = tempProject(overlayOf(path.join(FIXTURES, "lint", "fact-attribution")));
    const r = await check({ root, render: false });
    const json = JSON.parse(formatJson(r.diagnostics)) as { ruleId: string }[];
    expect(json.filter((d) => d.ruleId === "facts/attribution")).toEqual([
      {
        file: "content/mini/facts.yaml",
        line: 29,
        column: 16,
        severity: "info",
        ruleId: "facts/attribution",
        message:
          'fact "chips" has no source named in the notes (the editors\' guess: "src-one", never printed as its source); it prints: The unit\'s research notes give the chip count without naming its source.',
        hint: "Look for the publication that makes the claim; when found, set source to it and drop attribution: editorial.",
      },
    ]);
    expect(r.exitCode).toBe(0);
  });
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
    const r = await check({
      root,
      env: { ...process.env, PUPPETEER_EXECUTABLE_PATH: "/nonexistent" },
    });
    expect(r.exitCode).toBe(3);
    expect(
      r.diagnostics.filter((d) => d.severity === "error").map((d) => `${d.file}: ${d.message} ${d.ruleId}`),
    ).toEqual([
      "templates/audiences/alpha.yaml: could not render mini-alpha to check its page budget: no Chromium or Chrome found (tried PUPPETEER_EXECUTABLE_PATH=/nonexistent) render/no-browser",
    ]);
    expect(r.diagnostics.find((d) => d.ruleId === "render/no-browser")?.hint).toMatch(/make setup/);
  });
});
