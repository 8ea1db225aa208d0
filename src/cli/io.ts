/** Where the CLI writes: stdout for results, stderr for problems and progress. */
export interface Io {
  out(s: string): void;
  err(s: string): void;
  /** Whether stderr is a terminal (live progress line) or a pipe/CI log (plain lines). */
  readonly tty: boolean;
}

/** The process's own streams. */
export const processIo: Io = {
  out: (s) => void process.stdout.write(s),
  err: (s) => void process.stderr.write(s),
  tty: process.stderr.isTTY && !process.env.CI,
};

/** A usage error: one line saying what is wrong, one saying where help is. Exit code 2. */
export function usage(io: Io, message: string): 2 {
  io.err(`brief: ${message}\nRun \`brief --help\` for usage.\n`);
  return 2;
}
