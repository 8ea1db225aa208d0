import { cpSync, existsSync, mkdtempSync, readFileSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { PROJECT_ENTRIES, REPO } from "../helpers.js";
import { limit } from "../slowness.js";
import { spawnWatched } from "../watchdog.js";

/**
 * The README's tutorial, then the tests: an author who followed "Your
 * first brief in ten minutes" has templates/audiences/journalist.yaml and
 * content/ai-act/ in the checkout, and `make test` must still pass there.
 * It once failed 7 tests, because projectCopy() carried the checkout's
 * audiences and briefs into the copies readme.test.ts and
 * second-brief.test.ts make, where `brief new --audience journalist` then
 * refused. Here a copy of the checkout, as it stands (its own templates/
 * and content/), follows the tutorial's `brief new` steps, then runs the
 * tests that check the suite's projects are the fixtures' (run in that
 * copy, so their helpers read that copy). The tutorial's `make` steps only
 * build PDFs and are left out; readme.test.ts runs them.
 */

const README = readFileSync(path.join(REPO, "README.md"), "utf8");

/** The tutorial's `brief new` commands, in order. */
function tutorialNewCommands(): string[] {
  const start = README.indexOf("## Your first brief in ten minutes");
  const section = README.slice(start, README.indexOf("\n## ", start + 1));
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)]
    .flatMap((m) => (m[1] ?? "").split("\n"))
    .map((l) => l.replace(/\s+#.*$/, "").trim())
    .filter((l) => l.startsWith("node bin/brief.js new"));
}

/** A copy of the checkout as an author has it: its own templates/ and content/, code and a built dist/. */
function checkoutCopy(): string {
  const copy = mkdtempSync(path.join(os.tmpdir(), "brief-checkout-"));
  for (const entry of PROJECT_ENTRIES)
    cpSync(path.join(REPO, entry), path.join(copy, entry), {
      recursive: true,
      preserveTimestamps: true,
      // A checkout where the tutorial was already followed starts from what it would be before.
      filter: (src) =>
        !src.endsWith(path.join("templates", "audiences", "journalist.yaml")) &&
        !src.endsWith(path.join("content", "ai-act")),
    });
  symlinkSync(path.join(REPO, "node_modules"), path.join(copy, "node_modules"), "dir");
  return copy;
}

describe("the README's tutorial, then the tests", () => {
  it(
    "leaves the suite's projects as they were: the tests that copy the project pass in the tutorial's checkout",
    () => {
      const commands = tutorialNewCommands();
      expect(commands).toEqual([
        "node bin/brief.js new --audience journalist",
        'node bin/brief.js new ai-act --audiences government,journalist --title "The EU AI Act"',
      ]);
      const checkout = checkoutCopy();
      for (const command of commands) {
        const r = spawnWatched(command, 120_000, "bash", ["-c", command], {
          cwd: checkout,
          env: { ...process.env, NO_COLOR: "1" },
          encoding: "utf8",
        });
        expect(r.status, `${command}\n${r.stdout}\n${r.stderr}`).toBe(0);
      }
      expect(existsSync(path.join(checkout, "templates", "audiences", "journalist.yaml"))).toBe(true);
      expect(existsSync(path.join(checkout, "content", "ai-act", "brief.yaml"))).toBe(true);
      const suites = ["test/unit/fixture-isolation.test.ts", "test/unit/contrast.test.ts"];
      const r = spawnWatched(
        "the fast suites in the tutorial's checkout",
        300_000,
        process.execPath,
        [path.join(REPO, "node_modules/vitest/vitest.mjs"), "run", "--project", "fast", ...suites],
        { cwd: checkout, env: { ...process.env, NO_COLOR: "1" }, encoding: "utf8" },
      );
      const summary = `${r.stdout}\n${r.stderr}`;
      expect(summary, summary.slice(-4000)).toMatch(/Test Files {2}2 passed \(2\)/);
      expect(r.status).toBe(0);
    },
    limit(1_200_000),
  );
});
