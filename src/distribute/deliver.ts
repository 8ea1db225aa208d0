import { composeMail, classifySmtp, type Mailer, type MailerFactory } from "./email.js";
import { STAGE_HINTS, type SmtpStage } from "./smtp-classify.js";
import type { LedgerWriter } from "./ledger.js";
import { summaryOf, webhookPayload } from "./message.js";
import type { Delivery } from "./plan.js";
import type { Release } from "./release.js";
import { withRetry, type Attempted, type Clock, type RetryPolicy } from "./retry.js";
import { classifyWebhook, postWebhook, webhookRequest, type Poster } from "./webhook.js";

/**
 * Sending: a bounded number of workers take deliveries in plan order;
 * each is tried with retries, and once its outcome is known to matter
 * (accepted, refused for good, or unknown after it was sent) the ledger
 * line is appended and fsynced before the worker moves on. A failed
 * recipient does not stop the others, with one exception: once the SMTP
 * session itself failed (the connection, TLS, the greeting, EHLO,
 * STARTTLS, the login or the sender address; after every retry for a
 * temporary failure), the e-mails not yet started are not tried and
 * nothing is recorded for any of them (the next run sends them): a mail
 * server that is down, or an expired password, costs one retry period and
 * silences nobody. If the ledger
 * itself cannot be written, sending stops: a delivery nobody recorded
 * would be sent again.
 */

/** The side effects of sending, as seams. */
export interface SendSeams {
  readonly mailer: MailerFactory;
  readonly poster: Poster;
  readonly clock: Clock;
  readonly retry: RetryPolicy;
}

/** What happened to one delivery. */
export interface DeliveryResult {
  readonly delivery: Delivery;
  /** sent; rejected (refused for good, recorded); unknown (no answer after sending, recorded); failed (retried next run). */
  readonly status: "sent" | "rejected" | "unknown" | "failed" | "not-tried";
  readonly attempts: number;
  /** Why it failed, or the server's reply when it was accepted. */
  readonly detail: string;
  /** Temporary failures it got past or gave up on, for the summary. */
  readonly retries: readonly string[];
}

/** What sending needs besides the deliveries. */
export interface SendContext {
  readonly release: Release;
  readonly ledger: LedgerWriter;
  /** The SMTP server; required when an e-mail is due. */
  readonly smtp?: URL;
  readonly env: NodeJS.ProcessEnv;
  readonly concurrency: number;
  /** An smtp:// session may stay in cleartext (BRIEF_SMTP_ALLOW_CLEARTEXT=1, local test servers only). */
  readonly allowCleartext?: boolean;
}

/** Why sending stopped early: the SMTP session failed at a stage before any recipient was named. */
export interface SessionStop {
  readonly stage: SmtpStage;
  /** The server's reply, or the error. */
  readonly reason: string;
  /** What to fix. */
  readonly hint: string;
}

