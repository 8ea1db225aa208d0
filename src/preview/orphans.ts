import { readdirSync, readFileSync, rmSync } from "node:fs";
import { readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { isProcessAlive } from "../lib/process.js";
import { PROFILE_PREFIX } from "../stages/6-render/chromium.js";

/**
 * The last line of defence against a Chromium outliving the preview. The
 * renderer (stages/6-render) names each browser's profile folder
 * `brief-chromium-<pid>-…` after the process that started it, so the
 * processes whose command line holds this process's prefix are ours and
 * nobody else's. Linux only (it reads /proc); elsewhere Chromium still
 * exits when the pipe to this process closes.
 */

/** The profile folder prefix of browsers this process started. */
export function ownProfilePrefix(pid = process.pid): string {
  return path.join(os.tmpdir(), `${PROFILE_PREFIX}${pid}-`);
}

/** Pids of running processes whose command line contains `needle`. */
export function processesWith(needle: string): number[] {
  let pids: string[];
  try {
    pids = readdirSync("/proc").filter((n) => /^\d+$/.test(n));
  } catch {
    return [];
  }
  return pids.map(Number).filter((pid) => pid !== process.pid && commandLine(pid).includes(needle));
}

/** Direct children of this process, or undefined where the kernel does not list them. */
function children(): number[] | undefined {
  try {
    const tasks = readdirSync(`/proc/${process.pid}/task`);
    return tasks.flatMap((t) =>
      readFileSync(`/proc/${process.pid}/task/${t}/children`, "utf8").split(" ").filter(Boolean).map(Number),
    );
  } catch {
    return undefined;
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, "utf8");
  } catch {
    return ""; // gone already
  }
}

function kill(pid: number): boolean {
  try {
    process.kill(pid, "SIGKILL");
    return true;
  } catch {
    return false; // exited meanwhile
  }
}

/**
 * Kill every Chromium this process started, at once. Puppeteer starts each
 * browser as a process-group leader and its helpers (zygotes, renderers,
 * GPU) stay in that group, so killing the groups of this process's own
 * children is quick; where the kernel does not list children, every process
 * is searched for this process's profile prefix. Returns how many were signalled.
 */
export function killOwnBrowsers(): number {
  const prefix = ownProfilePrefix();
  const direct = children();
  if (!direct) return processesWith(prefix).filter(kill).length;
  let n = 0;
  for (const pid of direct) {
    if (!commandLine(pid).includes(prefix)) continue;
    if (kill(-pid)) n++;
    kill(pid);
  }
  return n;
}

/** Folders in the temporary folder named `<kind>-<pid>-…` (kind `brief-chromium` or `brief-preview`). */
async function leftovers(keep: (pid: number) => boolean): Promise<string[]> {
  const dir = os.tmpdir();
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  return names.flatMap((name) => {
    const pid = Number(/^brief-(?:chromium|preview)-(\d+)-/.exec(name)?.[1]);
    return pid && !keep(pid) ? [path.join(dir, name)] : [];
  });
}

/** Remove this process's Chromium profiles and preview folders (a browser killed outright cannot remove its own). */
export async function removeOwnFolders(): Promise<void> {
  const mine = await leftovers((pid) => pid !== process.pid);
  await Promise.all(mine.map((d) => rm(d, { recursive: true, force: true }).catch(() => undefined)));
}

/** Remove folders left by previews that were killed outright (their process is gone). */
export async function removeStaleFolders(): Promise<void> {
  const stale = await leftovers((pid) => pid === process.pid || isProcessAlive(pid));
  await Promise.all(stale.map((d) => rm(d, { recursive: true, force: true }).catch(() => undefined)));
}

/**
 * Remove this process's Chromium profiles and preview folders at once,
 * synchronously: for the last moment before a forced exit (a preview
 * stopped under load, whose orderly close has not finished), when no
 * promise would still run. Never throws.
 */
export function removeOwnFoldersSync(): void {
  const dir = os.tmpdir();
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  const mine = new RegExp(`^brief-(?:chromium|preview)-${process.pid}-`);
  for (const name of names)
    if (mine.test(name))
      try {
        rmSync(path.join(dir, name), { recursive: true, force: true, maxRetries: 2 });
      } catch {
        // the next preview's removeStaleFolders takes it
      }
}
