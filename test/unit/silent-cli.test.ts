import path from "node:path";
import { describe, expect, it } from "vitest";
import { FIXTURES, read, REPO, tempProject } from "../helpers.js";
import { spawnWatched } from "../watchdog.js";

/**
 * What `brief check` prints, as users see it, when a brief leaves
 * something out: one warning line per finding in the usual
 * `file:line:col: warning message rule-id` form, and exit 0 (warnings do
 * not fail a build).
 */

const BIN = path.join(REPO, "bin", "brief.js");
const BRIEF = read(path.join(FIXTURES, "base"), "content/mini/brief.yaml");

describe("brief check says what a brief leaves out", () => {
  it("prints a warning line for a left-out section and for each unread file in sections/", () => {
    const root = tempProject({
      "content/mini/brief.yaml": BRIEF.replace(
        "audiences: [alpha, beta]\n",
        "audiences: [alpha, beta]\neditions:\n  alpha:\n    sections: [takeaways, alpha-only]\n",
      ),
      "content/mini/sections/50-reporting.markdown": "---\nid: reporting\ntitle: Reporting\norder: 50\n---\nText.\n",
      "content/mini/sections/notes.txt": "to do\n",
    });
    const r = spawnWatched("brief check --no-render", 120_000, process.execPath, [BIN, "check", "--no-render"], {
      cwd: root,
      env: { ...process.env, NO_COLOR: "1" },
      encoding: "utf8",
    });
    const printed = `${r.stdout}\n${r.stderr}`.split("\n");
    const warnings = printed.filter((l) => /edition\/section-left-out|section\/unread-file/.test(l));
    expect(warnings).toEqual([
      'content/mini/brief.yaml:14:5: warning section "common" (content/mini/sections/10-common.md) has no audiences, so it is meant for every edition, but editions.alpha.sections does not list it: edition mini-alpha leaves it out (printed only in mini-beta) edition/section-left-out',
      "content/mini/sections/50-reporting.markdown:1:1: warning 50-reporting.markdown is not read: only .md files in content/mini/sections are sections section/unread-file",
      "content/mini/sections/notes.txt:1:1: warning notes.txt is not read: only .md files in content/mini/sections are sections section/unread-file",
    ]);
    expect(printed).toContain(
      "  hint: Rename it to 50-reporting.md to print it, or move it out of content/mini/sections.",
    );
    expect(r.status, printed.join("\n")).toBe(0);
  });
});