/** Send every delivery; resolves when all are done (or sending had to stop). */
export async function sendAll(
  deliveries: readonly Delivery[],
  ctx: SendContext,
  seams: SendSeams,
): Promise<{ results: DeliveryResult[]; ledgerError?: Error; stopped?: SessionStop }> {
  const results = new Map<Delivery, DeliveryResult>();
  let mailer: Mailer | undefined;
  const needsMail = deliveries.some((d) => d.channel === "email");
  if (needsMail) {
    if (!ctx.smtp) throw new Error("sendAll: e-mail is due but no SMTP URL was given; check BRIEF_SMTP_URL first");
    mailer = await seams.mailer(ctx.smtp, ctx.concurrency, { allowCleartext: ctx.allowCleartext ?? false });
  }
  let ledgerError: Error | undefined;
  let stopped: SessionStop | undefined;
  const queue = [...deliveries];
  const worker = async (): Promise<void> => {
    for (let d = queue.shift(); d; d = queue.shift()) {
      if (ledgerError) break;
      if (d.channel === "email" && stopped) {
        const detail = `not tried: the SMTP session failed at ${stopped.stage} (${stopped.reason}); the next run sends it`;
        results.set(d, { delivery: d, status: "failed", attempts: 0, detail, retries: [] });
        continue;
      }
      const attempted = await attempt(d, ctx, seams, mailer);
      const session = d.channel === "email" && !attempted.ok ? attempted.last.session : undefined;
      if (session && !attempted.ok && !stopped)
        stopped = { stage: session, reason: attempted.last.reason, hint: STAGE_HINTS[session] };
      const result = resultOf(d, attempted);
      if (result.status === "sent" || result.status === "rejected" || result.status === "unknown") {
        try {
          await ctx.ledger.append({
            v: 2,
            recipient: d.recipient.key,
            channel: d.channel,
            edition: d.edition.name,
            digest: d.edition.readerDigest,
            release: ctx.release.manifest.tag,
            status: result.status,
            id: d.id,
            at: seams.clock.now().toISOString(),
            ...(attempted.ok && attempted.value.messageId ? { messageId: attempted.value.messageId } : {}),
            response: result.detail,
          });
        } catch (e) {
          ledgerError = e instanceof Error ? e : new Error(String(e));
        }
      }
      results.set(d, result);
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.max(1, ctx.concurrency) }, worker));
  } finally {
    mailer?.close();
  }
  const notTried = (d: Delivery): DeliveryResult => ({
    delivery: d,
    status: "not-tried",
    attempts: 0,
    detail: "not tried: the ledger could not be written",
    retries: [],
  });
  return {
    results: deliveries.map((d) => results.get(d) ?? notTried(d)),
    ...(ledgerError ? { ledgerError } : {}),
    ...(stopped ? { stopped } : {}),
  };
}

type Sent = { readonly response: string; readonly messageId?: string };

/** One delivery, with retries. */
function attempt(
  d: Delivery,
  ctx: SendContext,
  seams: SendSeams,
  mailer: Mailer | undefined,
): Promise<Attempted<Sent>> {
  const summary = summaryOf(d, ctx.release);
  if (d.channel === "email") {
    const mail = composeMail(d, summary, ctx.release.dir);
    const send = async (): Promise<Sent> => {
      if (!mailer) throw new Error("sendAll: no mailer");
      return { response: (await mailer.send(mail)).response, messageId: mail.messageId };
    };
    return withRetry(send, classifySmtp, seams.retry, seams.clock);
  }
  const hook = d.recipient.channel.kind === "webhook" ? d.recipient.channel.webhook : undefined;
  if (!hook) throw new Error(`delivery to ${d.recipient.name} is a webhook without a webhook`);
  const request = webhookRequest(hook, webhookPayload(summary), ctx.env, d.id);
  const post = async (): Promise<Sent> => ({
    response: await postWebhook(seams.poster, request, () => seams.clock.now()),
  });
  return withRetry(post, classifyWebhook, seams.retry, seams.clock);
}

function resultOf(d: Delivery, a: Attempted<Sent>): DeliveryResult {
  const retries = a.failures.map((f) => f.reason);
  if (a.ok) return { delivery: d, status: "sent", attempts: a.attempts, detail: a.value.response, retries };
  const status = a.last.outcome ?? "failed";
  return { delivery: d, status, attempts: a.attempts, detail: a.last.reason, retries };
}

/**
 * Record deliveries as sent without sending them (`--mark-delivered`): for
 * recipients known to have the edition already (confirmed by hand after an
 * unknown outcome, or migrated from another ledger).
 */
export async function markDelivered(
  deliveries: readonly Delivery[],
  ctx: SendContext,
  clock: Clock,
): Promise<{ results: DeliveryResult[]; ledgerError?: Error; stopped?: SessionStop }> {
  const results: DeliveryResult[] = [];
  for (const d of deliveries) {
    const detail = "recorded as delivered without sending (--mark-delivered)";
    try {
      await ctx.ledger.append({
        v: 2,
        recipient: d.recipient.key,
        channel: d.channel,
        edition: d.edition.name,
        digest: d.edition.readerDigest,
        release: ctx.release.manifest.tag,
        status: "sent",
        id: d.id,
        at: clock.now().toISOString(),
        response: detail,
      });
    } catch (e) {
      return { results, ledgerError: e instanceof Error ? e : new Error(String(e)) };
    }
    results.push({ delivery: d, status: "sent", attempts: 0, detail, retries: [] });
  }
  return { results };
}
