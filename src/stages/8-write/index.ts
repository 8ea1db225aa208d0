import { randomBytes } from "node:crypto";
import { copyFile, mkdir, open, readFile, rename, rm } from "node:fs/promises";
import path from "node:path";

/**
 * Stage 8, write: atomic file replacement. Every file is written to a
 * temporary name in the same folder, flushed, then renamed over the target,
 * so a reader sees the old file or the new one, never half of either. A
 * failed write removes its temporary files and leaves the targets untouched.
 *
 * Beside it: lock.ts (one writer at a time for output/) and cleanup.ts
 * (what a crashed build left behind). All names this stage leaves in an
 * output folder start with `.brief-`.
 */

/** Temporary names start with this, so stale ones can be found and removed. */
export const TEMP_PREFIX = ".brief-tmp-";
/** Per-edition staging folders, where an edition is rendered before it is published. */
export const STAGING_PREFIX = ".brief-staging-";

/** The private folder one edition is rendered in, inside the output folder (so renames stay on one file system). */
export function stagingDir(outDir: string, editionName: string): string {
  return path.join(outDir, `${STAGING_PREFIX}${process.pid}-${editionName}`);
}

/** One file to publish. */
export interface OutputFile {
  readonly target: string;
  readonly data: Uint8Array | string;
}

/**
 * The file operations the write stage needs: the seam through which tests
 * inject a full disk or a read-only folder (chmod does not stop root).
 */
export interface WriteFs {
  /** Create `file` (it must not exist), write `bytes`, flush them to disk. */
  writeNew(file: string, bytes: Uint8Array): Promise<void>;
  rename(from: string, to: string): Promise<void>;
}

/** The real file system. */
export const realFs: WriteFs = {
  async writeNew(file, bytes) {
    const fh = await open(file, "wx", 0o644);
    try {
      await fh.writeFile(bytes);
      await fh.sync();
    } finally {
      await fh.close();
    }
  },
  rename,
};

function bytesOf(data: Uint8Array | string): Buffer {
  return typeof data === "string" ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

async function unchanged(target: string, bytes: Buffer): Promise<boolean> {
  try {
    return (await readFile(target)).equals(bytes);
  } catch {
    return false;
  }
}

/**
 * Publish several files as nearly at once as the file system allows: every
 * temporary file is written and flushed first, and only when all of them
 * succeeded are they renamed into place. A full disk or a read-only folder
 * therefore fails before any target changes. Targets whose bytes are
 * already identical are left alone.
 */
export async function commitFiles(files: readonly OutputFile[], fs: WriteFs = realFs): Promise<void> {
  const staged: { tmp: string; target: string }[] = [];
  try {
    for (const f of files) {
      const bytes = bytesOf(f.data);
      if (await unchanged(f.target, bytes)) continue;
      await mkdir(path.dirname(f.target), { recursive: true });
      const tmp = path.join(
        path.dirname(f.target),
        `${TEMP_PREFIX}${process.pid}-${randomBytes(4).toString("hex")}-${path.basename(f.target)}`,
      );
      staged.push({ tmp, target: f.target });
      await fs.writeNew(tmp, bytes);
    }
  } catch (cause) {
    await Promise.all(staged.map((s) => rm(s.tmp, { force: true })));
    throw cause;
  }
  for (const s of staged) await fs.rename(s.tmp, s.target);
}

/** Plain copy into a staging folder (not atomic: staging is private to one build). */
export async function stageCopy(from: string, target: string): Promise<void> {
  await mkdir(path.dirname(target), { recursive: true });
  await copyFile(from, target);
}
