import { spawn, spawnSync } from "node:child_process";
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect } from "vitest";
import { REAL_SEAMS, runBuild, type Seams } from "../../src/pipeline/index.js";
import { release, type ReleaseResult } from "../../src/release/index.js";
import type { RendererFactory } from "../../src/stages/6-render/index.js";
import { lines, REPO, taggedBlankPdf, tempProject } from "../helpers.js";

/**
 * Shared parts of the operations tests: editions built by the real pipeline
 * with a renderer that makes a one-page PDF (no browser), real release
 * folders, a git repository with a bare "origin", and the operations
 * scripts run as the workflow runs them, with the stand-in gh
 * (test/simulate/fake-gh.mjs) on the PATH.
 */

/** A renderer seam that prints a blank one-page PDF, tagged as Chromium tags (so it passes the PDF/UA checker). */
export const blankPdf: Seams = {
  ...REAL_SEAMS,
  openRenderer: (() =>
    Promise.resolve({
      close: () => Promise.resolve(),
      openPage: () =>
        Promise.resolve({
          browserVersion: "FakeChrome/1.0",
          close: () => Promise.resolve(),
          print: async () => ({ pdf: await taggedBlankPdf(1), blocked: [] }),
        }),
    })) satisfies RendererFactory,
};

/** Build the project's editions into `outDir` (no browser); fails the test on errors. */
export async function buildEditions(root: string, outDir = "output"): Promise<void> {
  const r = await runBuild({ root, outDir }, blankPdf);
  expect(lines(r.diagnostics.filter((d) => d.severity === "error"))).toEqual([]);
}

/** Build, then release into root/release against root/previous; returns the result. */
export async function buildAndRelease(root: string, out = "release", previous = "previous"): Promise<ReleaseResult> {
  await buildEditions(root);
  return release({ root, out: path.join(root, out), previous: path.join(root, previous) });
}

/** A fixture project that is also a git repository, with a bare repository as its origin. */
export function gitProject(overlay: Record<string, string> = {}): { root: string; origin: string } {
  const root = tempProject(overlay);
  const origin = path.join(mkdtempSync(path.join(os.tmpdir(), "brief-origin-")), "origin.git");
  const git = (cwd: string, args: string[]): void => {
    const r = spawnSync("git", args, { cwd, encoding: "utf8" });
    if (r.status !== 0) throw new Error(`git ${args.join(" ")}: ${r.stderr}`);
  };
  git(root, ["init", "--quiet", "--bare", "--initial-branch=main", origin]);
  git(root, ["init", "--quiet", "--initial-branch=main"]);
  git(root, ["add", "-A"]);
  git(root, ["-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "--quiet", "-m", "project"]);
  git(root, ["remote", "add", "origin", origin]);
  git(root, ["push", "--quiet", "origin", "main"]);
  return { root, origin };
}

/** Another clone of origin: a fresh runner. */
export function cloneOf(origin: string): string {
  const dir = path.join(mkdtempSync(path.join(os.tmpdir(), "brief-runner-")), "work");
  const r = spawnSync("git", ["clone", "--quiet", origin, dir], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  return dir;
}

/** A folder standing in for GitHub (releases, attestations, issues), and a PATH whose gh is the stand-in. */
export function fakeGithub(): { store: string; env: NodeJS.ProcessEnv } {
  const store = mkdtempSync(path.join(os.tmpdir(), "brief-github-"));
  writeFileSync(path.join(store, "calls.jsonl"), "");
  const bin = path.join(store, "bin");
  mkdirSync(bin);
  writeFileSync(
    path.join(bin, "gh"),
    `#!/bin/sh\nexec "${process.execPath}" "${path.join(REPO, "test/simulate/fake-gh.mjs")}" "$@"\n`,
  );
  chmodSync(path.join(bin, "gh"), 0o755);
  const env = {
    ...process.env,
    PATH: `${bin}:${process.env.PATH ?? ""}`,
    FAKE_GH_STORE: store,
    GITHUB_REPOSITORY: "sim/briefs",
    GITHUB_ACTIONS: "",
    GITHUB_OUTPUT: "",
  };
  return { store, env };
}

/** The output of an operations script. */
export interface Ran {
  readonly code: number | null;
  readonly out: string;
}

/** Run scripts/ops/<script> in `cwd`, as `make` does. */
export function ops(script: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Ran {
  const r = spawnSync(process.execPath, [path.join(REPO, "scripts/ops", script), ...args], {
    cwd,
    env,
    encoding: "utf8",
  });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

/** The same, without blocking (for races). */
export function opsAsync(script: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(REPO, "scripts/ops", script), ...args], { cwd, env });
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out += c.toString()));
    child.on("close", (code) => resolve({ code, out }));
  });
}

/** Publish a release folder into the fake GitHub as `gh release create` would (published, attested or not). */
export function putRelease(
  store: string,
  dir: string,
  o: { tag?: string; attested?: boolean; at?: string } = {},
): string {
  const manifest = JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8")) as { tag: string };
  const tag = o.tag ?? manifest.tag;
  const assets = path.join(store, "releases", tag, "assets");
  mkdirSync(assets, { recursive: true });
  const sums = readFileSync(path.join(dir, "SHA256SUMS"), "utf8");
  const names = sums
    .split("\n")
    .filter(Boolean)
    .map((l) => l.slice(66));
  for (const n of [...names, "SHA256SUMS"]) cpSync(path.join(dir, n), path.join(assets, n));
  const at = o.at ?? new Date().toISOString();
  writeFileSync(
    path.join(store, "releases", tag, "release.json"),
    JSON.stringify({ tagName: tag, isDraft: false, isPrerelease: false, createdAt: at, publishedAt: at }),
  );
  if (o.attested !== false) {
    const file = path.join(store, "attestations.json");
    const known = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as string[]) : [];
    writeFileSync(
      file,
      JSON.stringify([...known, ...sums.split("\n").flatMap((l) => /^([0-9a-f]{64})/.exec(l)?.[1] ?? [])]),
    );
  }
  return tag;
}
