import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { removeOwnFoldersSync } from "../../src/preview/orphans.js";
import { REPO, tempProject } from "../helpers.js";

/**
 * Issue 28, problem 13: a build stopped by SIGTERM (a cancelled CI job)
 * removes its staging folders, the output lock and Chromium's temporary
 * profile before it exits. The signal is sent once the build has staged
 * an edition and started its browser (both seen on disk), not after a
 * fixed delay.
 */

const has = (dir: string, prefix: string): boolean =>
  existsSync(dir) && readdirSync(dir).some((n) => n.startsWith(prefix));

describe("an interrupted build", () => {
  it("leaves no staging folder, lock or Chromium profile behind after SIGTERM", async () => {
    const root = tempProject();
    const out = path.join(root, "output");
    const child = spawn(process.execPath, [path.join(REPO, "bin", "brief.js"), "build", "--no-cache"], {
      cwd: root,
      env: { ...process.env, NO_COLOR: "1" },
      stdio: "ignore",
    });
    const pid = child.pid ?? 0;
    const profile = `brief-chromium-${pid}-`;
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    let running = true;
    void exited.then(() => (running = false));
    // Wait (polling the disk, no deadline of our own) until it is mid-build: staging written and a browser profile made.
    while (running && !(has(out, `.brief-staging-${pid}-`) && has(os.tmpdir(), profile)))
      await new Promise((r) => setTimeout(r, 20));
    expect(running, "the build was still running when it was interrupted").toBe(true);
    expect(existsSync(path.join(out, ".brief-lock"))).toBe(true);
    child.kill("SIGTERM");
    expect(await exited).toBe(143);
    expect(has(out, ".brief-staging-")).toBe(false);
    expect(existsSync(path.join(out, ".brief-lock"))).toBe(false);
    expect(has(os.tmpdir(), profile)).toBe(false);
  });
});

describe("an interrupted preview", () => {
  it("leaves no Chromium profile or preview folder behind after SIGTERM", async () => {
    const root = tempProject();
    const child = spawn(process.execPath, [path.join(REPO, "bin", "brief.js"), "preview", "--port", "0"], {
      cwd: root,
      env: { ...process.env, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "ignore"],
    });
    const pid = child.pid ?? 0;
    let out = "";
    child.stdout.on("data", (b: Buffer) => (out += b.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    let running = true;
    void exited.then(() => (running = false));
    // Until it serves and has made its folder (polling, no deadline of our own: the suite's watchdog catches a hang).
    while (running && !(out.includes("brief preview: http") && has(os.tmpdir(), `brief-preview-${pid}-`)))
      await new Promise((r) => setTimeout(r, 20));
    expect(running, "the preview was still running when it was interrupted").toBe(true);
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(has(os.tmpdir(), `brief-preview-${pid}-`)).toBe(false);
    expect(has(os.tmpdir(), `brief-chromium-${pid}-`)).toBe(false);
  });

  it("removes its own folders at once on a forced exit, and nobody else's", () => {
    const mine = path.join(os.tmpdir(), `brief-chromium-${process.pid}-test`);
    const preview = path.join(os.tmpdir(), `brief-preview-${process.pid}-test`);
    const other = path.join(os.tmpdir(), `brief-preview-${process.pid + 1_000_000}-test`);
    for (const d of [mine, preview, other]) mkdirSync(path.join(d, "sub"), { recursive: true });
    removeOwnFoldersSync();
    expect([existsSync(mine), existsSync(preview), existsSync(other)]).toEqual([false, false, true]);
    rmSync(other, { recursive: true, force: true });
  });
});
