import type { Diagnostic } from "../diagnostics/index.js";
import { cleanStale } from "../stages/8-write/cleanup.js";
import { commitFiles, type OutputFile, type WriteFs } from "../stages/8-write/index.js";
import { acquireLock, type LockOptions, type OutputLock } from "../stages/8-write/lock.js";
import type { CacheEntry } from "./cache.js";
import type { EditionReport } from "./outcome.js";
import type { PlannedEdition } from "./project.js";
import { reportFromEntry } from "./reuse.js";

/**
 * The way into the output folder for one build, opened once, when the first
 * edition is ready to be written (with a streaming build, while the others
 * are still being prepared): take the output lock, clean up after crashed
 * builds, and write back the editions the cache serves. An edition is
 * written only through an open gate; a build that writes nothing (every
 * edition failed to prepare) never takes the lock.
 */

/** A cached edition to write back: its plan, its entry, and the files to restore. */
export interface CachedEdition {
  readonly planned: PlannedEdition;
  readonly entry: CacheEntry;
  readonly restore: readonly OutputFile[];
}

/** Where and how the gate writes. */
export interface GateOptions {
  readonly outDir: string;
  readonly root: string;
  readonly fs: WriteFs;
  readonly lock: LockOptions;
  /** Called for each cached edition written back. */
  readonly restored: (name: string, pages: number | undefined) => void;
}

/** What the gate found and did; read once the build is over. */
export interface OutputGate {
  /** Open the gate (the first call does the work, later ones share it): true when the lock is held. */
  open(): Promise<boolean>;
  /** Whether the gate was opened with the lock held. */
  held(): boolean;
  /** The lock's and the clean-up's diagnostics, and the cached editions'. */
  readonly diagnostics: Diagnostic[];
  /** The cached editions' reports (failed ones when the lock was not got). */
  readonly editions: EditionReport[];
  /** Release the lock, if held. */
  release(): Promise<void>;
}

/** A gate for one build; nothing happens until `open()`. */
export function outputGate(hits: readonly CachedEdition[], o: GateOptions): OutputGate {
  const diagnostics: Diagnostic[] = [];
  const editions: EditionReport[] = [];
  let lock: OutputLock | undefined;
  let opening: Promise<boolean> | undefined;
  const open = async (): Promise<boolean> => {
    const got = await acquireLock(o.outDir, { root: o.root, ...o.lock });
    diagnostics.push(...got.diagnostics);
    lock = got.lock;
    if (!lock) {
      editions.push(...hits.map((c) => ({ name: c.planned.edition.name, status: "failed" as const, files: [] })));
      return false;
    }
    diagnostics.push(...(await cleanStale(o.outDir, o.root)));
    for (const c of hits) {
      await commitFiles(c.restore, o.fs);
      diagnostics.push(...c.planned.diagnostics, ...c.entry.diagnostics);
      editions.push(reportFromEntry(c.entry, o.outDir));
      o.restored(c.planned.edition.name, c.entry.pages);
    }
    return true;
  };
  return {
    open: () => (opening ??= open()),
    held: () => lock !== undefined,
    diagnostics,
    editions,
    release: async () => {
      await lock?.release();
    },
  };
}
