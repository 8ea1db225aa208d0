import { readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";

/**
 * The last line of defence against a Chromium outliving the preview. The
 * renderer (stages/6-render) names each browser's profile folder
 * `brief-chromium-<pid>-…` after the process that started it, so the
 * processes whose command line holds this process's prefix are ours and
 * nobody else's. Linux only (it reads /proc); elsewhere Chromium still
 * exits when the pipe to this process closes.
 */

/** The profile folder prefix of browsers this process started (keep in step with stages/6-render/chromium.ts). */
export function ownProfilePrefix(pid = process.pid): string {
  return path.join(os.tmpdir(), `brief-chromium-${pid}-`);
}

/** Pids of running processes whose command line contains `needle`. */
export function processesWith(needle: string): number[] {
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((n) => /^\d+$/.test(n));
  } catch {
    return [];
  }
  const out: number[] = [];
  for (const pid of pids) {
    try {
      const cmdline = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (cmdline.includes(needle) && Number(pid) !== process.pid) out.push(Number(pid));
    } catch {
      // gone already
    }
  }
  return out;
}

/** Kill every process running with this process's Chromium profile; returns how many were signalled. */
export function killOwnBrowsers(): number {
  let n = 0;
  for (const pid of processesWith(ownProfilePrefix())) {
    try {
      process.kill(pid, "SIGKILL");
      n++;
    } catch {
      // exited meanwhile
    }
  }
  return n;
}

/** Remove the profile folders of browsers this process started (a browser killed outright cannot remove its own). */
export function removeOwnProfiles(): void {
  const prefix = ownProfilePrefix();
  const dir = path.dirname(prefix);
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names)
    if (path.join(dir, name).startsWith(prefix)) rmSync(path.join(dir, name), { recursive: true, force: true });
}
