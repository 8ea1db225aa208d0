import { execFileSync } from "node:child_process";
import {
  appendFileSync,
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { REPO } from "../helpers.js";
import { npmCalls, writeNpmStandIn, type NpmCall } from "./npm-stand-in.js";
import { StepMemo } from "./step-memo.js";

/**
 * What outlives a runner in the simulation, standing in for GitHub: the
 * repository (a bare git repository, "origin", with main, brief-ledger and
 * brief-pages), the releases, attestations and issues (the fake gh's
 * store), the Actions cache (evicted after 7 days unused), the deployed
 * Pages site, and the pipeline's code as of each commit (for a team's
 * repository, WorldOptions.teamModules: the installed package). Everything a
 * job writes anywhere else is wiped when the job ends.
 */

/** Names of the pipeline's files a checkout brings besides the content (bin, dist, …). */
const CODE_FILES = [
  "src",
  "bin",
  "dist",
  "scripts",
  "Makefile",
  "package.json",
  "package-lock.json",
  "tsconfig.json",
  "tsconfig.build.json",
  ".puppeteerrc.cjs",
];

/** How a World is set up. */
export interface WorldOptions {
  /**
   * A team's repository (issue 32) instead of this one: the project is one
   * `brief init` made, and a checkout gets no copy of the tool's code, only
   * this folder's node_modules (the packed tool, installed) linked in, as
   * `npm ci` would make it. An `npm` stand-in turns `npm ci` into a no-op
   * that records its arguments (World.npmCalls); any other npm command runs
   * the real npm.
   */
  readonly teamModules?: string;
}

/**
 * The runners' puppeteer cache, as if `npx puppeteer browsers install chrome` had run (BRIEF_BROWSER=pinned):
 * the pinned Chrome's path runs this machine's Chromium (there is no download here). Returns the folder.
 */
function pinnedBrowserCache(dir: string): string {
  const exe = execFileSync(
    process.execPath,
    ["-e", 'import("puppeteer").then(m=>process.stdout.write(m.default.executablePath()))'],
    { cwd: REPO, env: { PATH: process.env.PATH, HOME: process.env.HOME, PUPPETEER_CACHE_DIR: dir }, encoding: "utf8" },
  );
  if (!exe.startsWith(`${dir}${path.sep}`))
    throw new Error(`simulation: puppeteer's pinned Chrome is not in ${dir}: ${exe}`);
  mkdirSync(path.dirname(exe), { recursive: true });
  writeFileSync(exe, `#!/bin/sh\nexec /usr/bin/chromium "$@"\n`);
  chmodSync(exe, 0o755);
  return dir;
}

/** The durable state of a simulated repository. */
export class World {
  readonly root: string;
  readonly origin: string;
  readonly ghStore: string;
  readonly cacheStore: string;
  readonly pagesSite: string;
  readonly bin: string;
  readonly pagesUrl = "https://sim.example.test/briefs/";
  readonly repository = "sim/briefs";
  /** The code each commit of main was made with: commit → folder (bin, dist, scripts, …). */
  private readonly codeOf = new Map<string, string>();
  /** Set-up steps already run in this world, replayed when run again with the same inputs (step-memo.ts). */
  readonly stepMemo = new StepMemo();
  private codeVersion = 0;
  /** The simulated date of the next run. */
  now: Date;
  secrets: Record<string, string> = {};
  /** What the runner image sets for every step (SIM_NODE_VERSION: the Node it reports, after an update). */
  runnerEnv: Record<string, string> = {};
  vars: Record<string, string> = {};
  /** Make the attestation step fail (GitHub's attestation service down). */
  attestFails = false;
  private readonly seed: string;
  private readonly teamModules: string | undefined;
  private readonly npmLog: string;

  constructor(project: string, start: Date, options: WorldOptions = {}) {
    this.teamModules = options.teamModules;
    this.root = mkdtempSync(path.join(os.tmpdir(), "brief-year-"));
    this.now = start;
    this.origin = path.join(this.root, "origin.git");
    this.ghStore = path.join(this.root, "github");
    this.cacheStore = path.join(this.root, "actions-cache");
    this.pagesSite = path.join(this.root, "pages-site");
    this.bin = path.join(this.root, "bin");
    for (const d of [this.ghStore, this.cacheStore, this.pagesSite, this.bin]) mkdirSync(d, { recursive: true });
    writeFileSync(path.join(this.ghStore, "calls.jsonl"), "");
    // gh is the stand-in; make never reinstalls node_modules or recompiles dist/ inside a runner.
    const fakeGh = path.join(REPO, "test/simulate/fake-gh.mjs");
    writeFileSync(path.join(this.bin, "gh"), `#!/bin/sh\nexec "${process.execPath}" "${fakeGh}" "$@"\n`);
    writeFileSync(
      path.join(this.bin, "make"),
      `#!/bin/sh\nexec /usr/bin/make -o node_modules/.install-stamp -o dist/.stamp "$@"\n`,
    );
    for (const f of ["gh", "make"]) chmodSync(path.join(this.bin, f), 0o755);
    this.npmLog = path.join(this.root, "npm-calls.jsonl");
    // npm ci is recorded (node_modules is linked, never reinstalled); the rest goes to the real npm. In this
    // repository's workflow only the mailing job runs npm ci, and it must install nothing with scripts.
    writeNpmStandIn(this.bin, this.npmLog, { productionOnly: !this.teamModules });
    this.runnerEnv = { PUPPETEER_CACHE_DIR: pinnedBrowserCache(path.join(this.root, "puppeteer-cache")) };
    git(this.root, ["init", "--quiet", "--bare", "--initial-branch=main", this.origin]);
    this.seed = path.join(this.root, "seed");
    cpSync(project, this.seed, { recursive: true });
    git(this.seed, ["init", "--quiet", "--initial-branch=main"]);
    git(this.seed, ["remote", "add", "origin", this.origin]);
    const first = this.teamModules
      ? "The team's repository, as brief init wrote it"
      : "The project: a small brief with two editions";
    this.commit(first, this.newCode());
  }

  /** The `npm ci` calls the steps of a team's World made, in order. */
  npmCalls(): NpmCall[] {
    return npmCalls(this.npmLog);
  }

  /** A copy of the pipeline's code (the current build), optionally with a change that alters nothing readers see. */
  newCode(change?: string): string {
    const dir = path.join(this.root, `code-${++this.codeVersion}`);
    mkdirSync(dir);
    if (this.teamModules) {
      // A team's commit holds no code of the tool: only what `npm ci` installs from its lock file.
      if (change) throw new Error("simulation: a team's World has no tool code to change");
      symlinkSync(path.join(this.teamModules, "node_modules"), path.join(dir, "node_modules"));
      return dir;
    }
    for (const f of CODE_FILES) {
      const from = path.join(REPO, f);
      if (f === "scripts") symlinkSync(from, path.join(dir, f));
      else cpSync(from, path.join(dir, f), { recursive: true, preserveTimestamps: true });
    }
    symlinkSync(path.join(REPO, "node_modules"), path.join(dir, "node_modules"));
    // The same one-line change in the sources and in the bundle that runs: as a commit and its build would have it.
    if (change)
      for (const f of ["src/main.ts", "dist/bundle/main.cjs"]) appendFileSync(path.join(dir, f), `\n// ${change}\n`);
    return dir;
  }

  /** Edit the project (relative path → new text, or a function of the old text), commit and push to main. */
  edit(message: string, files: Record<string, string | ((old: string) => string)>, code?: string): string {
    for (const [rel, change] of Object.entries(files)) {
      const file = path.join(this.seed, rel);
      const old = existsSync(file) ? readFileSync(file, "utf8") : "";
      const next = typeof change === "string" ? change : change(old);
      if (next === old) throw new Error(`simulation: editing ${rel} changed nothing`);
      writeFileSync(file, next);
    }
    return this.commit(message, code ?? this.codeAt(this.head()));
  }

  private commit(message: string, code: string): string {
    git(this.seed, ["add", "-A"]);
    git(this.seed, [
      "-c",
      "user.name=Editor",
      "-c",
      "user.email=editor@example.org",
      "commit",
      "--quiet",
      "--allow-empty",
      "-m",
      message,
    ]);
    git(this.seed, ["push", "--quiet", "origin", "main"]);
    const sha = this.head();
    this.codeOf.set(sha, code);
    return sha;
  }

  /** The commit main points at. */
  head(): string {
    return git(this.seed, ["rev-parse", "HEAD"]).trim();
  }

  /** The code folder a commit was made with. */
  codeAt(sha: string): string {
    const dir = this.codeOf.get(sha);
    if (!dir) throw new Error(`simulation: no code recorded for ${sha}`);
    return dir;
  }

  /** Link the pipeline's code into a fresh checkout, as a real checkout of the repository would hold it. */
  linkCode(workspace: string, sha: string): void {
    const code = this.codeAt(sha);
    const files = this.teamModules ? ["node_modules"] : [...CODE_FILES, "node_modules"];
    for (const f of files) symlinkSync(path.join(code, f), path.join(workspace, f));
  }

  /** The published releases (tags), newest first, as `gh release list` sees them. */
  releases(): { tag: string; draft: boolean }[] {
    const dir = path.join(this.ghStore, "releases");
    if (!existsSync(dir)) return [];
    return readdirSync(dir)
      .map((t) => JSON.parse(readFileSync(path.join(dir, t, "release.json"), "utf8")) as Record<string, unknown>)
      .sort((a, b) => String(b.createdAt).localeCompare(String(a.createdAt)))
      .map((r) => ({ tag: String(r.tagName), draft: r.isDraft === true }));
  }

  /** Delete a release, as `gh release delete` would (its Pages folder stays). */
  deleteRelease(tag: string): void {
    rmSync(path.join(this.ghStore, "releases", tag), { recursive: true, force: true });
  }

  /** A release's stored asset. */
  asset(tag: string, name: string): string {
    return path.join(this.ghStore, "releases", tag, "assets", name);
  }

  /** What `gh api ENDPOINT` answers from now on (the fake gh reads it from its store's api/ folder). */
  answerApi(endpoint: string, body: unknown): void {
    mkdirSync(path.join(this.ghStore, "api"), { recursive: true });
    writeFileSync(path.join(this.ghStore, "api", `${encodeURIComponent(endpoint)}.json`), JSON.stringify(body));
  }

  /** The issues, as gh would list them. */
  issues(): { number: number; title: string; state: string; body: string; comments: string[] }[] {
    const file = path.join(this.ghStore, "issues.json");
    return existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as ReturnType<World["issues"]>) : [];
  }

  /** A file of a branch of origin, or undefined. */
  show(branch: string, file: string): string | undefined {
    try {
      return git(this.root, ["--git-dir", this.origin, "show", `${branch}:${file}`]);
    } catch {
      return undefined;
    }
  }

  /** Remove everything. */
  dispose(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

/** Run git; throws with its output on failure. */
export function git(cwd: string, args: readonly string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}
