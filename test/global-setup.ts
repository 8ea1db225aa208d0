import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SEED_VARIABLE, seedSharedBuilds, sharedBuildsDir } from "./shared-builds-dir.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** What dist/ is compiled and bundled from: a change to any of these makes the suite build it again. */
const BUILD_INPUTS = ["src", "scripts/bundle.mjs", "tsconfig.json", "tsconfig.build.json", "package-lock.json"];

/** Where the hash of the inputs dist/ was last built from is kept (inside dist/, so `rm -rf dist` forgets it). */
const STAMP = path.join(ROOT, "dist", ".test-build-hash");

function filesUnder(rel: string): string[] {
  const abs = path.join(ROOT, rel);
  if (!existsSync(abs)) return [];
  if (!statSync(abs).isDirectory()) return [rel];
  return readdirSync(abs, { recursive: true, encoding: "utf8" })
    .map((name) => path.join(rel, name))
    .filter((file) => statSync(path.join(ROOT, file)).isFile());
}

/** A hash of every build input's path and bytes, in a fixed order. */
export function buildInputsHash(): string {
  const h = createHash("sha256");
  for (const rel of BUILD_INPUTS.flatMap(filesUnder).sort()) {
    h.update(`${rel}\0`);
    h.update(readFileSync(path.join(ROOT, rel)));
    h.update("\0");
  }
  return h.digest("hex");
}

/**
 * Compile src/ to dist/ and bundle it, so CLI tests run the same `brief`
 * command users run; skipped when dist/ was already built from exactly
 * these sources (issue 33: every vitest run paid a full `tsc` for nothing).
 */
export default function setup(): () => void {
  // This run's shared builds (test/shared-build.ts) go when it ends.
  const teardown = (): void => rmSync(sharedBuildsDir(), { recursive: true, force: true });
  // A nested run (second-brief.test.ts) starts from the builds its outer run already made.
  const seed = process.env[SEED_VARIABLE];
  if (seed) seedSharedBuilds(seed, sharedBuildsDir());
  const hash = buildInputsHash();
  const bundled = existsSync(path.join(ROOT, "dist", "bundle"));
  if (bundled && existsSync(STAMP) && readFileSync(STAMP, "utf8") === hash) {
    markBuilt();
    return teardown;
  }
  execFileSync(
    process.execPath,
    [path.join(ROOT, "node_modules/typescript/bin/tsc"), "-p", path.join(ROOT, "tsconfig.build.json")],
    { stdio: "inherit" },
  );
  execFileSync(process.execPath, [path.join(ROOT, "scripts/bundle.mjs")], { stdio: "inherit" });
  writeFileSync(STAMP, hash);
  markBuilt();
  return teardown;
}

/**
 * Tell make that dist/ is current. The suite's check above is by content, make's (dist/.stamp) by
 * time: after src/ was edited and the suite rebuilt dist/, make would still see a stale stamp, and a
 * test that runs a make target (regenerate, the simulations) would `rm -rf dist` and compile again
 * under the feet of the files running beside it (issue 33: the browser files run two at a time).
 */
function markBuilt(): void {
  const now = new Date();
  const stamp = path.join(ROOT, "dist", ".stamp");
  if (existsSync(stamp)) utimesSync(stamp, now, now);
  else writeFileSync(stamp, "");
}
