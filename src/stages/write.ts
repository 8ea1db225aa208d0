import { randomBytes } from "node:crypto";
import { copyFile, mkdir, open, readFile, rename, rm } from "node:fs/promises";
import path from "node:path";

/**
 * Stage 6, write: atomic file replacement. Every file is written to a
 * temporary name in the same folder, flushed, then renamed over the target,
 * so a reader sees the old file or the new one, never half of either. A
 * failed write removes its temporary file and leaves the target untouched.
 */

/** Test-only fault injection for the write stage. */
export interface WriteHooks {
  /** Called before each file is written; throw to simulate a full disk. */
  readonly beforeWrite?: (target: string) => void;
}

/** Temporary names start with this, so stale ones can be found and removed. */
export const TEMP_PREFIX = ".brief-tmp-";

/** One file to publish. */
export interface OutputFile {
  readonly target: string;
  readonly data: Uint8Array | string;
}

/**
 * Publish several files as nearly at once as the file system allows: every
 * temporary file is written and flushed first, and only when all of them
 * succeeded are they renamed into place. A full disk or a read-only folder
 * therefore fails before any target changes. Targets whose bytes are
 * already identical are left alone.
 */
export async function commitFiles(files: readonly OutputFile[], hooks?: WriteHooks): Promise<void> {
  const staged: { tmp: string; target: string }[] = [];
  try {
    for (const f of files) {
      const bytes = typeof f.data === "string" ? Buffer.from(f.data) : Buffer.from(f.data.buffer, f.data.byteOffset, f.data.byteLength);
      try {
        if ((await readFile(f.target)).equals(bytes)) continue;
      } catch {
        // absent: write it
      }
      hooks?.beforeWrite?.(f.target);
      await mkdir(path.dirname(f.target), { recursive: true });
      const tmp = path.join(path.dirname(f.target), `${TEMP_PREFIX}${process.pid}-${randomBytes(4).toString("hex")}-${path.basename(f.target)}`);
      staged.push({ tmp, target: f.target });
      const fh = await open(tmp, "wx", 0o644);
      try {
        await fh.writeFile(bytes);
        await fh.sync();
      } finally {
        await fh.close();
      }
    }
  } catch (cause) {
    await Promise.all(staged.map((s) => rm(s.tmp, { force: true })));
    throw cause;
  }
  for (const s of staged) await rename(s.tmp, s.target);
}

/** Plain copy into a staging folder (not atomic: staging is private to one build). */
export async function stageCopy(from: string, target: string): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  await copyFile(from, target);
}
