import type { PipelineEvent } from "../pipeline/index.js";

/** Where the CLI writes: stdout for results, stderr for problems and progress. */
export interface Io {
  out(s: string): void;
  err(s: string): void;
}

/** The process's own streams. */
export const processIo: Io = {
  out: (s) => void process.stdout.write(s),
  err: (s) => void process.stderr.write(s),
};

/** How the CLI tells a person what a run is doing (the API itself is silent). */
export function printEvents(io: Io): (event: PipelineEvent) => void {
  return (event) => {
    if (event.kind === "waiting-for-lock")
      io.err(`brief: waiting for build ${event.ownerPid} to finish (${event.lockFile})\n`);
  };
}

/** A usage error: one line saying what is wrong, one saying where help is. Exit code 2. */
export function usage(io: Io, message: string): 2 {
  io.err(`brief: ${message}\nRun \`brief --help\` for usage.\n`);
  return 2;
}
