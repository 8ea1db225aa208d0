import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { latestRelease } from "./ops-latest.js";
import { usage, type Io } from "./io.js";

/**
 * `brief ops STEP [ARGS…]`: every step of the scheduled workflow that is
 * not `build`, `release` or `distribute`, so a team's repository needs no
 * Makefile and no copy of scripts/. A thin dispatcher: each step runs the
 * package's own operations script (scripts/ops/*.mjs) with the arguments
 * as given, and its exit code is the command's. It imports only Node's
 * built-ins, and bin/brief.js loads it without the rest of the CLI, so the
 * workflow's jobs that hold write permissions run no code from npm
 * dependencies (docs/package.md).
 */

/** One step: the script it runs (or a built-in) and its arguments, for --help and docs/cli.md. */
export interface OpsStep {
  readonly script?: string;
  readonly args: string;
  readonly what: string;
}

/** Every step, by name. */
export const OPS_STEPS: Readonly<Record<string, OpsStep>> = {
  "previous-release": {
    script: "previous-release.mjs",
    args: "--dir DIR --prefix P --attestations required|off",
    what: "The latest published release into DIR, checked against SHA256SUMS and its attestation",
  },
  "latest-release": {
    args: "--dir DIR --out DIR",
    what: "Nothing changed: the previous release (--dir) becomes the release folder (--out)",
  },
  publish: {
    script: "publish.mjs",
    args: "draft|publish --dir DIR --prefix P [--target SHA]",
    what: "Create the GitHub release as a draft, then publish it (after its attestation)",
  },
  pages: {
    script: "pages.mjs",
    args: "commit --dir DIR [--branch B]",
    what: "Add the release's folder to the Pages branch (brief-pages); latest/ points at it",
  },
  head: {
    script: "head.mjs",
    args: "--sha SHA [--branch B]",
    what: "Whether SHA is still the default branch's head (current=true|false): a re-run of an old run releases nothing new",
  },
  ledger: {
    script: "ledger.mjs",
    args: "pull|push --file FILE [--release TAG] | copy --release TAG",
    what: "The delivery ledger from its branch (brief-ledger), and back; a copy kept with a release",
  },
  runtime: {
    script: "runtime.mjs",
    args: "(no options)",
    what: "The Node and Chromium versions this runner builds with (node=, chromium=): the build cache key",
  },
  "approval-watchdog": {
    script: "approval-watchdog.mjs",
    args: "[--hours H] [--workflow FILE]",
    what: "Report runs waiting longer than H hours (APPROVAL_LIMIT_HOURS, 24) for approval on the failure issue",
  },
  "failure-issue": {
    script: "failure-issue.mjs",
    args: "(reads NEEDS, RUN_URL)",
    what: 'Open, update or close the "Editions workflow is failing" issue',
  },
};

/** The package's scripts/ops folder (dist/cli/ is two folders below the package root). */
export const OPS_DIR = fileURLToPath(new URL("../../scripts/ops/", import.meta.url));

/** Run a script with Node, its output passed through; resolves to its exit code. */
function runScript(script: string, args: readonly string[]): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(OPS_DIR, script), ...args], { stdio: "inherit" });
    child.on("error", () => resolve(1));
    child.on("close", (code) => resolve(code ?? 1));
  });
}

/** The `ops` command. */
export async function opsCommand(args: readonly string[], io: Io): Promise<number> {
  const [step, ...rest] = args;
  const names = Object.keys(OPS_STEPS).join(", ");
  if (step === undefined) return usage(io, `brief ops needs a step: ${names}`);
  const def = Object.hasOwn(OPS_STEPS, step) ? OPS_STEPS[step] : undefined;
  if (!def) return usage(io, `unknown ops step "${step}" (the steps: ${names})`);
  if (def.script === undefined) return latestRelease(rest, io);
  return runScript(def.script, rest);
}
