import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cloneOf, fakeGithub, gitProject, ops } from "./ops-support.js";

/**
 * The operations scripts' guards: a missing ledger fails closed once a
 * release is published (and the copy kept with each release restores it),
 * latest/ on Pages never moves to an older release, the failure issue stays
 * open while a recipient is not reached, and a run waiting too long for
 * approval is reported once.
 */

/** A published release in the fake GitHub (no assets). */
function published(store: string, tag: string): void {
  mkdirSync(path.join(store, "releases", tag, "assets"), { recursive: true });
  const at = "2025-03-01T10:00:00Z";
  writeFileSync(
    path.join(store, "releases", tag, "release.json"),
    JSON.stringify({ tagName: tag, isDraft: false, isPrerelease: false, createdAt: at, publishedAt: at }),
  );
}

interface Issue {
  readonly title: string;
  readonly state: string;
  readonly body: string;
  readonly comments: string[];
}
const issues = (store: string): Issue[] =>
  existsSync(path.join(store, "issues.json"))
    ? (JSON.parse(readFileSync(path.join(store, "issues.json"), "utf8")) as Issue[])
    : [];

describe("a missing ledger fails closed", () => {
  it("once a release keeps a copy of the ledger, a missing brief-ledger stops the pull; the copy restores it", () => {
    const { origin } = gitProject();
    const { store, env } = fakeGithub();
    const runner = cloneOf(origin);
    // No release yet: a first run starts an empty ledger.
    expect(ops("ledger.mjs", ["pull", "--file", "l.jsonl"], runner, env).code).toBe(0);
    // The first release is published before its mailing job pulls the ledger: nobody was mailed, no copy is kept.
    const tag = "editions-20250301-100000-0123456789ab";
    published(store, tag);
    expect(ops("ledger.mjs", ["pull", "--file", "l.jsonl"], runner, env).code).toBe(0);
    // The push keeps a copy with the release.
    const line = '{"v":2,"recipient":"ada@example.org"}\n';
    writeFileSync(path.join(runner, "l.jsonl"), line);
    const pushed = ops("ledger.mjs", ["push", "--file", "l.jsonl", "--release", tag], runner, env);
    expect(pushed.code, pushed.out).toBe(0);
    expect(readFileSync(path.join(store, "releases", tag, "assets", "brief-ledger.jsonl"), "utf8")).toBe(line);
    expect(ops("ledger.mjs", ["pull", "--file", "l.jsonl"], runner, env).code).toBe(0);
    // The branch deleted: the pull stops, naming the copy that restores it.
    spawnSync("git", ["-C", origin, "branch", "-D", "brief-ledger"]);
    const stopped = ops("ledger.mjs", ["pull", "--file", "l.jsonl"], runner, env);
    expect(stopped.code).toBe(1);
    expect(stopped.out).toContain(
      `the delivery ledger is missing (branch brief-ledger does not exist), but release ${tag} is published with a copy of it`,
    );
    expect(stopped.out).toContain(`gh release download ${tag} --pattern brief-ledger.jsonl`);
    // A deliberate fresh start is allowed.
    expect(ops("ledger.mjs", ["pull", "--file", "l.jsonl"], runner, { ...env, BRIEF_LEDGER_NEW: "1" }).code).toBe(0);
  });
});

describe("latest/ never moves backwards", () => {
  it("publishing an older release adds its folder but leaves latest/ at the newer one", () => {
    const { origin } = gitProject();
    const { env } = fakeGithub();
    const runner = cloneOf(origin);
    const folder = (tag: string, created: string): string => {
      const dir = mkdtempSync(path.join(os.tmpdir(), "brief-rel-"));
      mkdirSync(path.join(dir, "site"));
      writeFileSync(path.join(dir, "site/index.html"), `<!DOCTYPE html><title>${tag}</title>`);
      writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ tag, created }));
      writeFileSync(path.join(dir, "SHA256SUMS"), "");
      writeFileSync(path.join(dir, "CHANGES.md"), "# Changes\n");
      return dir;
    };
    const newer = "editions-20250301-100000-aaaaaaaaaaaa";
    const older = "editions-20250201-100000-bbbbbbbbbbbb";
    expect(ops("pages.mjs", ["commit", "--dir", folder(newer, "2025-03-01T10:00:00Z")], runner, env).code).toBe(0);
    const r = ops("pages.mjs", ["commit", "--dir", folder(older, "2025-02-01T10:00:00Z")], runner, env);
    expect(r.code, r.out).toBe(0);
    expect(r.out).toContain(`latest/ stays at ${newer}`);
    expect(r.out).toMatch(/Pages branch brief-pages: [\d.]+ MB of GitHub Pages' 1 GB/);
    const show = (p: string): string =>
      spawnSync("git", ["-C", origin, "show", `brief-pages:${p}`], { encoding: "utf8" }).stdout;
    expect(show("latest/manifest.json")).toContain(newer);
    expect(show(`${older}/manifest.json`)).toContain(older);
    const index = show("index.html");
    expect(index.indexOf(newer)).toBeLessThan(index.indexOf(older));
  });
});

