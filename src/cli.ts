import { parseArgs } from "node:util";
import { build, check, formatJson, formatReport, type Result } from "./index.js";

/**
 * `brief`: argv → options → build()/check() → report → exit code.
 * No logic of its own beyond parsing and printing.
 */

const HELP = `Usage: brief <command> [options]

Commands:
  build    Build PDF and HTML editions into output/
  check    Validate content and templates without rendering
  help     Show this help

Options for build:
  --brief ID          Build only this brief (repeatable)
  --audience NAME     Build only this audience (repeatable)
  --format pdf|html   Produce only this format (repeatable; default both)
  --timeout MS        Per-edition render time limit (default 60000)
  --strict            Treat warnings as errors

Options for check:
  --brief ID, --audience NAME, --strict as above
  --format text|json  Output format for findings (default text)
  --no-render         Skip the page-budget rule, which renders PDFs (nothing is written)

Exit codes:
  0  success
  1  content errors (each printed as path:line:col: severity message rule-id),
     or output/ could not be written or locked
  2  wrong usage
  3  the renderer failed (no browser, crash, time-out)

Environment:
  PUPPETEER_EXECUTABLE_PATH  Chrome/Chromium to use
  SOURCE_DATE_EPOCH          Fixed date for reproducible PDFs
`;

/** Parse argv and run; returns the process exit code. */
export async function main(argv: readonly string[], out: (s: string) => void = (s) => process.stdout.write(s), err: (s: string) => void = (s) => process.stderr.write(s)): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        brief: { type: "string", multiple: true },
        audience: { type: "string", multiple: true },
        format: { type: "string", multiple: true },
        timeout: { type: "string" },
        strict: { type: "boolean" },
        "no-render": { type: "boolean" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    err(`brief: ${(e as Error).message}\nRun \`brief --help\` for usage.\n`);
    return 2;
  }
  const { values, positionals } = parsed;
  const command = positionals[0];
  if (values.help || command === "help" || command === undefined) {
    out(HELP);
    return command === undefined && !values.help ? 2 : 0;
  }
  if (positionals.length > 1) {
    err(`brief: unexpected argument "${positionals[1]}"\nRun \`brief --help\` for usage.\n`);
    return 2;
  }
  const common = { briefs: values.brief ?? [], audiences: values.audience ?? [], strict: values.strict ?? false };
  const formats = values.format ?? [];
  if (command === "build") {
    const bad = formats.find((f) => f !== "pdf" && f !== "html");
    if (bad) {
      err(`brief: --format must be pdf or html, not "${bad}"\n`);
      return 2;
    }
    const timeout = values.timeout === undefined ? undefined : Number(values.timeout);
    if (timeout !== undefined && !(Number.isInteger(timeout) && timeout > 0)) {
      err(`brief: --timeout must be a positive number of milliseconds\n`);
      return 2;
    }
    const result = await build({ ...common, formats: formats as ("pdf" | "html")[], ...(timeout ? { timeoutMs: timeout } : {}) });
    report(result, "text", out, err);
    for (const e of result.editions) if (e.status === "built") out(`built ${e.name}${e.pages ? ` (${e.pages} pages)` : ""}: ${e.files.map((f) => f.replace(`${process.cwd()}/`, "")).join(", ")}\n`);
    return exitCode(result);
  }
  if (command === "check") {
    const format = formats[0] ?? "text";
    if (formats.length > 1 || (format !== "text" && format !== "json")) {
      err(`brief: check --format must be text or json\n`);
      return 2;
    }
    const result = await check({ ...common, render: !values["no-render"] });
    report(result, format, out, err);
    return exitCode(result);
  }
  err(`brief: unknown command "${command}"\nRun \`brief --help\` for usage.\n`);
  return 2;
}

/** Unknown --brief/--audience values are wrong usage (2), even though build/check found them. */
function exitCode(result: Result): number {
  return result.diagnostics.some((d) => d.ruleId.startsWith("cli/")) ? 2 : result.exitCode;
}

function report(result: Result, format: "text" | "json", out: (s: string) => void, err: (s: string) => void): void {
  if (format === "json") {
    out(`${formatJson(result.diagnostics)}\n`);
    return;
  }
  const text = formatReport(result.diagnostics);
  if (text) err(text);
}
