import { readdir, rm, stat } from "node:fs/promises";
import path from "node:path";
import { diagnostic, type Diagnostic } from "../../diagnostics/index.js";
import { posixRelative } from "../../lib/paths.js";
import { isProcessAlive } from "../../lib/process.js";
import { STAGING_PREFIX, TEMP_PREFIX } from "./index.js";

/**
 * Removes what a crashed build left in `output/`: temporary files
 * (`.brief-tmp-<pid>-…`) and staging folders (`.brief-staging-<pid>-…`),
 * both named by index.ts.
 *
 * It runs only while holding the output lock (lock.ts), and every writer
 * takes that lock first, so no live build of this pipeline can own these
 * names. Even so, an entry is removed only when the pid in its name is not
 * running, is this process (an earlier build in it failed hard), or the
 * entry is older than a day: a foreign process that happens to run under a
 * reused pid costs at most a day of clutter, never a live build's file.
 */

const MAX_AGE_MS = 24 * 60 * 60 * 1000;

function ownerPid(name: string): number | undefined {
  for (const prefix of [TEMP_PREFIX, STAGING_PREFIX]) {
    const m = name.startsWith(prefix) ? /^(\d+)-/.exec(name.slice(prefix.length)) : null;
    if (m) return Number(m[1]);
  }
  return undefined;
}

/** Another live process owns the entry; our own leftovers are an earlier build of this process that failed hard. */
function ownedByLiveBuild(pid: number): boolean {
  return pid !== process.pid && isProcessAlive(pid);
}

async function leftovers(dir: string, depth: number): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const name of names) {
    const abs = path.join(dir, name);
    if (name.startsWith(TEMP_PREFIX) || name.startsWith(STAGING_PREFIX)) out.push(abs);
    else if (depth > 0 && !name.startsWith(".") && (await stat(abs).catch(() => undefined))?.isDirectory())
      out.push(...(await leftovers(abs, depth - 1)));
  }
  return out;
}

/**
 * Delete stale temporary files and staging folders under `outDir`. Call only
 * while holding the output lock. Never throws; returns an info diagnostic
 * when anything was removed.
 */
export async function cleanStale(outDir: string, root: string): Promise<Diagnostic[]> {
  const removed: string[] = [];
  for (const abs of await leftovers(outDir, 3)) {
    const pid = ownerPid(path.basename(abs));
    const age = Date.now() - ((await stat(abs).catch(() => undefined))?.mtimeMs ?? Date.now());
    if (pid !== undefined && ownedByLiveBuild(pid) && age < MAX_AGE_MS) continue;
    try {
      await rm(abs, { recursive: true, force: true });
      removed.push(posixRelative(outDir, abs));
    } catch {
      // Cannot remove it now (permissions, read-only disk): try again next run; never fail the build over it.
    }
  }
  if (removed.length === 0) return [];
  const message = `removed ${removed.length} temporary file(s) left by a crashed build: ${removed.slice(0, 3).join(", ")}${removed.length > 3 ? ", …" : ""}`;
  return [
    diagnostic({
      rule: "output/stale-temp",
      at: { file: posixRelative(root, outDir), line: 0, column: 0 },
      message,
    }),
  ];
}
