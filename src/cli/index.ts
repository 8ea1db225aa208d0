import { buildCommand } from "./build.js";
import { checkCommand } from "./check.js";
import { cleanCommand } from "./clean.js";
import { explain } from "./explain.js";
import { HELP } from "./help.js";
import { processIo, usage, type Io } from "./io.js";

/**
 * `brief`: argv → command → options → the API → report → exit code. Each
 * command is a module of its own here and loads the pipeline only when it
 * runs, so `brief --help` starts at once. The exit code comes from the
 * API's result (pipeline/outcome.ts); the CLI adds only usage errors of its
 * own (exit 2).
 */

/** Every command, by name (test/unit/cli-options.test.ts checks each is in --help). */
export const COMMANDS: Record<string, (args: readonly string[], io: Io) => Promise<number> | number> = {
  build: buildCommand,
  check: checkCommand,
  clean: cleanCommand,
  // Loads nodemailer, pdf.js and the site builder: only when asked for.
  distribute: async (args, io) => (await import("./distribute.js")).distributeCommand(args, io),
  explain,
  init: async (args, io) => (await import("./init.js")).initCommand(args, io),
  ops: async (args, io) => (await import("./ops.js")).opsCommand(args, io),
  override: async (args, io) => (await import("./override.js")).overrideCommand(args, io),
  setup: async (args, io) => (await import("./setup.js")).setupCommand(args, io),
  new: async (args, io) => (await import("./new.js")).newCommand(args, io),
  release: async (args, io) => (await import("./release.js")).releaseCommand(args, io),
  // Loads the server, the watcher and the pipeline: only when asked for.
  preview: async (args, io) => (await import("./preview.js")).previewCommand(args, io),
};

/** Parse argv and run; returns the process exit code. */
export async function main(argv: readonly string[], io: Io = processIo): Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) {
    io.out(HELP);
    return 2;
  }
  if (
    command === "help" ||
    command === "--help" ||
    command === "-h" ||
    rest.includes("--help") ||
    rest.includes("-h")
  ) {
    io.out(HELP);
    return 0;
  }
  const run = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!run)
    return usage(
      io,
      command.startsWith("-") ? `unknown option "${command}" before a command` : `unknown command "${command}"`,
    );
  return run(rest, io);
}
