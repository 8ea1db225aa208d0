import { diagnostic, type Diagnostic } from "../diagnostics/index.js";
import type { LedgerState } from "./ledger.js";

/**
 * Releases only move forwards. A release's tag carries the second it was
 * made (`editions-YYYYMMDD-HHMMSS-<input hash>`); once the ledger records a
 * delivery from a release, distributing an older one (a re-run of an old
 * workflow run, a mistyped --release) would mail a superseded edition and
 * then the current one again, so it mails nobody. Two releases made in the
 * same second (or tags in another form) are not compared.
 */

/** The time in a release tag, as a sortable `YYYYMMDDHHMMSS`, or undefined for a tag in another form. */
export function tagTime(tag: string): string | undefined {
  const m = /-(\d{8})-(\d{6})-[0-9a-f]+$/.exec(tag);
  return m ? `${m[1]}${m[2]}` : undefined;
}

/** The newest release the ledger records a delivery from (by the time in its tag), if any. */
export function newestDelivered(ledger: LedgerState): string | undefined {
  let newest: { tag: string; time: string } | undefined;
  for (const line of ledger.values()) {
    if (line.v !== 2) continue;
    const time = tagTime(line.release);
    if (time && (!newest || time > newest.time)) newest = { tag: line.release, time };
  }
  return newest?.tag;
}

/** An error when `tag` is older than the newest release the ledger has delivered; nothing is sent then. */
export function olderReleaseProblem(tag: string, ledger: LedgerState, ledgerLabel: string): Diagnostic[] {
  const newest = newestDelivered(ledger);
  const mine = tagTime(tag);
  const theirs = newest ? tagTime(newest) : undefined;
  if (!newest || !mine || !theirs || mine >= theirs) return [];
  return [
    diagnostic({
      rule: "distribute/older-release",
      at: { file: ledgerLabel, line: 0, column: 0 },
      message: `release ${tag} is older than ${newest}, which the ledger has already delivered; nothing was sent (distribute the latest release; a re-run of an old workflow run does this)`,
    }),
  ];
}
