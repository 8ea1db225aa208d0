import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli/index.js";
import { expectLintFixture, FIXTURES, lintFixtures, overlayOf, tempProject } from "../helpers.js";

/**
 * `brief check`'s one rule that needs the browser: page budgets. It
 * renders through the build's own publish path into a temporary folder.
 */

describe("brief check rules that render: golden fixtures", () => {
  const rendering = lintFixtures({ render: true });
  it("there are some", () => expect(rendering).toContain("page-budget"));
  for (const name of rendering) it(name, () => expectLintFixture(name));
});

describe("brief check on the command line", () => {
  const cwd = process.cwd();
  afterEach(() => process.chdir(cwd));

  it("--format json --strict: the rules' findings as JSON, warnings promoted, exit 1", async () => {
    process.chdir(tempProject(overlayOf(path.join(FIXTURES, "lint", "fact-unused"))));
    let stdout = "";
    const code = await main(["check", "--format", "json", "--strict"], {
      out: (s) => void (stdout += s),
      err: () => undefined,
      tty: false,
    });
    expect(code).toBe(1);
    const findings = JSON.parse(stdout) as {
      file: string;
      line: number;
      column: number;
      severity: string;
      ruleId: string;
      message: string;
      hint: string;
    }[];
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
    expect(
      findings.some(
        (f) =>
          f.ruleId === "check/rendered" &&
          f.message.startsWith("rendered 2 editions to check page budgets and PDF/UA-1"),
      ),
    ).toBe(true);
  });
});
