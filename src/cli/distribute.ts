import { parseArgs } from "node:util";
import { formatJson, formatReport } from "../diagnostics/index.js";
import { distribute, type DistributeResult } from "../distribute/index.js";
import type { Delivery } from "../distribute/plan.js";
import type { DeliveryResult } from "../distribute/deliver.js";
import { formatBytes } from "../distribute/text.js";
import { usage, type Io } from "./io.js";

/**
 * `brief distribute --release DIR [--send] [--only NAME…] [--resend]
 * [--ledger FILE] [--format text|json]`: argv → distribute() → a table of
 * who gets (or got) what → exit code. No logic beyond printing.
 */

const OPTIONS = {
  release: { type: "string" },
  send: { type: "boolean" },
  only: { type: "string", multiple: true },
  resend: { type: "boolean" },
  ledger: { type: "string" },
  format: { type: "string" },
} as const;

/** Who, as a person reads it: name and address, or the webhook's host. */
function who(d: Delivery): string {
  const r = d.recipient;
  if (r.channel.kind === "webhook") return `${r.name} (${new URL(r.channel.webhook.url).host})`;
  return `${r.name} <${r.email ?? ""}>`;
}

function channel(d: Delivery): string {
  if (d.recipient.channel.kind === "webhook") return "webhook";
  return d.attachment ? "email + PDF" : "email (links)";
}

function status(d: Delivery, r: DeliveryResult | undefined, sending: boolean): string {
  if (r?.status === "sent") return r.retries.length ? `sent (after ${r.attempts} attempts)` : "sent";
  if (r?.status === "failed") return `FAILED: ${r.detail}`;
  if (r?.status === "not-tried") return "not tried";
  if (d.delivered) return `already delivered ${d.delivered.at.slice(0, 10)}`;
  return sending ? "not sent" : "would send";
}

/** The plan or the summary as a table. */
export function table(result: DistributeResult, sendRequested = result.sent): string {
  const header = ["recipient", "edition", "channel", "attachment", "status"];
  const rows = result.deliveries.map(({ delivery: d, result: r }) => [
    who(d),
    d.edition.name,
    channel(d),
    d.attachment ? formatBytes(d.attachment.bytes) : "—",
    status(d, r, sendRequested),
  ]);
  if (rows.length === 0) return "No deliveries planned.\n";
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return `${[line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n")}\n`;
}

/** One closing line: counts, and where the ledger is. */
function summaryLine(result: DistributeResult): string {
  const n = (s: string): number => result.deliveries.filter((x) => x.result?.status === s).length;
  const already = result.deliveries.filter((x) => x.delivery.delivered).length;
  const due = result.deliveries.length - already;
  if (!result.sent)
    return `Dry run: ${due} deliver${due === 1 ? "y" : "ies"} due, ${already} already delivered (ledger ${result.ledger}). Run with --send to deliver.\n`;
  const failed = n("failed") + n("not-tried");
  return `Sent ${n("sent")}, failed ${failed}, already delivered ${already} (ledger ${result.ledger}).\n`;
}

function json(result: DistributeResult): string {
  const deliveries = result.deliveries.map(({ delivery: d, result: r }) => ({
    recipient: d.recipient.name,
    group: d.recipient.group ?? null,
    address: d.recipient.email ?? null,
    edition: d.edition.name,
    channel: d.channel,
    attach: d.attachment ? "pdf" : "link",
    attachmentBytes: d.attachment?.bytes ?? null,
    subject: d.subject,
    status: r?.status ?? (d.delivered ? "already-delivered" : result.sent ? "not-sent" : "due"),
    attempts: r?.attempts ?? 0,
    detail: r?.detail ?? null,
  }));
  const diagnostics: unknown = JSON.parse(formatJson(result.diagnostics));
  const out = { sent: result.sent, ledger: result.ledger, written: result.written, deliveries, diagnostics };
  return `${JSON.stringify(out, null, 2)}\n`;
}

/** The `distribute` command. */
export async function distributeCommand(args: readonly string[], io: Io): Promise<number> {
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
  const result = await distribute({
    release: values.release,
    send: values.send ?? false,
    only: values.only ?? [],
    resend: values.resend ?? false,
    ...(values.ledger ? { ledger: values.ledger } : {}),
  });
  if (format === "json") {
    io.out(json(result));
    return result.exitCode;
  }
  io.err(formatReport(result.diagnostics));
  if (result.deliveries.length || result.exitCode === 0) {
    io.out(table(result, values.send ?? false));
    io.out(values.send && !result.sent ? "Nothing was sent.\n" : summaryLine(result));
  }
  if (result.written.includes("site/index.html"))
    io.out(`Site: ${values.release.replace(/\/+$/, "")}/site/index.html\n`);
  return result.exitCode;
}
