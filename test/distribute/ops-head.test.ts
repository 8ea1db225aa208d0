import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cloneOf, gitProject, ops } from "./ops-support.js";

/**
 * scripts/ops/head.mjs, the release job's first question: is the run's
 * commit (github.sha) still the head of the default branch? A re-run of an
 * old run ("Re-run all jobs") builds an old commit, which must not become a
 * new release: it answers current=false with a notice, and the release job
 * then takes the latest published release as it is.
 */

const git = (cwd: string, ...args: string[]): string => {
  const r = spawnSync("git", ["-c", "user.name=T", "-c", "user.email=t@example.org", ...args], {
    cwd,
    encoding: "utf8",
  });
  if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  return r.stdout.trim();
};

describe("a re-run of an old run releases nothing new", () => {
  it("says current=true for the default branch's head, and current=false with a notice once it has moved on", () => {
    const { root, origin } = gitProject();
    const runner = cloneOf(origin);
    const old = git(runner, "rev-parse", "HEAD");
    const env = { ...process.env, GITHUB_ACTIONS: "true", GITHUB_OUTPUT: "" };
    const now = ops("head.mjs", ["--sha", old], runner, env);
    expect(now.code, now.out).toBe(0);
    expect(now.out).toContain("current=true");
    // Someone pushes a newer commit to main; the old run is then re-run.
    writeFileSync(path.join(root, "later.txt"), "later\n");
    git(root, "add", "later.txt");
    git(root, "commit", "--quiet", "-m", "later");
    git(root, "push", "--quiet", "origin", "main");
    const later = ops("head.mjs", ["--sha", old], runner, env);
    expect(later.code, later.out).toBe(0);
    expect(later.out).toContain("current=false");
    expect(later.out).toMatch(
      new RegExp(
        `::notice::commit ${old.slice(0, 12)} is not the head of main \\([0-9a-f]{12} is\\): this is a re-run of an older run, so no new release is made`,
      ),
    );
  });

  it("stops on a commit that is not a full SHA, and on a remote it cannot read", () => {
    const { root } = gitProject();
    const bad = ops("head.mjs", ["--sha", "main"], root, process.env);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain("--sha needs the run's full commit");
    const sha = git(root, "rev-parse", "HEAD");
    const gone = ops("head.mjs", ["--sha", sha, "--remote", "/nonexistent/origin.git"], root, process.env);
    expect(gone.code).toBe(1);
    expect(gone.out).not.toContain("current=");
  });
});
