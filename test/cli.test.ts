import { createHash } from "node:crypto";
import { appendFileSync, cpSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO, tempProject } from "./helpers.js";
import { spawnWatched } from "./watchdog.js";

/** The `brief` command as users run it: help, exit codes and exact error lines. */

const BIN = path.join(REPO, "bin", "brief.js");

function brief(
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv = {},
): { code: number | null; stdout: string; stderr: string } {
  const r = spawnWatched(`brief ${args.join(" ")}`, 120_000, process.execPath, [BIN, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: "1", ...env },
    encoding: "utf8",
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("brief CLI", () => {
  const root = tempProject();

  it("runs from the bundle, which reports exactly what the compiled modules report", () => {
    // bin/brief.js runs dist/bundle/main.cjs (through its code cache) when it is at least as new as dist/main.js
    // (test/global-setup.ts makes both).
    const bundle = path.join(REPO, "dist", "bundle", "main.cjs");
    expect(statSync(bundle).mtimeMs).toBeGreaterThanOrEqual(statSync(path.join(REPO, "dist", "main.js")).mtimeMs);
    const bad = tempProject({
      "content/mini/sections/50-x.md": '---\nid: x\ntitle: X\norder: 50\n---\nThe value is {{fact "ghost"}}.\n',
    });
    const run = (entry: string): { code: number | null; stdout: string; stderr: string } => {
      const r = spawnWatched(
        `${entry} check`,
        120_000,
        process.execPath,
        [entry, "check", "--no-render", "--format", "json"],
        {
          cwd: bad,
          env: { ...process.env, NO_COLOR: "1" },
          encoding: "utf8",
        },
      );
      return { code: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    const bundled = run(BIN);
    expect(bundled.code).toBe(1);
    expect(bundled.stdout).toContain("facts/undefined");
    expect(bundled).toEqual(run(path.join(REPO, "dist", "main.js")));
    // The first run left a code cache for `check` made from this very bundle; a run from it reports the same.
    const sha = createHash("sha256").update(readFileSync(bundle)).digest("hex");
    expect(readFileSync(`${bundle}.check.v8cache`, "latin1").split("\n", 1)[0]).toMatch(new RegExp(` ${sha}$`));
    expect(run(BIN)).toEqual(bundled);
  });

  it("prints help with --help and exits 0", () => {
    const r = brief(["--help"], root);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("Usage: brief <command> [options]");
    expect(r.stdout).toMatch(/3 {2}the renderer failed/);
  });

  it("ends quietly when the reader has closed the pipe (brief explain | head)", () => {
    // `true` exits at once, so every write of the command meets a closed pipe (EPIPE).
    const r = spawnWatched(
      "brief explain | true",
      60_000,
      "bash",
      ["-c", `"${process.execPath}" "${BIN}" explain | true; echo "status=\${PIPESTATUS[0]}"`],
      {
        cwd: root,
        env: { ...process.env, NO_COLOR: "1" },
        encoding: "utf8",
      },
    );
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("status=0\n");
  });

  it("check --brief scopes to one brief, and a report over several briefs counts per brief", () => {
    const two = tempProject();
    cpSync(path.join(two, "content", "mini"), path.join(two, "content", "other"), { recursive: true });
    appendFileSync(path.join(two, "content", "other", "facts.yaml"), "broken: [\n");
    const scoped = brief(["check", "--no-render", "--brief", "mini"], two);
    expect(scoped.code).toBe(0);
    expect(scoped.stderr).not.toContain("content/other");
    const all = brief(["check", "--no-render"], two);
    expect(all.code).toBe(1);
    expect(all.stderr).toMatch(/^content\/other\/facts\.yaml:\d+:\d+: error .* yaml\/syntax$/m);
    expect(all.stderr.trimEnd().split("\n").slice(-1)).toEqual(["1 error(s), 0 warning(s)"]);
    const broken = tempProject({
      "content/mini/sections/50-x.md": "---\nid: x\ntitle: X\norder: 5\n---\nThe color is blue.\n",
    });
    cpSync(path.join(broken, "content", "mini"), path.join(broken, "content", "other"), { recursive: true });
    appendFileSync(path.join(broken, "content", "other", "facts.yaml"), "broken: [\n");
    const mixed = brief(["check", "--no-render"], broken);
    expect(mixed.stderr.trimEnd().split("\n").slice(-3)).toEqual([
      "mini: 0 error(s), 1 warning(s)",
      "other: 1 error(s), 0 warning(s)",
      "1 error(s), 1 warning(s)",
    ]);
  });

  it("exits 2 on wrong usage", () => {
    expect(brief([], root).code).toBe(2);
    const unknown = brief(["bake"], root);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toBe('brief: unknown command "bake"\nRun `brief --help` for usage.\n');
    const badFormat = brief(["build", "--format", "docx"], root);
    expect(badFormat.code).toBe(2);
    expect(badFormat.stderr).toBe('brief: --format must be pdf or html, not "docx"\nRun `brief --help` for usage.\n');
    expect(brief(["build", "--colour"], root).code).toBe(2);
  });

  it("check exits 0 on good content and reports reading grades", () => {
    const r = brief(["check", "--no-render"], root);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(
      /templates\/audiences\/beta\.yaml:10:20: info edition mini-beta: Flesch-Kincaid grade [\d.]+ \(limit 14\), \d+ words edition\/reading-grade/,
    );
  });

  it("check exits 1 with the exact error line and hint for a missing fact", () => {
    const bad = tempProject({
      "content/mini/sections/50-x.md": '---\nid: x\ntitle: X\norder: 50\n---\nThe value is {{fact "ghost"}}.\n',
    });
    const r = brief(["check"], bad);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'content/mini/sections/50-x.md:6:14: error fact "ghost" is used in section "x" but not defined in content/mini/facts.yaml facts/undefined\n  hint: Use a fact id: cost, estimate, fall, day, chips, tricky. Or add "ghost" to facts.yaml with value, format, as_of and source.\n',
    );
  });

  it("check --format json prints the findings as JSON", () => {
    const bad = tempProject({ "content/mini/facts.yaml": "cost:\n  value: 1\n  value: 2\n" });
    const r = brief(["check", "--format", "json"], bad);
    expect(r.code).toBe(1);
    const findings = JSON.parse(r.stdout) as {
      file: string;
      line: number;
      column: number;
      ruleId: string;
    }[];
    expect(findings[0]).toMatchObject({
      file: "content/mini/facts.yaml",
      line: 3,
      column: 3,
      ruleId: "yaml/duplicate-key",
    });
  });

  it("build exits 3 with a hint when no browser can be found", () => {
    const r = brief(["build", "--format", "pdf"], tempProject(), {
      PUPPETEER_EXECUTABLE_PATH: "/nonexistent/chrome",
    });
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(
      /output\/mini-alpha\.pdf:0:0: error no Chromium or Chrome found \(tried PUPPETEER_EXECUTABLE_PATH=\/nonexistent\/chrome\) render\/no-browser\n {2}hint: Run `npx brief setup`/,
    );
  });

  it("build --format html writes HTML editions without a browser", () => {
    const dir = tempProject();
    const r = brief(["build", "--format", "html"], dir, {
      PUPPETEER_EXECUTABLE_PATH: "/nonexistent/chrome",
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("built mini-alpha: output/mini-alpha.html");
    expect(r.stdout).toContain("built mini-beta: output/mini-beta.html");
  });

  it("a content error in one edition does not stop the others, and the exit code is 1", () => {
    const dir = tempProject({
      "content/mini/sections/30-beta.md":
        '---\nid: beta-only\ntitle: Beta\norder: 30\naudiences: [beta]\n---\nBroken {{fact "ghost"}}.\n',
    });
    const r = brief(["build", "--format", "html"], dir);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("built mini-alpha: output/mini-alpha.html");
    expect(r.stdout).not.toContain("built mini-beta");
    expect(r.stderr).toContain('content/mini/sections/30-beta.md:7:8: error fact "ghost"');
  });

  it("rejects an unknown --audience as wrong usage, naming the choices", () => {
    const r = brief(["check", "--audience", "nobody"], root);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('error no audience "nobody" cli/unknown-audience\n  hint: Use one of: alpha, beta.');
  });

  it("explains a rule from the catalogue, and says which rules exist when the id is wrong", () => {
    const r = brief(["explain", "facts/undefined"], root);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^facts\/undefined: a fact used but not defined\n\n {2}default severity: error \(reported by brief build and brief check\)\n/,
    );
    expect(r.stdout).toContain("What to do: Add the fact to facts.yaml");
    const bad = brief(["explain", "facts/undefind"], root);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^brief: no rule "facts\/undefind"; rules in facts\/: .*facts\/undefined/);
    const all = brief(["explain"], root);
    expect(all.code).toBe(0);
    expect(all.stdout.split("\n").filter(Boolean).length).toBeGreaterThan(60);
  });

  it("shows one plain progress line per edition on a pipe, with no escape codes; --quiet shows none", () => {
    const dir = tempProject();
    const r = brief(["build", "--format", "html"], dir);
    expect(r.code).toBe(0);
    expect(r.stderr.includes(String.fromCharCode(27))).toBe(false);
    const progress = r.stderr.split("\n").filter((l) => l.startsWith("["));
    // Editions finish in any order; the count runs 1, 2.
    expect(progress.map((l) => l.slice(0, 6))).toEqual(["[1/2] ", "[2/2] "]);
    expect(progress.map((l) => l.slice(6).replace(/\d+\.\d s$/, "T s")).sort()).toEqual([
      "mini-alpha … HTML, T s",
      "mini-beta … HTML, T s",
    ]);
    const again = brief(["build", "--format", "html"], dir);
    expect(again.stderr).toContain("mini-alpha … HTML, unchanged (cached), 0.0 s");
    const quiet = brief(["build", "--format", "html", "--quiet"], dir);
    expect(quiet.code).toBe(0);
    expect(quiet.stderr).toBe("");
    expect(quiet.stdout).toBe("");
  });

  it("check --format github prints GitHub workflow annotations; inside Actions, build prints them too", () => {
    const bad = tempProject({
      "content/mini/sections/50-x.md":
        '---\nid: x\ntitle: X\norder: 50\n---\nThe value is {{fact "ghost"}}, 100%, a:b.\n',
    });
    const r = brief(["check", "--format", "github", "--no-render"], bad);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      '::error file=content/mini/sections/50-x.md,line=6,col=14,title=facts/undefined::fact "ghost" is used in section "x" but not defined in content/mini/facts.yaml. Use a fact id: cost, estimate, fall, day, chips, tricky. Or add "ghost" to facts.yaml with value, format, as_of and source.\n',
    );
    const built = brief(["build", "--format", "html"], bad, { GITHUB_ACTIONS: "true" });
    expect(built.code).toBe(1);
    expect(built.stdout).toMatch(
      /^::error file=content\/mini\/sections\/50-x\.md,line=6,col=14,title=facts\/undefined::/m,
    );
    expect(built.stderr).toContain("content/mini/sections/50-x.md:6:14: error fact");
  });
});
