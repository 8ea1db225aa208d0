import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { REPO } from "./helpers.js";
import { sharedBuildsDir } from "./shared-builds-dir.js";
import { limit } from "./slowness.js";

/**
 * The tool as a team gets it (issue 32), made once per test run and shared
 * between the files that need it (test/e2e/package.test.ts,
 * test/e2e/team-workflow.test.ts), like test/shared-build.ts does for
 * builds: `npm pack` of this repository, and a folder where `npm init -y`
 * and `npm install <the tarball>` ran. It is keyed by a hash of what the
 * package is made of, so a changed tool is packed again; the folder belongs
 * to this vitest run and global-setup removes it. Callers must not change
 * it: they install or link from it.
 */

/** The packed tool and a folder where it is installed. */
export interface PackedTool {
  /** The `.tgz` that `npm pack` wrote. */
  readonly tarball: string;
  /** A folder with the package.json, package-lock.json and node_modules `npm install <tarball>` made (read only). */
  readonly installed: string;
}

/** The environment npm runs with here: no audit, fund or update checks, no colour. */
export const NPM_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  NO_COLOR: "1",
  npm_config_audit: "false",
  npm_config_fund: "false",
  npm_config_update_notifier: "false",
};

/** What the package is made of (package.json's `files`, and what prepack reads). */
const PACKAGE_INPUTS = [
  "package.json",
  "package-lock.json",
  "bin",
  "templates",
  "csl",
  "init",
  "docs",
  "scripts/ops",
  "scripts/setup-browser.sh",
  "scripts/vendor-fonts.mjs",
  ".puppeteerrc.cjs",
];

function keyOf(): string {
  const h = createHash("sha256");
  const add = (rel: string): void => {
    const abs = path.join(REPO, rel);
    if (!existsSync(abs)) return;
    if (statSync(abs).isDirectory()) for (const n of readdirSync(abs).sort()) add(path.join(rel, n));
    else h.update(`${rel}\0`).update(readFileSync(abs)).update("\0");
  };
  for (const rel of PACKAGE_INPUTS) add(rel);
  const stamp = path.join(REPO, "dist", ".test-build-hash");
  h.update(existsSync(stamp) ? readFileSync(stamp) : String(statSync(path.join(REPO, "dist", "main.js")).mtimeMs));
  return h.digest("hex").slice(0, 16);
}

/** Run a command; throws with its output when it fails. */
export function runOrThrow(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): string {
  const all: NodeJS.ProcessEnv = { ...NPM_ENV, ...env };
  for (const [k, v] of Object.entries(all)) if (v === undefined) delete all[k];
  const r: SpawnSyncReturns<string> = spawnSync(cmd, args, {
    cwd,
    env: all,
    encoding: "utf8",
    timeout: limit(600_000),
  });
  if (r.error) throw new Error(`${cmd} ${args.join(" ")} could not run`, { cause: r.error });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
}

/**
 * The packed and installed tool, packed at most once per test run (per
 * package contents). The install skips puppeteer's browser download the
 * way docs/package.md says to where there is no general internet (this
 * machine reaches no host but the npm registry; `brief setup` finds the
 * browser).
 */
export function packedTool(): PackedTool {
  const dir = path.join(sharedBuildsDir(), `packed-${keyOf()}`);
  const done = path.join(dir, "tool.json");
  if (!existsSync(done)) {
    // Made aside, then moved into place in one step: a reader never sees half of it.
    const staging = `${dir}.${process.pid}.tmp`;
    rmSync(staging, { recursive: true, force: true });
    const installed = path.join(staging, "installed");
    mkdirSync(installed, { recursive: true });
    const out = runOrThrow("npm", ["pack", "--pack-destination", staging, "--silent"], REPO);
    const name = out.trim().split("\n").at(-1) ?? "";
    runOrThrow("npm", ["init", "-y"], installed);
    // The way docs/package.md tells a team without general internet to skip puppeteer's browser
    // download (which fails here, and takes `npm install` with it): a .puppeteerrc.cjs, no variable.
    writeFileSync(path.join(installed, ".puppeteerrc.cjs"), "module.exports = { skipDownload: true };\n");
    runOrThrow("npm", ["install", path.join(staging, name), "--prefer-offline"], installed, {
      PUPPETEER_SKIP_DOWNLOAD: undefined,
    });
    writeFileSync(path.join(staging, "tool.json"), JSON.stringify({ name }));
    try {
      renameSync(staging, dir);
    } catch {
      rmSync(staging, { recursive: true, force: true }); // another worker moved its identical one in first
    }
  }
  const { name } = JSON.parse(readFileSync(done, "utf8")) as { name: string };
  return { tarball: path.join(dir, name), installed: path.join(dir, "installed") };
}
