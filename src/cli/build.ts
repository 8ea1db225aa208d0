import path from "node:path";
import { cleanUpOnInterrupt } from "../lib/interrupt.js";
import { parseShard } from "../pipeline/shard.js";
import { COMMON, parse, positiveInt } from "./args.js";
import { usage, type Io } from "./io.js";
import { progressPrinter } from "./progress.js";
import { report } from "./report.js";

/** `brief build`'s options (test/unit/cli-options.test.ts checks each is in --help and docs/cli.md). */
export const OPTIONS = {
  ...COMMON,
  quiet: { type: "boolean", short: "q" },
  shard: { type: "string" },
  out: { type: "string" },
} as const;

/** `brief build`: options → build() → report → exit code. */
export async function buildCommand(args: readonly string[], io: Io): Promise<number> {
  const p = parse(args, OPTIONS);
  if (typeof p === "string") return usage(io, p);
  if (p.positionals.length) return usage(io, `unexpected argument "${p.positionals[0]}"`);
  const { values } = p;
  const formats = values.format ?? [];
  const bad = formats.find((f) => f !== "pdf" && f !== "html");
  if (bad !== undefined) return usage(io, `--format must be pdf or html, not "${bad}"`);
  const timeout = positiveInt("timeout", values.timeout, "a positive number of milliseconds");
  if (typeof timeout === "object") return usage(io, timeout.error);
  const jobs = positiveInt("jobs", values.jobs, "a positive number of editions");
  if (typeof jobs === "object") return usage(io, jobs.error);
  const shard = values.shard === undefined ? undefined : parseShard(values.shard);
  if (shard && "error" in shard) return usage(io, shard.error);
  const progress = await progressPrinter(io, { quiet: values.quiet ?? false, tty: io.tty });
  const { build } = await import("../pipeline/build.js");
  // Ctrl-C or a cancelled job's SIGTERM: remove staging, lock and browser profile before exiting.
  cleanUpOnInterrupt(path.resolve(values.out ?? "output"));
  const result = await build({
    briefs: values.brief ?? [],
    audiences: values.audience ?? [],
    strict: values.strict ?? false,
    formats: formats as ("pdf" | "html")[],
    cache: !values["no-cache"],
    ...(timeout ? { timeoutMs: timeout } : {}),
    ...(jobs ? { jobs } : {}),
    ...(shard ? { shard } : {}),
    ...(values.out !== undefined ? { outDir: values.out } : {}),
    onEvent: progress.onEvent,
  });
  progress.end();
  report(result, "text", io);
  if (values.quiet) return result.exitCode;
  if (shard && result.editions.length === 0)
    io.out(`shard ${shard.index}/${shard.count} has no editions; nothing to build\n`);
  const cwd = `${process.cwd()}/`;
  for (const e of result.editions) {
    if (e.status !== "built") continue;
    io.out(
      `built ${e.name}${e.pages ? ` (${e.pages} pages)` : ""}: ${e.files.map((f) => f.replace(cwd, "")).join(", ")}\n`,
    );
  }
  return result.exitCode;
}
