import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { build, type PipelineEvent } from "../../src/index.js";
import { lines, pdfText, snapshot, tempProject } from "../helpers.js";
import { limit } from "../slowness.js";
import { leftovers } from "./support.js";

/**
 * Two builds on one output/ (src/stages/8-write/lock.ts), and what a crashed
 * build leaves behind (src/stages/8-write/cleanup.ts). A build that finds a live owner waits and says
 * so; one that finds a dead owner's lock or temporary files removes them.
 */

const children: ChildProcess[] = [];
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null) c.kill("SIGKILL");
});

/** A node process that stays alive for `ms`, standing in for another build. */
async function otherProcess(ms: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["-e", `setTimeout(() => {}, ${ms})`], { stdio: "ignore" });
  children.push(child);
  await new Promise((r) => child.once("spawn", r));
  return child;
}

/** A pid that is certainly not running: a child that has exited and been reaped. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await new Promise((r) => child.once("exit", r));
  return child.pid ?? 999_999;
}

function startTime(pid: number): string | null {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19] ?? null;
}

function writeLock(out: string, pid: number, started: string | null): void {
  mkdirSync(out, { recursive: true });
  writeFileSync(
    path.join(out, ".brief-lock"),
    JSON.stringify({ pid, host: os.hostname(), token: "someone-else", started }),
  );
}

/** The version marker an edition carries, read from its HTML and from its PDF. */
function versions(out: string, edition: string): string[] {
  const html = readFileSync(path.join(out, `${edition}.html`), "utf8");
  const pdf = pdfText(path.join(out, `${edition}.pdf`));
  return [/content version (\w+)/.exec(html)?.[1] ?? "none", /content version (\w+)/.exec(pdf)?.[1] ?? "none"];
}

