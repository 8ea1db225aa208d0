import { randomBytes } from "node:crypto";
import { mkdir, open, readFile, rm, stat } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { diagnostic, type Diagnostic } from "../../diagnostics/index.js";
import { posixRelative } from "../../lib/paths.js";
import { isProcessAlive, processStartTime } from "../../lib/process.js";

/**
 * One writer at a time for `output/`.
 *
 * Why a lock file, and why this one:
 * - Editions are published as groups of files (HTML, CSS, fonts, PDF). Each
 *   file is replaced atomically (index.ts), but two builds interleaving
 *   their renames could still leave one edition's HTML from one build and its
 *   PDF from the other. Serialising the publish phase is the simplest design
 *   that rules this out; loading and preparing stay concurrent.
 * - `open(…, "wx")` (O_CREAT|O_EXCL) is atomic on local file systems, needs no
 *   dependency and works across processes. The second build waits, polling,
 *   and says "waiting for build <pid> to finish"; the wait is bounded so a
 *   scheduled CI job never hangs forever.
 * - The file records the owner's pid, host, a random token and (on Linux) the
 *   process start time. A lock is stale when, on this host, that pid is gone,
 *   is a zombie, or now belongs to a different process (start time differs:
 *   pid reuse is common in containers). Our own pid with a token we do not
 *   hold is a leftover of an earlier incarnation of this pid. A lock from
 *   another host is never broken; it can only time out.
 * - Breaking a stale lock is itself guarded by `<lock>.break` (also created
 *   with "wx"), so two waiters cannot both remove a lock and then each take
 *   one. A `.break` file older than BREAK_STALE_MS is a crash leftover.
 * - Several builds in one process (the API) share a pid, so tokens held by
 *   this process are tracked in memory: such a lock is live and is waited for.
 */

/** The lock file inside the output folder. */
export const LOCK_NAME = ".brief-lock";
const BREAK_STALE_MS = 10_000;
const POLL_MS = 200;

/** What the lock file holds. */
interface LockInfo {
  readonly pid: number;
  readonly host: string;
  readonly token: string;
  /** `/proc/<pid>/stat` start time, to detect pid reuse; null off Linux. */
  readonly started: string | null;
}

/** A held lock; `release()` is idempotent. */
export interface OutputLock {
  readonly file: string;
  release(): Promise<void>;
}

/** How long to wait, and whom to tell while waiting. */
export interface LockOptions {
  /** Give up after this long (default 5 minutes). */
  readonly waitMs?: number;
  /** Called once per owner we start waiting for. */
  readonly onWait?: (ownerPid: number, lockFile: string) => void;
  /** Project root, to print the lock's path relative to it. */
  readonly root?: string;
}

const heldTokens = new Set<string>();

/** Why a lock is stale, or undefined when its owner may still be running. */
function staleReason(info: LockInfo): string | undefined {
  if (info.host !== os.hostname()) return undefined;
  if (info.pid === process.pid) return heldTokens.has(info.token) ? undefined : "an earlier process with this pid";
  if (!isProcessAlive(info.pid)) return `build ${info.pid}, which is no longer running`;
  const now = processStartTime(info.pid);
  if (info.started !== null && now !== null && now !== info.started)
    return `build ${info.pid}, whose pid now belongs to another process`;
  return undefined;
}

async function readInfo(file: string): Promise<LockInfo | "absent" | "unreadable"> {
  try {
    const parsed: unknown = JSON.parse(await readFile(file, "utf8"));
    if (
      typeof parsed === "object" &&
      parsed !== null &&
      "pid" in parsed &&
      typeof parsed.pid === "number" &&
      "token" in parsed &&
      typeof parsed.token === "string"
    ) {
      const host = "host" in parsed && typeof parsed.host === "string" ? parsed.host : "";
      const started = "started" in parsed && typeof parsed.started === "string" ? parsed.started : null;
      return { pid: parsed.pid, token: parsed.token, host, started };
    }
    return "unreadable";
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "ENOENT" ? "absent" : "unreadable";
  }
}

async function tryCreate(file: string, info: LockInfo): Promise<boolean> {
  try {
    const fh = await open(file, "wx", 0o644);
    try {
      await fh.writeFile(JSON.stringify(info));
      await fh.sync();
    } finally {
      await fh.close();
    }
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  }
}

