import { parseArgs, type ParseArgsConfig } from "node:util";
import { build, check, formatJson, formatReport, type Result } from "../index.js";
import { explain } from "./explain.js";
import { HELP } from "./help.js";
import { printEvents, processIo, usage, type Io } from "./io.js";
import { previewCommand } from "./preview.js";

/**
 * `brief`: argv → command → options → the API → report → exit code. The
 * exit code comes from the API's result (pipeline/outcome.ts); the CLI adds
 * only usage errors of its own (exit 2).
 */

const COMMON = {
  brief: { type: "string", multiple: true },
  audience: { type: "string", multiple: true },
  format: { type: "string", multiple: true },
  timeout: { type: "string" },
  strict: { type: "boolean" },
} as const satisfies ParseArgsConfig["options"];

type Parsed<O extends ParseArgsConfig["options"]> = ReturnType<
  typeof parseArgs<{ options: O; args: string[]; allowPositionals: true; strict: true }>
>;

/** Parse one command's options; a bad option is a usage error. */
function parse<O extends ParseArgsConfig["options"]>(args: readonly string[], options: O): Parsed<O> | string {
  try {
    return parseArgs({ args: [...args], options, allowPositionals: true, strict: true });
  } catch (e) {
    return (e as Error).message;
  }
}

/** --timeout as a positive integer, or a usage message. */
function timeoutOf(value: string | undefined): number | undefined | string {
  if (value === undefined) return undefined;
  const n = Number(value);
  return Number.isInteger(n) && n > 0 ? n : "--timeout must be a positive number of milliseconds";
}

function report(result: Result, format: "text" | "json", io: Io): void {
  if (format === "json") io.out(`${formatJson(result.diagnostics)}\n`);
  else io.err(formatReport(result.diagnostics));
}

async function buildCommand(args: readonly string[], io: Io): Promise<number> {
  const p = parse(args, COMMON);
  if (typeof p === "string") return usage(io, p);
  if (p.positionals.length) return usage(io, `unexpected argument "${p.positionals[0]}"`);
  const { values } = p;
  const formats = values.format ?? [];
  const bad = formats.find((f) => f !== "pdf" && f !== "html");
  if (bad !== undefined) return usage(io, `--format must be pdf or html, not "${bad}"`);
  const timeout = timeoutOf(values.timeout);
  if (typeof timeout === "string") return usage(io, timeout);
  const result = await build({
    briefs: values.brief ?? [],
    audiences: values.audience ?? [],
    strict: values.strict ?? false,
    formats: formats as ("pdf" | "html")[],
    ...(timeout ? { timeoutMs: timeout } : {}),
    onEvent: printEvents(io),
  });
  report(result, "text", io);
  const cwd = `${process.cwd()}/`;
  for (const e of result.editions) {
    if (e.status === "built")
      io.out(
        `built ${e.name}${e.pages ? ` (${e.pages} pages)` : ""}: ${e.files.map((f) => f.replace(cwd, "")).join(", ")}\n`,
      );
  }
  return result.exitCode;
}

async function checkCommand(args: readonly string[], io: Io): Promise<number> {
  const p = parse(args, { ...COMMON, "no-render": { type: "boolean" } });
  if (typeof p === "string") return usage(io, p);
  if (p.positionals.length) return usage(io, `unexpected argument "${p.positionals[0]}"`);
  const { values } = p;
  const format = values.format?.[0] ?? "text";
  if ((values.format?.length ?? 0) > 1 || (format !== "text" && format !== "json"))
    return usage(io, "check --format must be text or json");
  const timeout = timeoutOf(values.timeout);
  if (typeof timeout === "string") return usage(io, timeout);
  const result = await check({
    briefs: values.brief ?? [],
    audiences: values.audience ?? [],
    strict: values.strict ?? false,
    render: !values["no-render"],
    ...(timeout ? { timeoutMs: timeout } : {}),
    onEvent: printEvents(io),
  });
  report(result, format, io);
  return result.exitCode;
}

const COMMANDS: Record<string, (args: readonly string[], io: Io) => Promise<number> | number> = {
  build: buildCommand,
  check: checkCommand,
  preview: previewCommand,
  explain,
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
