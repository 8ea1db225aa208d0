import type { PipelineEvent } from "../pipeline/options.js";
import type { Io } from "./io.js";

/**
 * How the CLI shows a run's progress on stderr. On a terminal: one live
 * line, redrawn by log-update (a maintained library, imported only on a
 * terminal so that pipes and CI pay nothing for it). Anywhere else (CI,
 * a pipe): one plain line per edition, no escape codes. `--quiet`: nothing.
 */

/** The line for one edition, e.g. `[12/60] deepseek-investor … 4 pages, 0.4 s`. */
export function editionLine(e: Extract<PipelineEvent, { kind: "edition" }>): string {
  const what =
    e.status === "failed"
      ? "failed"
      : `${e.pages ? `${e.pages} pages` : "HTML"}${e.status === "cached" ? ", unchanged (cached)" : ""}`;
  return `[${e.index}/${e.total}] ${e.name} … ${what}, ${(e.ms / 1000).toFixed(1)} s`;
}

/** A printer for events, and a function to call when the run is over. */
export interface ProgressPrinter {
  readonly onEvent: (event: PipelineEvent) => void;
  readonly end: () => void;
}

/** The printer for this process's stderr: live on a terminal, plain lines otherwise, silent when quiet. */
export async function progressPrinter(
  io: Io,
  options: { readonly quiet: boolean; readonly tty: boolean },
): Promise<ProgressPrinter> {
  const waiting = (e: PipelineEvent): boolean => {
    if (e.kind !== "waiting-for-lock") return false;
    io.err(`brief: waiting for build ${e.ownerPid} to finish (${e.lockFile})\n`);
    return true;
  };
  if (options.quiet) return { onEvent: (e) => void waiting(e), end: () => undefined };
  if (!options.tty)
    return {
      onEvent: (e) => void (waiting(e) || (e.kind === "edition" && io.err(`${editionLine(e)}\n`))),
      end: () => undefined,
    };
  const { createLogUpdate } = await import("log-update");
  const live = createLogUpdate(process.stderr, { showCursor: true });
  return {
    onEvent: (e) => {
      if (e.kind === "edition") live(editionLine(e));
      else if (waiting(e)) live.clear();
    },
    end: () => live.done(),
  };
}
