import { diagnostic, type Diagnostic, type Reported } from "../diagnostics/index.js";
import { sha256 } from "../lib/hash.js";
import type { FileEntry } from "../release/manifest.js";
import { deliveryKey, type LedgerLine, type LedgerState } from "./ledger.js";
import { templateMessage, type Distribution, type ResolvedRecipient } from "./load.js";
import { fileOf, type EditionEntry, type Release } from "./release.js";
import { subjectContext, withStatus } from "./subject.js";

/**
 * The plan: every (recipient, edition) pair the distribution files ask
 * for, each with its status from the ledger. Pure: data in, data out.
 *
 * - due: the recipient has never had this edition, or what they last
 *   received reads differently (another reader digest: a correction, a
 *   revert), or a webhook's last outcome was unknown (sent again with the
 *   same Idempotency-Key), or `--notify` and they have not had this release;
 * - delivered: what they last received reads the same;
 * - suppressed: listed under `suppress:` in distribution.yaml;
 * - rejected: the server refused it for good earlier; not retried;
 * - unknown: an e-mail whose connection was lost after it was sent; not
 *   sent again, since it may have arrived.
 *
 * `--only` narrows the plan; `--resend` makes every listed, unsuppressed
 * delivery due.
 */

/** One delivery of one edition to one recipient. */
export interface Delivery {
  readonly recipient: ResolvedRecipient;
  readonly distribution: Distribution;
  readonly edition: EditionEntry;
  readonly channel: "email" | "webhook";
  /** The PDF to attach, when the recipient asked for it. */
  readonly attachment?: FileEntry;
  /** The e-mail subject (also the webhook's headline). */
  readonly subject: string;
  /** The ledger key of its state: recipient, channel, edition. */
  readonly key: string;
  /** The delivery id: the webhook's Idempotency-Key and the e-mail's Message-ID (same delivery, same id). */
  readonly id: string;
  readonly status: PlanStatus;
  /** The ledger's last line for this key, if any. */
  readonly last?: LedgerLine;
}

/** Where a delivery stands before sending. */
export type PlanStatus = "due" | "delivered" | "suppressed" | "rejected" | "unknown";

/** What narrows or overrides the plan. */
export interface PlanOptions {
  /** Recipient names, group names or addresses (case-insensitive); empty means everyone. */
  readonly only: readonly string[];
  readonly resend: boolean;
  /** Mail a release even to those whose copy reads the same (a layout-only release). */
  readonly notify: boolean;
}

/** The id of a delivery of `digest` (and, with --notify, of the release) to a recipient by a channel. */
export function deliveryId(key: string, digest: string, release: string | undefined): string {
  return sha256(`${key}\n${digest}${release ? `\n${release}` : ""}`).slice(0, 40);
}

/** The status of a delivery, from the ledger's last line for it. */
function statusOf(
  last: LedgerLine | undefined,
  edition: EditionEntry,
  channel: "email" | "webhook",
  tag: string,
  o: PlanOptions,
): PlanStatus {
  if (o.resend || !last) return "due";
  if (last.v === 1) return last.inputHash === edition.inputHash && !o.notify ? "delivered" : "due";
  if (last.status === "rejected") return "rejected";
  if (last.status === "unknown") return channel === "email" ? "unknown" : "due";
  const same = last.digest === edition.readerDigest && (!o.notify || last.release === tag);
  return same ? "delivered" : "due";
}

const matches = (r: ResolvedRecipient, name: string): boolean => {
  const n = name.toLowerCase();
  return r.name.toLowerCase() === n || r.group?.toLowerCase() === n || r.email?.toLowerCase() === n;
};

/** Plan every delivery; a missing edition or a subject that fails is an error, an unknown `--only` name a usage error. */
export function planDeliveries(
  release: Release,
  distributions: readonly Distribution[],
  ledger: LedgerState,
  options: PlanOptions,
): Reported<Delivery[]> {
  const diagnostics: Diagnostic[] = [];
  const everyone = distributions.flatMap((d) => d.recipients);
  for (const name of options.only)
    if (!everyone.some((r) => matches(r, name)))
      diagnostics.push(
        diagnostic({
          rule: "distribute/unknown-recipient",
          at: { file: distributions[0]?.file ?? "content", line: 0, column: 0 },
          message: `--only "${name}" names no recipient, group or address`,
        }),
      );
  const deliveries: Delivery[] = [];
  for (const d of distributions) {
    for (const r of d.recipients) {
      if (options.only.length && !options.only.some((n) => matches(r, n))) continue;
      for (const audience of r.audiences) {
        const edition = release.manifest.editions.find((e) => e.brief === d.brief && e.audience === audience);
        if (!edition) {
          diagnostics.push(
            diagnostic({
              rule: "distribution/missing-edition",
              at: r.at,
              message: `${r.name} receives the ${audience} edition, which ${release.label} does not contain`,
            }),
          );
          continue;
        }
        const rendered = withStatus(d.subject(subjectContext(edition)), edition.status);
        if (!rendered.ok) {
          const message = `subject template failed for ${edition.name}: ${templateMessage(rendered.error)}`;
          diagnostics.push(diagnostic({ rule: "distribution/subject-template", at: d.subjectAt, message }));
          continue;
        }
        const channel = r.channel.kind;
        const key = deliveryKey({ recipient: r.key, channel, edition: edition.name });
        const last = ledger.get(key);
        const tag = release.manifest.tag;
        const status = r.suppressed ? "suppressed" : statusOf(last, edition, channel, tag, options);
        const attach = r.channel.kind === "email" && r.channel.attach === "pdf";
        deliveries.push({
          recipient: r,
          distribution: d,
          edition,
          channel,
          ...(attach ? { attachment: fileOf(edition, "pdf") } : {}),
          subject: rendered.subject,
          key,
          id: deliveryId(key, edition.readerDigest, options.notify ? tag : undefined),
          status,
          ...(last ? { last } : {}),
        });
      }
    }
  }
  return { value: deliveries, diagnostics };
}

/** Deliveries still to make. */
export function due(plan: readonly Delivery[]): Delivery[] {
  return plan.filter((d) => d.status === "due");
}
