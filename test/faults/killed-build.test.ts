import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../../src/index.js";
import { lines, REPO, tempProject } from "../helpers.js";
import { eventually, leftovers, processes } from "./support.js";

/**
 * The build process itself dies mid-render (a cancelled CI job, the OOM
 * killer): SIGKILL leaves no chance to clean up. Chromium must not outlive
 * it, and the next build must clean up the lock and staging folder it left.
 * The dying build runs in a child process, on dist/ (compiled from src/ by
 * test/global-setup.ts).
 */

let scratch: string;
const children: ChildProcess[] = [];

beforeAll(() => {
  // test/global-setup.ts compiles src/ to dist/ before any test file runs.
  const pipeline = path.join(REPO, "dist/pipeline/index.js");
  expect(existsSync(pipeline)).toBe(true);
  scratch = mkdtempSync(path.join(os.tmpdir(), "brief-dying-"));
  // A build whose renderer reports its browser's pid before the first print, then hangs there.
  writeFileSync(
    path.join(scratch, "dying-build.mjs"),
    `import { readdirSync, readFileSync } from "node:fs";
import { runBuild, REAL_SEAMS } from ${JSON.stringify(pathToFileURL(pipeline).href)};
const browserPid = () => readdirSync("/proc").filter((n) => /^\\d+$/.test(n)).find((n) => {
  try { const s = readFileSync("/proc/" + n + "/stat", "utf8"); return s.slice(s.lastIndexOf(")") + 2).split(" ")[1] === String(process.pid) && /chrom/i.test(readFileSync("/proc/" + n + "/cmdline", "utf8")); } catch { return false; }
});
const openRenderer = async (o) => {
  const real = await REAL_SEAMS.openRenderer(o);
  return { close: real.close, openPage: async (dir) => ({ close: async () => {}, print: async () => {
    await real.openPage(dir);
    process.stdout.write(JSON.stringify({ browser: Number(browserPid()) }) + "\\n");
    return new Promise(() => {});
  } }) };
};
await runBuild({ root: process.argv[2], audiences: ["beta"], jobs: 2 }, { ...REAL_SEAMS, openRenderer });
`,
  );
});

afterAll(() => {
  for (const c of children) if (c.exitCode === null) c.kill("SIGKILL");
  rmSync(scratch, { recursive: true, force: true });
});

describe("the build process is killed", () => {
  it("SIGKILL to the build mid-render: Chromium exits with it; the next build cleans up the lock, staging and profile folder", async () => {
    const root = tempProject();
    const child = spawn(process.execPath, [path.join(scratch, "dying-build.mjs"), root], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    children.push(child);
    const first = await new Promise<string>((resolve) =>
      createInterface({ input: child.stdout }).once("line", resolve),
    );
    const browserPid = (JSON.parse(first) as { browser: number }).browser;
    const profile =
      readFileSync(`/proc/${browserPid}/cmdline`, "utf8")
        .split("\0")
        .find((a) => a.startsWith("--user-data-dir="))
        ?.slice(16) ?? "";
    expect(profile).toMatch(new RegExp(`brief-chromium-${child.pid}-`));
    const out = path.join(root, "output");
    expect(leftovers(out).sort()).toEqual([".brief-lock", `.brief-staging-${child.pid}-mini-beta`]);

    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    const gone = await eventually(
      () => !processes().some((p) => p.pid === browserPid || p.cmdline.includes(profile)),
      10_000,
    );
    expect(gone).toBe(true);

    const next = await build({ root, audiences: ["beta"] });
    expect(next.exitCode).toBe(0);
    expect(lines(next.diagnostics.filter((d) => d.ruleId.startsWith("output/")))).toEqual([
      `output:0:0: info removed 1 temporary file(s) left by a crashed build: .brief-staging-${child.pid}-mini-beta output/stale-temp`,
      `output/.brief-lock:0:0: info removed a stale lock left by build ${child.pid}, which is no longer running output/stale-lock`,
    ]);
    expect(leftovers(out)).toEqual([]);
    // The dead build's Chromium profile folder is removed by the next build too.
    expect(existsSync(profile)).toBe(false);
  });
});
