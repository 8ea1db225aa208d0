import { mkdir, rename, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { diagnostic, fileLocation, type Diagnostic } from "../diagnostics/index.js";
import { releaseLock, takeLock } from "../lib/lock.js";
import { posixRelative } from "../lib/paths.js";

/**
 * Writing a release folder whole: into a sibling staging folder first, then
 * renamed into place, under a lock (`<folder>.lock`) so that two `brief
 * release` runs into one folder cannot interleave. The second run is told
 * who holds the lock; it never meets a half-renamed folder (ENOTEMPTY).
 */

/** Write `files` (release-relative paths) as folder `out`; diagnostics instead of a throw when it cannot. */
export async function writeFolder(
  root: string,
  out: string,
  files: ReadonlyMap<string, Buffer | string>,
): Promise<Diagnostic[]> {
  const at = fileLocation(posixRelative(root, out));
  const lockFile = `${out}.lock`;
  let held: true | number;
  try {
    await mkdir(path.dirname(out), { recursive: true });
    held = await takeLock(lockFile);
  } catch (cause) {
    const message = `cannot lock ${posixRelative(root, out)}/ for writing: ${(cause as Error).message}`;
    return [diagnostic({ rule: "release/write-failed", at, message, cause })];
  }
  if (held !== true) {
    const message = `another brief release (process ${held}) is writing ${posixRelative(root, out)}/; nothing was written`;
    return [diagnostic({ rule: "release/busy", at, message })];
  }
  const staging = `${out}.tmp-${process.pid}`;
  const old = `${out}.old-${process.pid}`;
  try {
    await rm(staging, { recursive: true, force: true });
    for (const [rel, data] of files) {
      const target = path.join(staging, ...rel.split("/"));
      await mkdir(path.dirname(target), { recursive: true });
      await writeFile(target, data);
    }
    await rename(out, old).catch((e: NodeJS.ErrnoException) => {
      if (e.code !== "ENOENT") throw e;
    });
    await rename(staging, out);
    return [];
  } catch (cause) {
    // The previous folder is put back if it was moved aside.
    await rename(old, out).catch(() => undefined);
    const message = `could not write ${posixRelative(root, out)}/: ${(cause as Error).message}`;
    return [diagnostic({ rule: "release/write-failed", at, message, cause })];
  } finally {
    await rm(staging, { recursive: true, force: true });
    await rm(old, { recursive: true, force: true });
    await releaseLock(lockFile);
  }
}
