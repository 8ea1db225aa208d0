import { createHash } from "node:crypto";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { FIXTURES, REPO, specimenCopy, tempProject } from "./helpers.js";
import { sharedBuildsDir } from "./shared-builds-dir.js";
import { spawnWatched } from "./watchdog.js";

/**
 * Build a fixture once per test run and share it (issue 33: a fast suite).
 * Several browser suites started with the same cold `brief build` of the
 * specimen (a minute of Chromium each on a quiet 2-core machine) and then
 * only read its output. Now the first one to ask builds it into a folder
 * keyed by a hash of everything the build reads (the fixture, the
 * templates, the compiled code, the command and its environment); each
 * caller gets its own copy of the built project, so a test that edits or
 * rebuilds it changes nobody else's. The folder belongs to this vitest run
 * (BRIEF_TEST_RUN, set by vitest.config.ts); global-setup removes it.
 */

/** What a shared build gives each caller: its own copy of the built project, and what the build printed. */
export interface SharedBuild {
  /** A fresh copy of the built project (output/ and .cache/ included), the caller's alone. */
  readonly root: string;
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** When the build ran (ms since the epoch): a test that wants its rebuild to be "later" waits from here. */
  readonly builtAt: number;
  /** The folder the build ran in (gone since): what its output names, for a test comparing it with another build's. */
  readonly builtIn: string;
}

function hashTree(h: ReturnType<typeof createHash>, dir: string, skip = (_name: string): boolean => false): void {
  for (const name of readdirSync(dir, { recursive: true, encoding: "utf8" }).sort()) {
    const abs = path.join(dir, name);
    if (skip(name) || !statSync(abs).isFile()) continue;
    h.update(`${name}\0`).update(readFileSync(abs)).update("\0");
  }
}

/**
 * The key of a build: the fixture's and templates' bytes, the compiled code's hash, the arguments and
 * environment. `templates` is the checkout's templates/ (a test passes another to check what counts).
 */
export function keyOf(
  fixture: string,
  args: readonly string[],
  env: Record<string, string>,
  templates = path.join(REPO, "templates"),
): string {
  const h = createHash("sha256");
  hashTree(h, path.join(FIXTURES, fixture));
  // What specimenCopy() takes of templates/: everything but the checkout's audiences (the fixture brings its own),
  // so a checkout with an author's audience, or a project copy with a second brief, has the same key.
  hashTree(h, templates, (name) => name.split(path.sep).includes("audiences"));
  const dist = path.join(REPO, "dist", ".test-build-hash");
  h.update(existsSync(dist) ? readFileSync(dist) : String(statSync(path.join(REPO, "dist", "main.js")).mtimeMs));
  h.update(JSON.stringify([fixture, args, Object.entries(env).sort()]));
  return h.digest("hex").slice(0, 16);
}

/** The fixtures built this way: the specimen (the DeepSeek brief's frozen copy) and the mini base fixture. */
export type SharedFixture = "specimen" | "base";

/**
 * `brief <args>` run once per test run in a copy of the specimen fixture
 * (with NO_COLOR=1 and `env`), then copied for each caller: what the
 * suites that share it read.
 */
export function sharedSpecimenBuild(args: readonly string[], env: Record<string, string>): SharedBuild {
  return sharedFixtureBuild("specimen", args, env);
}

/**
 * `brief <args>` run once per test run in a copy of `fixture` laid over the
 * templates (tempProject, with NO_COLOR=1 and `env`), then copied for each
 * caller. The base fixture's build is the "previous good output" the fault
 * suites and the mini-fixture PDF suite start from (issue 33, round 4):
 * each used to build it again per test.
 */
export function sharedFixtureBuild(
  fixture: SharedFixture,
  args: readonly string[],
  env: Record<string, string>,
): SharedBuild {
  const dir = path.join(sharedBuildsDir(), keyOf(fixture, args, env));
  const result = path.join(dir, "result.json");
  if (!existsSync(result)) {
    const root = fixture === "specimen" ? specimenCopy() : tempProject();
    const builtAt = Date.now();
    const r = spawnWatched(
      `brief ${args.join(" ")} of the shared ${fixture}`,
      300_000,
      process.execPath,
      [path.join(REPO, "bin", "brief.js"), ...args],
      {
        cwd: root,
        env: { ...process.env, NO_COLOR: "1", ...env },
        encoding: "utf8",
      },
    );
    // Built aside, then moved into place in one step: a reader never sees half a build.
    const staging = `${dir}.${process.pid}.tmp`;
    mkdirSync(staging, { recursive: true });
    cpSync(root, path.join(staging, "project"), { recursive: true, preserveTimestamps: true });
    writeFileSync(
      path.join(staging, "result.json"),
      JSON.stringify({ status: r.status, stdout: r.stdout, stderr: r.stderr, builtAt, builtIn: root }),
    );
    rmSync(root, { recursive: true, force: true });
    try {
      renameSync(staging, dir);
    } catch {
      rmSync(staging, { recursive: true, force: true }); // another worker moved its identical build in first
    }
  }
  const built = JSON.parse(readFileSync(result, "utf8")) as Omit<SharedBuild, "root">;
  const root = mkdtempSync(path.join(os.tmpdir(), "brief-test-"));
  cpSync(path.join(dir, "project"), root, { recursive: true, preserveTimestamps: true });
  return { ...built, root };
}
