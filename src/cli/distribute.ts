import { appendFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { formatReport } from "../diagnostics/index.js";
import { distribute } from "../distribute/index.js";
import { ledgerPath } from "../distribute/ledger.js";
import { ledgerCheckpoint } from "./ledger-checkpoint.js";
import { json, markdownSummary, summaryLine, table, workflowOutputs } from "./distribute-report.js";
import { usage, type Io } from "./io.js";

/**
 * `brief distribute --release DIR [--send] [--only NAME…] [--resend]
 * [--notify] [--no-site] [--published-at URL] [--mark-delivered] [--ledger FILE]
 * [--checkpoint-every N] [--format text|json]`: argv → distribute() → a table of who gets (or
 * got) what → exit code. Inside GitHub Actions the table is also appended
 * to the run's summary page ($GITHUB_STEP_SUMMARY), and `due=`,
 * `unreached=` and `tag=` go to $GITHUB_OUTPUT (and are printed, so the
 * log says what the step decided). No logic beyond printing.
 */

/** This command's options (test/unit/cli-options.test.ts checks each is in --help and docs/cli.md). */
export const OPTIONS = {
  release: { type: "string" },
  send: { type: "boolean" },
  only: { type: "string", multiple: true },
  resend: { type: "boolean" },
  notify: { type: "boolean" },
  "no-site": { type: "boolean" },
  "published-at": { type: "string" },
  "mark-delivered": { type: "boolean" },
  ledger: { type: "string" },
  "checkpoint-every": { type: "string" },
  format: { type: "string" },
} as const;

export { table } from "./distribute-report.js";

/** The `distribute` command. */
export async function distributeCommand(
  args: readonly string[],
  io: Io,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (e) {
    return usage(io, (e as Error).message);
  }
  const { values, positionals } = parsed;
  if (positionals.length) return usage(io, `unexpected argument "${positionals[0]}"`);
  if (!values.release) return usage(io, "distribute needs --release DIR (the folder `brief release` wrote)");
  const format = values.format ?? "text";
  if (format !== "text" && format !== "json") return usage(io, "distribute --format must be text or json");
  const every = values["checkpoint-every"];
  if (every !== undefined && !/^[1-9]\d*$/.test(every))
    return usage(io, `distribute --checkpoint-every needs a whole number of messages, 1 or more (not "${every}")`);
  const ledgerFile = ledgerPath(process.cwd(), values.ledger, env);
  const result = await distribute({
    ...(every ? { checkpoint: ledgerCheckpoint(Number(every), ledgerFile, env, io) } : {}),
    release: values.release,
    send: values.send ?? false,
    only: values.only ?? [],
    resend: values.resend ?? false,
    notify: values.notify ?? false,
    site: !values["no-site"],
    ...(values["published-at"] ? { publishedAt: values["published-at"] } : {}),
    ...(values["mark-delivered"] ? { markDelivered: true } : {}),
    ...(values.ledger ? { ledger: values.ledger } : {}),
    env,
  });
  if (env.GITHUB_STEP_SUMMARY) await appendFile(env.GITHUB_STEP_SUMMARY, markdownSummary(result));
  const outputs = workflowOutputs(result);
  if (env.GITHUB_OUTPUT) await appendFile(env.GITHUB_OUTPUT, outputs);
  if (format === "json") {
    io.out(json(result));
    return result.exitCode;
  }
  // In Actions the step's log says what it decided (as `brief release` prints released= and tag=).
  if (env.GITHUB_OUTPUT) io.out(outputs);
  io.err(formatReport(result.diagnostics));
  if (result.deliveries.length || result.exitCode === 0) {
    const writing = (values.send ?? false) || (values["mark-delivered"] ?? false);
    io.out(table(result, writing));
    io.out(writing && !result.sent ? "Nothing was sent.\n" : summaryLine(result));
  }
  if (result.written.includes("site/index.html"))
    io.out(`Site: ${values.release.replace(/\/+$/, "")}/site/index.html\n`);
  return result.exitCode;
}
