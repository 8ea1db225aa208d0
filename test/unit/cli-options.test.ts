import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { OPTIONS as BUILD } from "../../src/cli/build.js";
import { OPTIONS as CHECK } from "../../src/cli/check.js";
import { OPTIONS as DISTRIBUTE } from "../../src/cli/distribute.js";
import { helpText } from "../../src/cli/help.js";
import { COMMANDS } from "../../src/cli/index.js";
import { OPTIONS as NEW } from "../../src/cli/new.js";
import { OPS_STEPS } from "../../src/cli/ops.js";
import { OPTIONS as PREVIEW } from "../../src/cli/preview.js";
import { OPTIONS as RELEASE } from "../../src/cli/release.js";
import { REPO } from "../helpers.js";

/**
 * The command line is the interface: every command, every option of each
 * command's option table (the tables the commands parse with), and every
 * `brief ops` step appears in `brief --help` under that command, and in
 * docs/cli.md. `release --allow-specimen` once worked without appearing in
 * either.
 */

const TABLES: Record<string, Record<string, unknown>> = {
  new: NEW,
  build: BUILD,
  check: CHECK,
  release: RELEASE,
  distribute: DISTRIBUTE,
  preview: PREVIEW,
};
const HELP = helpText("N");
const DOC = readFileSync(path.join(REPO, "docs", "cli.md"), "utf8");

/** The "Options for CMD:" section of a help text (up to the blank line that ends it). */
function section(text: string, command: string): string {
  return new RegExp(`^Options for ${command}:\\n((?:.+\\n)+)`, "m").exec(text)?.[1] ?? "";
}

describe("brief --help and docs/cli.md", () => {
  it("list every command", () => {
    for (const command of Object.keys(COMMANDS)) {
      expect(HELP, command).toMatch(new RegExp(`^ {2}${command}\\b`, "m"));
      expect(DOC, command).toMatch(new RegExp(`^ {2}${command}\\b`, "m"));
    }
  });

  it("list every option of every command under that command", () => {
    const missing: string[] = [];
    for (const [command, table] of Object.entries(TABLES))
      for (const option of Object.keys(table)) {
        const flag = new RegExp(`--${option}(?![a-z-])`);
        if (!flag.test(section(HELP, command))) missing.push(`help: ${command} --${option}`);
        if (!flag.test(section(DOC, command))) missing.push(`docs/cli.md: ${command} --${option}`);
      }
    expect(missing).toEqual([]);
  });

  it("list every ops step", () => {
    for (const step of Object.keys(OPS_STEPS)) {
      expect(HELP).toMatch(new RegExp(`^ {2}${step} `, "m"));
      expect(DOC).toMatch(new RegExp(`^ {2}${step} `, "m"));
    }
  });

  it("the check is live: an option missing from the help is found", () => {
    expect(section(HELP, "release")).toContain("--allow-specimen");
    expect(/--allow-specimen(?![a-z-])/.test(section(HELP.replace("--allow-specimen", "--x"), "release"))).toBe(false);
  });
});
