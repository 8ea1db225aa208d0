import { readFileSync } from "node:fs";

/**
 * Whether a process is running, for deciding if a lock, a staging folder
 * or a Chromium profile left behind belongs to a live build. A process we
 * may not signal (EPERM) is alive; a zombie (exited, not yet reaped) is not.
 */
export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== "EPERM") return false;
  }
  return processStartTime(pid) !== "zombie";
}

/**
 * The kernel's start time of a process (`/proc/<pid>/stat`, field 22), to
 * tell a process from a later one that reuses its pid; "zombie" for a
 * process that has exited; null off Linux or when the pid is gone.
 */
export function processStartTime(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[0] === "Z" ? "zombie" : (fields[19] ?? null);
  } catch {
    return null;
  }
}