describe("concurrent builds and crash leftovers", () => {
  it("builds started at once on the same output/: all finish, the later ones wait, no edition is mixed", async () => {
    const shared = mkdtempSync(path.join(os.tmpdir(), "brief-shared-out-"));
    const project = (version: string): string =>
      tempProject({
        "content/mini/sections/15-version.md": `---\nid: version\ntitle: Version\norder: 15\n---\nThis is content version ${version} of the brief.\n`,
      });
    const waits: number[] = [];
    const onEvent = (e: PipelineEvent): void => void (e.kind === "waiting-for-lock" && waits.push(e.ownerPid));
    const results = await Promise.all(
      ["first", "second", "third"].map((v) =>
        // Three builds in a row behind one lock: the wait is a wall-clock bound, scaled like every other.
        build({ root: project(v), outDir: shared, onEvent, lockWaitMs: limit(120_000) }),
      ),
    );
    expect(
      results.map((r) => `${r.exitCode} ${lines(r.diagnostics.filter((d) => d.severity !== "info")).join(" | ")}`),
    ).toEqual(["0 ", "0 ", "0 "]);
    // Each waiting build says whom it waits for (here: this very process, as the API runs in-process).
    expect(waits.length).toBeGreaterThanOrEqual(2);
    expect(new Set(waits)).toEqual(new Set([process.pid]));
    const alpha = versions(shared, "mini-alpha");
    const beta = versions(shared, "mini-beta");
    // HTML and PDF of each edition, and both editions, come from one and the same build.
    expect(new Set([...alpha, ...beta]).size).toBe(1);
    expect(["first", "second", "third"]).toContain(alpha[0]);
    expect(leftovers(shared)).toEqual([]);
  });

  it("a live build holding the lock is waited for, with a message, and its lock taken over once it is gone", async () => {
    const root = tempProject();
    const out = path.join(root, "output");
    // The other build ends once this one says it is waiting for it: not after a fixed time, which a loaded
    // machine could spend before this build even reached the lock (it then found the lock stale at once).
    const other = await otherProcess(limit(300_000));
    writeLock(out, other.pid ?? 0, startTime(other.pid ?? 0));
    const waits: string[] = [];
    const r = await build({
      root,
      audiences: ["beta"],
      onEvent: (e) => {
        if (e.kind !== "waiting-for-lock") return;
        waits.push(`waiting for build ${e.ownerPid} to finish (${e.lockFile})`);
        other.kill("SIGKILL");
      },
    });
    expect(waits).toEqual([`waiting for build ${other.pid} to finish (output/.brief-lock)`]);
    expect(r.exitCode).toBe(0);
    expect(lines(r.diagnostics.filter((d) => d.ruleId === "output/stale-lock"))).toEqual([
      `output/.brief-lock:0:0: info removed a stale lock left by build ${other.pid}, which is no longer running output/stale-lock`,
    ]);
    expect(existsSync(path.join(out, "mini-beta.pdf"))).toBe(true);
    expect(existsSync(path.join(out, ".brief-lock"))).toBe(false);
  });

  it("the wait is bounded: a build still running after it fails clearly and writes nothing", async () => {
    const root = tempProject();
    const out = path.join(root, "output");
    const other = await otherProcess(60_000);
    writeLock(out, other.pid ?? 0, startTime(other.pid ?? 0));
    const before = snapshot(out);
    const r = await build({ root, audiences: ["beta"], lockWaitMs: 1000 });
    expect(r.exitCode).toBe(1);
    expect(lines(r.diagnostics.filter((d) => d.severity === "error"))).toEqual([
      `output/.brief-lock:0:0: error build ${other.pid} is still writing output/ after waiting 1000 ms; nothing was written output/locked`,
    ]);
    expect(r.diagnostics.find((d) => d.ruleId === "output/locked")?.hint).toBe(
      "Wait for it to finish and run again. If no build is running, delete output/.brief-lock.",
    );
    expect(snapshot(out)).toEqual(before);
  });

  it("a stale lock and a crashed build's temporary files are cleaned up on the next run", async () => {
    const root = tempProject();
    const out = path.join(root, "output");
    const dead = await deadPid();
    writeLock(out, dead, null);
    const stale = [
      `.brief-tmp-${dead}-0a1b2c3d-mini-alpha.pdf`,
      `assets/css/.brief-tmp-${dead}-0a1b2c3d-mini-alpha.css`,
      `.brief-staging-${dead}-mini-beta/mini-beta.html`,
    ];
    for (const f of stale) {
      mkdirSync(path.dirname(path.join(out, f)), { recursive: true });
      writeFileSync(path.join(out, f), "half-written");
    }
    // A temporary file of a process that is still running is not ours to delete.
    const live = `.brief-tmp-${process.ppid}-0a1b2c3d-other.pdf`;
    writeFileSync(path.join(out, live), "in progress elsewhere");
    const r = await build({ root });
    expect(r.exitCode).toBe(0);
    expect(lines(r.diagnostics.filter((d) => d.severity === "info" && d.ruleId.startsWith("output/")))).toEqual([
      `output:0:0: info removed 3 temporary file(s) left by a crashed build: .brief-staging-${dead}-mini-beta, .brief-tmp-${dead}-0a1b2c3d-mini-alpha.pdf, assets/css/.brief-tmp-${dead}-0a1b2c3d-mini-alpha.css output/stale-temp`,
      `output/.brief-lock:0:0: info removed a stale lock left by build ${dead}, which is no longer running output/stale-lock`,
    ]);
    expect(leftovers(out)).toEqual([live]);
    expect(readFileSync(path.join(out, "mini-alpha.pdf")).subarray(0, 5).toString()).toBe("%PDF-");
  });

  it("a lock left by an earlier process that had this same pid is stale", async () => {
    const root = tempProject();
    const out = path.join(root, "output");
    writeLock(out, process.pid, startTime(process.pid));
    const r = await build({ root, audiences: ["beta"], lockWaitMs: 2000 });
    expect(r.exitCode).toBe(0);
    expect(lines(r.diagnostics.filter((d) => d.ruleId === "output/stale-lock"))).toEqual([
      "output/.brief-lock:0:0: info removed a stale lock left by an earlier process with this pid output/stale-lock",
    ]);
  });
});
