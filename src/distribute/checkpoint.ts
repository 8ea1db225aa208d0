import type { LedgerWriter } from "./ledger.js";

/**
 * A checkpointed ledger: after every `every` lines appended, and once more
 * when the writer closes, the ledger is pushed to where the next run reads
 * it (in CI, the brief-ledger branch, by scripts/ops/ledger.mjs push), so a
 * runner lost mid-send loses at most the lines since the last push. The
 * push runs before `append` returns, so the next message is sent only once
 * the lines before it are pushed; with one message at a time (distribute
 * sends one at a time when checkpointing), a lost runner re-sends at most
 * `every` messages. A failed push is reported and sending goes on: the
 * lines stay in the local ledger for the next push, and the workflow's
 * ledger job merges them at the end.
 */

/** How to checkpoint: every N lines, with this push (true when it worked). */
export interface Checkpoint {
  readonly every: number;
  readonly push: () => Promise<boolean>;
  /** Told about a failed push (sending goes on). */
  readonly warn: (message: string) => void;
}

/** `writer`, pushing after every `checkpoint.every` lines and at close when lines are left unpushed. */
export function checkpointed(writer: LedgerWriter, checkpoint: Checkpoint): LedgerWriter {
  let unpushed = 0;
  let appended = 0;
  const push = async (): Promise<void> => {
    if (await checkpoint.push()) unpushed = 0;
    else
      checkpoint.warn(
        `the ledger checkpoint after ${appended} line${appended === 1 ? "" : "s"} could not be pushed; sending goes on, and the next checkpoint (or the ledger job) pushes these lines`,
      );
  };
  return {
    append: async (entry) => {
      await writer.append(entry);
      appended++;
      unpushed++;
      if (appended % checkpoint.every === 0) await push();
    },
    close: async () => {
      await writer.close();
      if (unpushed > 0) await push();
      unpushed = 0;
    },
  };
}