describe("the Pages size warning", () => {
  it("warns with an annotation and the pruning pointer once the branch passes 80% of the limit", () => {
    const { origin } = gitProject();
    const { env } = fakeGithub();
    const runner = cloneOf(origin);
    const dir = mkdtempSync(path.join(os.tmpdir(), "brief-rel-"));
    const tag = "editions-20250301-100000-aaaaaaaaaaaa";
    mkdirSync(path.join(dir, "site"));
    writeFileSync(path.join(dir, "site/index.html"), `<!DOCTYPE html><title>${"x".repeat(4000)}</title>`);
    writeFileSync(path.join(dir, "manifest.json"), JSON.stringify({ tag, created: "2025-03-01T10:00:00Z" }));
    writeFileSync(path.join(dir, "SHA256SUMS"), "");
    writeFileSync(path.join(dir, "CHANGES.md"), "# Changes\n");
    const commit = (limit: number): string =>
      ops("pages.mjs", ["commit", "--dir", dir], runner, {
        ...env,
        GITHUB_ACTIONS: "true",
        BRIEF_PAGES_LIMIT_BYTES: String(limit),
      }).out;
    // The folder and latest/ hold about 8 kB: well under a 1 MB limit, over 80% of a 10 kB one.
    expect(commit(1024 ** 2)).not.toContain("::warning::");
    const out = commit(10_000);
    // The message names the limit in force, not Pages' 1 GB.
    expect(out).toMatch(
      /::warning::the Pages branch brief-pages holds \d+ MB, \d+% of the 10000 bytes BRIEF_PAGES_LIMIT_BYTES sets;/,
    );
    expect(out).not.toContain("1 GB");
    expect(out).toContain(
      'prune old release folders as docs/scheduled-regeneration.md ("Pages size and pruning") says',
    );
  });
});

describe("the failure issue stays open while a recipient is not reached", () => {
  it("opens it listing them though every job succeeded, and closes it once none remains", () => {
    const { root } = gitProject();
    const { store, env } = fakeGithub();
    const needs = (unreached: string): string =>
      JSON.stringify({
        release: { result: "success", outputs: { due: "0", unreached } },
        distribute: { result: "skipped", outputs: {} },
      });
    const cy = "Cy Beta <cy@example.org>: mini-beta, refused";
    const r = ops("failure-issue.mjs", [], root, { ...env, NEEDS: needs(cy), RUN_URL: "https://run/1" });
    expect(r.code, r.out).toBe(0);
    const [issue] = issues(store);
    expect(issue?.state).toBe("open");
    expect(issue?.body).toContain(`- ${cy}`);
    expect(issue?.body).toContain("--mark-delivered --only ADDRESS");
    ops("failure-issue.mjs", [], root, { ...env, NEEDS: needs(""), RUN_URL: "https://run/2" });
    expect(issues(store)[0]?.state).toBe("closed");
  });
});

describe("the approval watchdog", () => {
  it("reports a run waiting longer than the limit once, and ignores one that has not waited long", () => {
    const { root } = gitProject();
    const { store, env } = fakeGithub();
    mkdirSync(path.join(store, "api"));
    const runs = [
      { html_url: "https://github.com/sim/briefs/actions/runs/7", created_at: "2025-03-01T06:17:00Z" },
      { html_url: "https://github.com/sim/briefs/actions/runs/8", created_at: "2025-03-02T05:30:00Z" },
    ];
    writeFileSync(
      path.join(
        store,
        "api",
        encodeURIComponent("repos/sim/briefs/actions/workflows/editions.yml/runs?status=waiting&per_page=100") +
          ".json",
      ),
      JSON.stringify({ total_count: 2, workflow_runs: runs }),
    );
    const at = { ...env, WATCHDOG_NOW: "2025-03-02T07:00:00Z" };
    const r = ops("approval-watchdog.mjs", ["--hours", "24"], root, at);
    expect(r.code, r.out).toBe(0);
    const [issue] = issues(store);
    expect(issue?.title).toBe("Editions workflow is failing");
    expect(issue?.body).toContain(
      "- https://github.com/sim/briefs/actions/runs/7 (waiting since 2025-03-01T06:17:00Z)",
    );
    expect(issue?.body).not.toContain("runs/8");
    expect(ops("approval-watchdog.mjs", ["--hours", "24"], root, at).code).toBe(0);
    expect(issues(store)).toHaveLength(1);
    expect(issues(store)[0]?.comments).toEqual([]);
  });
});
