import { diagnostic, type Diagnostic, type Reported } from "../diagnostics/index.js";
import type { FileEntry } from "../release/manifest.js";
import { deliveryKey, type LedgerEntry } from "./ledger.js";
import { templateMessage, type Distribution, type ResolvedRecipient } from "./load.js";
import { fileOf, type EditionEntry, type Release } from "./release.js";
import { subjectContext } from "./subject.js";

/**
 * The plan: every (recipient, edition) pair the distribution files ask
 * for, each marked due or already delivered (from the ledger). Pure: data
 * in, data out. `--only` narrows it; `--resend` marks everything due.
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
  /** The ledger key: recipient, edition input hash, channel. */
  readonly key: string;
  /** Already accepted by the server, per the ledger (and not `--resend`). */
  readonly delivered?: LedgerEntry;
}

/** What narrows or overrides the plan. */
export interface PlanOptions {
  /** Recipient names, group names or addresses (case-insensitive); empty means everyone. */
  readonly only: readonly string[];
  readonly resend: boolean;
}

const matches = (r: ResolvedRecipient, name: string): boolean => {
  const n = name.toLowerCase();
  return r.name.toLowerCase() === n || r.group?.toLowerCase() === n || r.email?.toLowerCase() === n;
};

/** Plan every delivery; a missing edition or a subject that fails is an error, an unknown `--only` name a usage error. */
export function planDeliveries(
  release: Release,
  distributions: readonly Distribution[],
  ledger: ReadonlyMap<string, LedgerEntry>,
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
        const rendered = d.subject(subjectContext(edition));
        if (!rendered.ok) {
          const message = `subject template failed for ${edition.name}: ${templateMessage(rendered.error)}`;
          diagnostics.push(diagnostic({ rule: "distribution/subject-template", at: d.subjectAt, message }));
          continue;
        }
        const channel = r.channel.kind;
        const key = deliveryKey({ recipient: r.key, inputHash: edition.inputHash, channel });
        const delivered = options.resend ? undefined : ledger.get(key);
        const attach = r.channel.kind === "email" && r.channel.attach === "pdf";
        deliveries.push({
          recipient: r,
          distribution: d,
          edition,
          channel,
          ...(attach ? { attachment: fileOf(edition, "pdf") } : {}),
          subject: rendered.subject,
          key,
          ...(delivered ? { delivered } : {}),
        });
      }
    }
  }
  return { value: deliveries, diagnostics };
}

/** Deliveries still to make. */
export function due(plan: readonly Delivery[]): Delivery[] {
  return plan.filter((d) => !d.delivered);
}