async function ageMs(file: string): Promise<number> {
  try {
    return Date.now() - (await stat(file)).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Remove `file` if it is still the stale lock we judged (`token`, or
 * unreadable when `token` is undefined); guarded so only one waiter breaks
 * it. "busy" means another waiter is breaking it right now.
 */
async function breakStale(file: string, token: string | undefined): Promise<"removed" | "changed" | "busy"> {
  const guard = `${file}.break`;
  if ((await ageMs(guard)) > BREAK_STALE_MS) await rm(guard, { force: true });
  if (!(await tryCreate(guard, ownInfo(8)))) return "busy";
  try {
    const now = await readInfo(file);
    const same = token === undefined ? now === "unreadable" : typeof now === "object" && now.token === token;
    if (!same) return "changed";
    await rm(file, { force: true });
    return "removed";
  } finally {
    await rm(guard, { force: true });
  }
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** This process's lock record, with a fresh random token. */
function ownInfo(tokenBytes: number): LockInfo {
  return {
    pid: process.pid,
    host: os.hostname(),
    token: randomBytes(tokenBytes).toString("hex"),
    started: processStartTime(process.pid),
  };
}

/**
 * Take the output folder's lock, waiting for a live owner up to `waitMs`.
 * Returns the lock, or diagnostics saying which build holds it. Stale locks
 * are removed and reported as info.
 */
export async function acquireLock(
  outDir: string,
  options: LockOptions = {},
): Promise<{ lock?: OutputLock; diagnostics: Diagnostic[] }> {
  const file = path.join(outDir, LOCK_NAME);
  const shown = posixRelative(options.root ?? process.cwd(), file);
  try {
    await mkdir(outDir, { recursive: true });
    return await waitForLock(file, shown, options);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === undefined) throw cause;
    const message = `could not take the output lock: ${(cause as Error).message}`;
    const hint = "Check that output/ is writable and the disk has space; nothing was written.";
    return {
      diagnostics: [
        diagnostic({
          rule: "output/write-failed",
          at: { file: shown, line: 0, column: 0 },
          message,
          hint,
          cause,
        }),
      ],
    };
  }
}

/** Try once to create the lock file; the held lock when it worked. */
async function tryTake(file: string, mine: LockInfo): Promise<OutputLock | undefined> {
  // Registered before the file exists: another build in this process may read it the moment it is written.
  heldTokens.add(mine.token);
  let created = false;
  try {
    created = await tryCreate(file, mine);
  } finally {
    if (!created) heldTokens.delete(mine.token);
  }
  if (!created) return undefined;
  let released = false;
  const release = async (): Promise<void> => {
    if (released) return;
    released = true;
    const now = await readInfo(file);
    if (typeof now === "object" && now.token === mine.token) await rm(file, { force: true });
    heldTokens.delete(mine.token);
  };
  return { file, release };
}

/**
 * Remove the lock if its owner is gone: "removed" (with why, for the
 * report), "retry" when it changed or another waiter is breaking it, or
 * "live" when its owner may still be running.
 */
async function clearIfStale(
  file: string,
  owner: LockInfo | "unreadable",
): Promise<{ status: "removed"; reason: string } | { status: "retry" | "live" }> {
  if (owner === "unreadable") {
    // Being written right now, or garbage from a crash: give a writer a moment.
    if ((await ageMs(file)) <= BREAK_STALE_MS) return { status: "live" };
    const broken = await breakStale(file, undefined);
    return broken === "removed" ? { status: "removed", reason: "" } : { status: "live" };
  }
  const reason = staleReason(owner);
  if (reason === undefined) return { status: "live" };
  const broken = await breakStale(file, owner.token);
  if (broken === "busy") await sleep(POLL_MS / 4);
  return broken === "removed" ? { status: "removed", reason } : { status: "retry" };
}

function staleLockDiagnostic(shown: string, reason: string): Diagnostic {
  const at = { file: shown, line: 0, column: 0 };
  if (reason === "")
    return diagnostic({
      rule: "output/stale-lock",
      at,
      message: "removed an unreadable lock file left by a crashed build",
    });
  const hint = "Nothing to do; the previous build did not finish, and its leftovers are cleaned up now.";
  return diagnostic({
    rule: "output/stale-lock",
    at,
    message: `removed a stale lock left by ${reason}`,
    hint,
  });
}

function lockedDiagnostic(shown: string, owner: LockInfo | "unreadable", waitMs: number): Diagnostic {
  const who =
    typeof owner === "object"
      ? `build ${owner.pid}${owner.host !== os.hostname() ? ` on ${owner.host}` : ""}`
      : "another build";
  const waited = waitMs < 10_000 ? `${waitMs} ms` : `${Math.round(waitMs / 1000)} s`;
  const message = `${who} is still writing ${path.dirname(shown)}/ after waiting ${waited}; nothing was written`;
  const hint = `Wait for it to finish and run again. If no build is running, delete ${shown}.`;
  return diagnostic({
    rule: "output/locked",
    at: { file: shown, line: 0, column: 0 },
    message,
    hint,
  });
}

/** Poll for the lock until it is ours, its owner is found gone, or the wait runs out. */
async function waitForLock(
  file: string,
  shown: string,
  options: LockOptions,
): Promise<{ lock?: OutputLock; diagnostics: Diagnostic[] }> {
  const waitMs = options.waitMs ?? 300_000;
  const mine = ownInfo(12);
  const diagnostics: Diagnostic[] = [];
  const deadline = Date.now() + waitMs;
  let announced: string | undefined;
  for (;;) {
    const lock = await tryTake(file, mine);
    if (lock) return { lock, diagnostics };
    const owner = await readInfo(file);
    if (owner === "absent") continue;
    const stale = await clearIfStale(file, owner);
    if (stale.status === "removed") diagnostics.push(staleLockDiagnostic(shown, stale.reason));
    if (stale.status !== "live") continue;
    if (typeof owner === "object" && announced !== owner.token) {
      announced = owner.token;
      options.onWait?.(owner.pid, shown);
    }
    if (Date.now() >= deadline) return { diagnostics: [...diagnostics, lockedDiagnostic(shown, owner, waitMs)] };
    await sleep(Math.min(POLL_MS, Math.max(0, deadline - Date.now())));
  }
}
