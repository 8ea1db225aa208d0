import { diagnostic, fileLocation, type Diagnostic } from "../diagnostics/index.js";
import type { DeliveryResult } from "./deliver.js";
import type { Distribution } from "./load.js";
import type { Delivery } from "./plan.js";

/**
 * Turning delivery outcomes into diagnostics, so every run says what went
 * wrong and what was held back: this run's failures, refusals and unknown
 * outcomes; earlier refusals and unknown e-mails that are not retried;
 * and a base_url that is not where the site is published.
 */

const what = (d: Delivery): string => `${d.edition.name} to ${d.recipient.name} by ${d.channel}`;

/** This run's failures (retried next run), refusals (recorded, not retried) and unknown outcomes. */
export function outcomeDiagnostics(results: readonly DeliveryResult[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const r of results) {
    const d = r.delivery;
    const tries = r.attempts > 1 ? ` after ${r.attempts} attempts` : "";
    if (r.status === "failed")
      out.push(
        diagnostic({
          rule: "delivery/failed",
          at: d.recipient.at,
          message: `${what(d)} failed${tries}: ${r.detail}; the next run tries again`,
        }),
      );
    else if (r.status === "rejected")
      out.push(
        diagnostic({
          rule: "delivery/failed",
          at: d.recipient.at,
          message: `${what(d)} was refused for good: ${r.detail}; recorded, and not tried again unless you run with --resend`,
        }),
      );
    else if (r.status === "unknown")
      out.push(diagnostic({ rule: "delivery/unknown", at: d.recipient.at, message: `${what(d)}: ${r.detail}` }));
  }
  return out;
}

/** Deliveries held back by an earlier outcome: a refusal, or an e-mail whose outcome is unknown. */
export function earlierOutcomes(plan: readonly Delivery[]): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const d of plan) {
    const last = d.last?.v === 2 ? d.last : undefined;
    if (!last) continue;
    const when = last.at.slice(0, 10);
    if (d.status === "rejected")
      out.push(
        diagnostic({
          rule: "delivery/rejected",
          at: d.recipient.at,
          message: `${what(d)} not sent: refused for good on ${when} (${last.response ?? "no reply recorded"})`,
        }),
      );
    else if (d.status === "unknown")
      out.push(
        diagnostic({
          rule: "delivery/unknown",
          at: d.recipient.at,
          message: `${what(d)} not sent again: the connection was lost after it was sent on ${when}, so it may have arrived`,
        }),
      );
  }
  return out;
}

/**
 * While sending: every recipient of this release not being reached, one
 * error each, until an operator clears it (`--resend`, `--mark-delivered`
 * or `suppress:`). Refused or unknown before this run, or in it.
 */
export function unreachedDiagnostics(
  plan: readonly Delivery[],
  results: ReadonlyMap<Delivery, DeliveryResult>,
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const d of plan) {
    const now = results.get(d)?.status;
    const state = now === "rejected" || now === "unknown" ? now : now ? undefined : d.status;
    if (state !== "rejected" && state !== "unknown") continue;
    const address = d.recipient.email ?? d.recipient.key;
    const clear =
      state === "rejected"
        ? `once the address is fixed, run --send --resend --only ${address}; or list it under suppress:`
        : `if it arrived, run --mark-delivered --only ${address}; if not, --send --resend --only ${address}`;
    const why = state === "rejected" ? "refused for good" : "outcome unknown";
    out.push(
      diagnostic({
        rule: "delivery/unreached",
        at: d.recipient.at,
        message: `${what(d)} is not being reached (${why}): ${clear}`,
      }),
    );
  }
  return out;
}

/** Every base_url must be where the site is published, or every link would be dead. */
export function baseUrlProblems(distributions: readonly Distribution[], publishedAt: string | undefined): Diagnostic[] {
  if (!publishedAt) return [];
  const norm = (u: string): string => u.replace(/\/*$/, "/");
  return distributions
    .filter((d) => norm(d.config.base_url) !== norm(publishedAt))
    .map((d) =>
      diagnostic({
        rule: "distribute/base-url",
        at: fileLocation(d.file),
        message: `base_url ${d.config.base_url} is not where the site is published (${norm(publishedAt)}); every link would be dead, so nothing was sent`,
      }),
    );
}
