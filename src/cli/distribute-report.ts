import { formatJson } from "../diagnostics/index.js";
import type { DeliveryResult } from "../distribute/deliver.js";
import type { DistributeResult } from "../distribute/index.js";
import type { Delivery } from "../distribute/plan.js";
import { formatBytes } from "../distribute/text.js";

/**
 * How `brief distribute` reports: a table of who gets (or got) what, a
 * closing line of counts, the same table in Markdown for the workflow's
 * step summary ($GITHUB_STEP_SUMMARY), and JSON. Pure: the result in, text
 * out.
 */

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

/** One delivery's status in words. */
export function status(d: Delivery, r: DeliveryResult | undefined, sending: boolean): string {
  if (r?.status === "sent") return r.retries.length ? `sent (after ${r.attempts} attempts)` : "sent";
  if (r?.status === "failed") return `FAILED: ${r.detail}`;
  if (r?.status === "rejected") return `REJECTED: ${r.detail}`;
  if (r?.status === "unknown") return `UNKNOWN: ${r.detail}`;
  if (r?.status === "not-tried") return "not tried";
  const last = d.last?.v === 2 ? d.last : undefined;
  const when = d.last?.at.slice(0, 10) ?? "";
  if (d.status === "delivered") return `already delivered ${when}`;
  if (d.status === "suppressed") return "suppressed (distribution.yaml suppress:)";
  if (d.status === "rejected") return `rejected ${when}, not retried (${last?.response ?? ""})`;
  if (d.status === "unknown") return `outcome unknown since ${when}, not sent again`;
  return sending ? "not sent" : "would send";
}

const HEADER = ["recipient", "edition", "channel", "attachment", "status"];

function rows(result: DistributeResult, sending: boolean): string[][] {
  return result.deliveries.map(({ delivery: d, result: r }) => [
    who(d),
    d.edition.name,
    channel(d),
    d.attachment ? formatBytes(d.attachment.bytes) : "—",
    status(d, r, sending),
  ]);
}

/** The plan or the summary as a text table. */
export function table(result: DistributeResult, sendRequested = result.sent): string {
  const body = rows(result, sendRequested);
  if (body.length === 0) return "No deliveries planned.\n";
  const widths = HEADER.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? "").length)));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i] ?? 0)))
      .join("  ")
      .trimEnd();
  return `${[line(HEADER), line(widths.map((w) => "-".repeat(w))), ...body.map(line)].join("\n")}\n`;
}

/** Counts by what happened. */
function counts(result: DistributeResult): Record<string, number> {
  const out: Record<string, number> = {};
  for (const { delivery: d, result: r } of result.deliveries) {
    const k = r ? r.status : d.status === "due" ? (result.sent ? "not sent" : "due") : d.status;
    out[k] = (out[k] ?? 0) + 1;
  }
  return out;
}

/** One closing line: counts, and where the ledger is. */
export function summaryLine(result: DistributeResult): string {
  const c = counts(result);
  const n = (k: string): number => c[k] ?? 0;
  const held = [
    ...(n("suppressed") ? [`suppressed ${n("suppressed")}`] : []),
    ...(n("rejected") ? [`rejected ${n("rejected")}`] : []),
    ...(n("unknown") ? [`unknown ${n("unknown")}`] : []),
  ];
  const tail = `${held.length ? `, ${held.join(", ")}` : ""} (ledger ${result.ledger})`;
  if (!result.sent)
    return `Dry run: ${n("due")} deliver${n("due") === 1 ? "y" : "ies"} due, ${n("delivered")} already delivered${tail}. Run with --send to deliver.\n`;
  return `Sent ${n("sent")}, failed ${n("failed") + n("not-tried")}, already delivered ${n("delivered")}${tail}.\n`;
}

const cell = (s: string): string => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

/** The table and counts in Markdown, for the workflow run's summary page. */
export function markdownSummary(result: DistributeResult): string {
  const body = rows(result, result.sent);
  const problems = result.diagnostics.filter((d) => d.severity !== "info");
  const lines = [
    `## Distribution of ${result.tag ?? "the release"}`,
    "",
    summaryLine(result).trim(),
    "",
    ...problems.map((d) => `- **${d.severity}** ${cell(d.message)} (\`${d.ruleId}\`)`),
    ...(problems.length ? [""] : []),
    ...(body.length
      ? [
          `| ${HEADER.join(" | ")} |`,
          `| ${HEADER.map(() => "---").join(" | ")} |`,
          ...body.map((r) => `| ${r.map(cell).join(" | ")} |`),
        ]
      : ["No deliveries planned."]),
    "",
  ];
  return `${lines.join("\n")}\n`;
}

/** The result as JSON. */
export function json(result: DistributeResult): string {
  const deliveries = result.deliveries.map(({ delivery: d, result: r }) => ({
    recipient: d.recipient.name,
    group: d.recipient.group ?? null,
    address: d.recipient.email ?? null,
    edition: d.edition.name,
    channel: d.channel,
    attach: d.attachment ? "pdf" : "link",
    attachmentBytes: d.attachment?.bytes ?? null,
    subject: d.subject,
    id: d.id,
    planned: d.status,
    status: r?.status ?? (d.status === "due" ? (result.sent ? "not-sent" : "due") : d.status),
    attempts: r?.attempts ?? 0,
    detail: r?.detail ?? null,
  }));
  const diagnostics: unknown = JSON.parse(formatJson(result.diagnostics));
  const out = { sent: result.sent, ledger: result.ledger, written: result.written, deliveries, diagnostics };
  return `${JSON.stringify(out, null, 2)}\n`;
}

/**
 * The step outputs for the workflow ($GITHUB_OUTPUT): `due`, how many
 * deliveries are still to make (the mailing job, and its approval, runs
 * only when this is not 0), and `unreached`, every recipient refused for
 * good or whose outcome is unknown, one line, so the failure issue can
 * list them until they are cleared; and `tag`, the release this run
 * distributes (new or not), which the workflow keeps the ledger's copy with.
 */
export function workflowOutputs(result: DistributeResult): string {
  let due = 0;
  const unreached: string[] = [];
  for (const { delivery: d, result: r } of result.deliveries) {
    const now = r?.status;
    if (d.status === "due" && now !== "sent" && now !== "rejected" && now !== "unknown") due++;
    const state = now === "rejected" || now === "unknown" ? now : now ? undefined : d.status;
    if (state === "rejected" || state === "unknown")
      unreached.push(`${who(d)}: ${d.edition.name}, ${state === "rejected" ? "refused" : "outcome unknown"}`);
  }
  const tag = result.tag ? `tag=${result.tag}\n` : "";
  return `due=${due}\nunreached=${unreached.join("; ").replace(/[\r\n]/g, " ")}\n${tag}`;
}
