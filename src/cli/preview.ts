import { parseArgs } from "node:util";
import { exitCodeOf, formatReport, type Diagnostic } from "../index.js";
import type { PreviewEvent } from "../preview/index.js";
import { killOwnBrowsers, removeOwnFoldersSync } from "../preview/orphans.js";
import { usage, type Io } from "./io.js";

/**
 * `brief preview [--port N] [--brief ID] [--audience NAME …] [--open]`:
 * start the preview, print its URL and what it does, and stop on Ctrl-C or
 * SIGTERM (exit code 0). Problems are printed exactly as `build` prints
 * them, after every save that leaves any.
 */

/** This command's options (test/unit/cli-options.test.ts checks each is in --help and docs/cli.md). */
export const OPTIONS = {
  port: { type: "string" },
  brief: { type: "string", multiple: true },
  audience: { type: "string", multiple: true },
  open: { type: "boolean" },
  timeout: { type: "string" },
} as const;

/** After Ctrl-C or SIGTERM, the process exits by this time even if stopping cleanly has not finished. */
const FORCE_EXIT_MS = 700;

/** How the CLI prints what the preview is doing. */
function printer(io: Io): (e: PreviewEvent) => void {
  let hadProblems = false;
  const cwd = `${process.cwd()}/`;
  return (e) => {
    if (e.kind === "ready") {
      if (e.port !== e.requestedPort && e.requestedPort !== 0)
        io.err(`brief preview: port ${e.requestedPort} is in use; using ${e.port} instead\n`);
      io.out(`brief preview: ${e.url}\n`);
      for (const ed of e.editions) io.out(`  ${ed.name.padEnd(28)} ${ed.url}\n`);
      io.out("Watching content/, templates/ and the bundled fonts. Ctrl-C stops.\n");
    } else if (e.kind === "updated") {
      const files = e.files.map((f) => f.replace(cwd, "")).join(", ");
      const what = e.editions.length ? `updated ${e.editions.join(", ")}` : "no edition affected";
      io.out(`brief preview: ${files}: ${what} (${e.ms} ms)\n`);
    } else if (e.kind === "problems") {
      if (e.diagnostics.length) io.err(formatReport(e.diagnostics));
      else if (hadProblems) io.err("brief preview: no problems left\n");
      hadProblems = e.diagnostics.length > 0;
    } else if (e.kind === "measured") {
      io.out(`brief preview: ${e.edition}: ${e.pages} pages, page breaks measured (${e.ms} ms)\n`);
    } else if (e.kind === "measure-failed") {
      io.err(`brief preview: ${e.edition}: page breaks not measured: ${e.message}\n`);
    } else {
      const error = e.error instanceof Error ? (e.error.stack ?? e.error.message) : String(e.error);
      io.err(`brief preview: internal error: ${error}\n`);
    }
  };
}

/** Resolves when the process is asked to stop (Ctrl-C, SIGTERM). */
function stopRequested(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals): void => {
      process.off("SIGINT", on);
      process.off("SIGTERM", on);
      process.off("SIGHUP", on);
      resolve(signal);
    };
    process.on("SIGINT", on);
    process.on("SIGTERM", on);
    process.on("SIGHUP", on);
  });
}

/** The `preview` command. */
export async function previewCommand(args: readonly string[], io: Io): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: [...args], options: OPTIONS, strict: true, allowPositionals: false }));
  } catch (e) {
    return usage(io, (e as Error).message);
  }
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535))
    return usage(io, "--port must be a whole number from 0 to 65535 (0: any free port)");
  const timeout = values.timeout === undefined ? undefined : Number(values.timeout);
  if (timeout !== undefined && !(Number.isInteger(timeout) && timeout > 0))
    return usage(io, "--timeout must be a positive number of milliseconds");
  const stop = stopRequested().then(() => {
    // However busy the preview is (still starting, or a print holding the event loop), it is gone within a second.
    setTimeout(() => {
      killOwnBrowsers();
      // An orderly close that has not finished would leave the browser profile and the preview's folder behind.
      removeOwnFoldersSync();
      process.exit(0);
    }, FORCE_EXIT_MS).unref();
  });
  // Loaded here, so other commands do not pay for the watcher and the server.
  const { preview } = await import("../preview/index.js");
  const { openBrowser } = await import("../preview/open.js");
  const started = await preview({
    briefs: values.brief ?? [],
    audiences: values.audience ?? [],
    ...(port === undefined ? {} : { port }),
    ...(timeout === undefined ? {} : { timeoutMs: timeout }),
    onEvent: printer(io),
  });
  if (!started.value) {
    const problems: readonly Diagnostic[] = started.diagnostics;
    io.err(formatReport(problems));
    return exitCodeOf(problems);
  }
  if (values.open && !(await openBrowser(started.value.url)))
    io.err(`brief preview: could not open a browser; open ${started.value.url} yourself\n`);
  await stop;
  await started.value.close();
  io.out("brief preview: stopped\n");
  return 0;
}
