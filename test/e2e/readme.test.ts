import { spawnSync } from "node:child_process";
import { cpSync, existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { pdfText, projectCopy, REPO } from "../helpers.js";
import { limit } from "../slowness.js";

/**
 * The README is a front page under 200 lines, and its tutorial works as
 * written: every command in the "Your first brief in ten minutes" section is
 * run, in order, in a copy of the project, and each exits 0. The copy has
 * this checkout's compiled dist/ (timestamps kept, so the tutorial's `make`
 * sees it up to date, as in a checkout after `make setup`, and recompiles
 * only if src/ is newer): compiling is `make setup`'s job, which `make test`
 * itself runs (issue 33: it was a second full `tsc` and bundle per run).
 */

const README = readFileSync(path.join(REPO, "README.md"), "utf8");

/** The shell commands of the tutorial, in order (comments dropped). */
function tutorialCommands(): string[] {
  const start = README.indexOf("## Your first brief in ten minutes");
  const end = README.indexOf("\n## ", start + 1);
  const section = README.slice(start, end);
  return [...section.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) =>
    (m[1] ?? "")
      .split("\n")
      .map((l) => l.replace(/\s+#.*$/, "").trim())
      .filter(Boolean),
  );
}

describe("the README", () => {
  it("is a front page of under 200 lines, naming the two commands first", () => {
    expect(README.split("\n").length).toBeLessThan(200);
    expect(README.slice(0, 300)).toContain("make test");
    expect(README.slice(0, 300)).toMatch(/^make {10}#/m);
  });

  it(
    "has a tutorial whose commands all run, in order, from a fresh copy",
    () => {
      const commands = tutorialCommands();
      expect(commands).toEqual([
        "make",
        "node bin/brief.js new --audience journalist",
        'node bin/brief.js new ai-act --audiences government,journalist --title "The EU AI Act"',
        "make",
        "node bin/brief.js check --brief ai-act",
      ]);
      const copy = projectCopy();
      cpSync(path.join(REPO, "dist"), path.join(copy, "dist"), { recursive: true, preserveTimestamps: true });
      for (const command of commands) {
        const r = spawnSync("bash", ["-c", command], {
          cwd: copy,
          env: { ...process.env, NO_COLOR: "1" },
          encoding: "utf8",
          timeout: limit(600_000),
        });
        expect(r.status, `${command}\n${r.stdout}\n${r.stderr}`).toBe(0);
      }
      for (const audience of ["government", "journalist"]) {
        const pdf = path.join(copy, "output", `ai-act-${audience}.pdf`);
        expect(existsSync(pdf)).toBe(true);
        expect(pdfText(pdf)).toContain("The EU AI Act");
      }
    },
    limit(900_000),
  );
});
