import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { appendFileSync, cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import type { Value } from "./expressions.js";
import { git, type World } from "./world.js";

/**
 * What a GitHub-hosted runner does around the steps, for the simulation:
 * the variables every step sees, bash with the runner's flags, the
 * GITHUB_OUTPUT file format, hashFiles(), the checkout, and copying folders
 * the way the artifact actions do (hidden files left out unless asked).
 */

/** The variables a runner sets for every step. */
export function stepEnvironment(
  world: World,
  run: { id: number; sha: string },
  contexts: Record<string, Value>,
  workspace: string,
  temp: string,
): Record<string, string> {
  const github = contexts.github as Record<string, string>;
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([k]) => !k.startsWith("GITHUB_") && !k.startsWith("VITEST")),
  );
  return {
    ...(inherited as Record<string, string>),
    PATH: `${world.bin}:${process.env.PATH ?? ""}`,
    CI: "true",
    NO_COLOR: "1",
    GITHUB_ACTIONS: "true",
    GITHUB_WORKSPACE: workspace,
    GITHUB_REPOSITORY: world.repository,
    GITHUB_SHA: run.sha,
    GITHUB_REF: String(github.ref),
    GITHUB_EVENT_NAME: String(github.event_name),
    GITHUB_RUN_ID: String(run.id),
    RUNNER_TEMP: temp,
    FAKE_GH_STORE: world.ghStore,
    FAKE_GH_NOW: world.now.toISOString(),
    ...world.runnerEnv,
  };
}

/**
 * Where `SIM_PROFILE=<file>` has each step's cost appended, one JSON line per `run:` step: the
 * script, wall seconds, and the CPU seconds (user, system) of the step and every process it waited
 * for, by GNU time. For finding what a simulated year spends its CPU on (docs/testing.md).
 */
const PROFILE = process.env.SIM_PROFILE;
/** Steps timed so far by this process: names each step's GNU time report (matrix legs run at once). */
let timed = 0;

/** Run a step's script as the runner does (bash -e -o pipefail). */
export function bash(
  script: string,
  cwd: string,
  env: Record<string, string>,
): Promise<{ code: number; output: string }> {
  const args = ["--noprofile", "--norc", "-eo", "pipefail", "-c", script];
  const times = PROFILE ? `${PROFILE}.${process.pid}.${++timed}.time` : undefined;
  // No input, as on a runner: a step's stdin is not a pipe from us. (A socket on stdin tells bash it was
  // started by rshd, and with SHLVL unset or 0 it then sources ~/.bashrc in every shell make starts.)
  const options = { cwd, env, stdio: ["ignore", "pipe", "pipe"] as ["ignore", "pipe", "pipe"] };
  return new Promise((resolve) => {
    const child = times
      ? spawn("/usr/bin/time", ["-f", "%e %U %S", "-o", times, "bash", ...args], options)
      : spawn("bash", args, options);
    let output = "";
    child.stdout.on("data", (c: Buffer) => (output += c.toString()));
    child.stderr.on("data", (c: Buffer) => (output += c.toString()));
    child.on("close", (code) => {
      if (PROFILE && times) {
        const [wall, user, system] = (/([\d.]+) ([\d.]+) ([\d.]+)\s*$/.exec(readFileSync(times, "utf8")) ?? [])
          .slice(1)
          .map(Number);
        appendFileSync(PROFILE, `${JSON.stringify({ script: script.trim(), wall, user, system })}\n`);
        rmSync(times, { force: true });
      }
      resolve({ code: code ?? 1, output });
    });
  });
}

export function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const m = /^([A-Za-z_][A-Za-z0-9_-]*)=(.*)$/.exec(line);
    if (m?.[1]) out[m[1]] = m[2] ?? "";
  }
  return out;
}

/** sha256 over the files matching GitHub's hashFiles() patterns (a/**, a file), for cache keys. */
export function hashFiles(workspace: string, patterns: readonly string[]): string {
  const h = createHash("sha256");
  const walk = (rel: string): void => {
    const abs = path.join(workspace, rel);
    if (!existsSync(abs)) return;
    if (statSync(abs).isDirectory()) for (const n of readdirSync(abs).sort()) walk(path.posix.join(rel, n));
    else h.update(`${rel}\n`).update(readFileSync(abs));
  };
  for (const p of patterns) walk(p.replace(/\/\*\*$/, ""));
  return h.digest("hex");
}

/** A clone of origin at `ref` into `dir` (the checkout action), with the code for the run's commit linked in. */
export function checkout(world: World, dir: string, ref: string | undefined, sha: string): void {
  if (ref) git(path.dirname(dir), ["clone", "--quiet", "--depth", "1", "--branch", ref, `file://${world.origin}`, dir]);
  else {
    git(path.dirname(dir), ["clone", "--quiet", world.origin, dir]);
    git(dir, ["checkout", "--quiet", sha]);
    world.linkCode(dir, sha);
  }
  git(dir, ["remote", "set-url", "origin", world.origin]);
}

/** Copy a folder's contents (without hidden files unless asked). */
export function copyTree(from: string, to: string, hidden = false): number {
  let n = 0;
  mkdirSync(to, { recursive: true });
  for (const e of readdirSync(from, { withFileTypes: true })) {
    if (!hidden && e.name.startsWith(".")) continue;
    const [a, b] = [path.join(from, e.name), path.join(to, e.name)];
    if (e.isDirectory()) n += copyTree(a, b, hidden);
    else {
      cpSync(a, b);
      n++;
    }
  }
  return n;
}
