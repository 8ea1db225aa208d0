import { main } from "./index.js";

/**
 * The process's entry point (src/main.ts, and the bundle's export that
 * bin/brief.js runs): run the CLI on `argv` and return its exit code. A
 * reader that closes the pipe early (`brief explain | head`) has all it
 * wants: the command ends quietly, as a Unix filter does, instead of with a
 * stack trace.
 */
export function start(argv: readonly string[]): Promise<number> {
  for (const stream of [process.stdout, process.stderr])
    stream.on("error", (e: NodeJS.ErrnoException) => {
      if (e.code === "EPIPE" || e.code === "ERR_STREAM_DESTROYED") process.exit(process.exitCode ?? 0);
      throw e;
    });
  return main(argv);
}
