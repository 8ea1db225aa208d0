import { main } from "./cli/index.js";

/**
 * Process entry point: run the CLI and exit with its code. A reader that
 * closes the pipe early (`brief explain | head`) has all it wants: the
 * command ends quietly, as a Unix filter does, instead of with a stack trace.
 */
for (const stream of [process.stdout, process.stderr])
  stream.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE" || e.code === "ERR_STREAM_DESTROYED") process.exit(process.exitCode ?? 0);
    throw e;
  });
process.exitCode = await main(process.argv.slice(2));
