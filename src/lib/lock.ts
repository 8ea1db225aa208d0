import { randomBytes } from "node:crypto";
import { link, readFile, rm, writeFile } from "node:fs/promises";
import os from "node:os";
import { z } from "zod";
import { isProcessAlive } from "./process.js";

/**
 * An exclusive lock file, `<something>.lock`, for work that two processes
 * on one machine must not do at once (two `--send` runs on one ledger, two
 * `brief release` runs into one folder). The lock is written whole, then
 * linked into place: link() fails when the lock exists, and nobody sees it
 * half-written. A lock whose process is gone (on this host) is taken over.
 */

const LockInfo = z.object({ pid: z.number().int(), host: z.string() });

/** The owner written in a lock file, or undefined for a file cut short. */
function lockOwner(text: string): z.infer<typeof LockInfo> | undefined {
  try {
    const parsed = LockInfo.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Create `lockFile`, or return the pid of the live process holding it. Throws only on I/O errors. */
export async function takeLock(lockFile: string): Promise<true | number> {
  for (let tries = 0; tries < 3; tries++) {
    const tmp = `${lockFile}.${process.pid}.${randomBytes(4).toString("hex")}`;
    await writeFile(tmp, JSON.stringify({ pid: process.pid, host: os.hostname() }));
    try {
      await link(tmp, lockFile);
      return true;
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code !== "EEXIST") throw cause;
    } finally {
      await rm(tmp, { force: true });
    }
    const owner = await readFile(lockFile, "utf8").then(lockOwner, () => undefined);
    if (owner && (owner.host !== os.hostname() || isProcessAlive(owner.pid))) return owner.pid;
    await rm(lockFile, { force: true });
  }
  throw new Error(`could not take ${lockFile}`);
}

/** Remove a lock this process holds. */
export async function releaseLock(lockFile: string): Promise<void> {
  await rm(lockFile, { force: true });
}
