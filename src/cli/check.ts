import { COMMON, parse, positiveInt } from "./args.js";
import { usage, type Io } from "./io.js";
import { progressPrinter } from "./progress.js";
import { report } from "./report.js";

/** `brief check`'s options (test/unit/cli-options.test.ts checks each is in --help and docs/cli.md). */
export const OPTIONS = { ...COMMON, "no-render": { type: "boolean" } } as const;

/** `brief check`: options → check() → findings as text or JSON → exit code. */
export async function checkCommand(args: readonly string[], io: Io): Promise<number> {
  const p = parse(args, OPTIONS);
  if (typeof p === "string") return usage(io, p);
  if (p.positionals.length) return usage(io, `unexpected argument "${p.positionals[0]}"`);
  const { values } = p;
  const format = values.format?.[0] ?? "text";
  if ((values.format?.length ?? 0) > 1 || (format !== "text" && format !== "json" && format !== "github"))
    return usage(io, "check --format must be text, json or github");
  const timeout = positiveInt("timeout", values.timeout, "a positive number of milliseconds");
  if (typeof timeout === "object") return usage(io, timeout.error);
  const jobs = positiveInt("jobs", values.jobs, "a positive number of editions");
  if (typeof jobs === "object") return usage(io, jobs.error);
  const progress = await progressPrinter(io, { quiet: true, tty: io.tty });
  const { check } = await import("../pipeline/check.js");
  const result = await check({
    briefs: values.brief ?? [],
    audiences: values.audience ?? [],
    strict: values.strict ?? false,
    render: !values["no-render"],
    cache: !values["no-cache"],
    ...(timeout ? { timeoutMs: timeout } : {}),
    ...(jobs ? { jobs } : {}),
    onEvent: progress.onEvent,
  });
  report(result, format, io);
  return result.exitCode;
}
