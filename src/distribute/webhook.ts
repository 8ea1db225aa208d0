import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { isIP } from "node:net";
import type { Webhook } from "./config.js";
import { parseRetryAfter, type Failure } from "./retry.js";
import { addressSeam, BlockedAddressError, guardedLookup, type AddressSeam } from "./webhook-guard.js";

/**
 * Webhook delivery: a JSON POST, the shape Slack- and Teams-style incoming
 * webhooks accept (`text`, plus the summary as fields). The token comes
 * from the environment variable the file names, as a bearer header or as
 * the URL's last path segments. Redirects are not followed (a redirect
 * could carry the token elsewhere). Every request carries an
 * `Idempotency-Key` (the delivery id, the same on every try and in every
 * run), so a receiver can drop a repeat: a request that got no answer in
 * time may have arrived, so its outcome is "unknown", and it is tried again
 * with the same key. `Poster` is the seam; the real one uses node:https and
 * reaches public addresses only (webhook-guard.ts).
 */

/** A request to send. */
export interface WebhookRequest {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** What the server answered. */
export interface WebhookResponse {
  readonly status: number;
  readonly retryAfter: string | null;
  readonly text: string;
}

/** Posts one request. Rejects only when no answer came (a dropped connection, a time-out). */
export type Poster = (request: WebhookRequest) => Promise<WebhookResponse>;

/** How long a webhook may take to answer. */
export const TIMEOUT_MS = 30_000;

/**
 * A poster over node:https that connects only to addresses `policy`
 * allows: the host name is resolved by the connection's own guarded lookup
 * (a literal address is checked directly), no redirects are followed, and
 * the request has a time limit. A refused address is a `BlockedAddressError`.
 */
export function httpsPoster({ policy, resolve: dnsResolve }: AddressSeam): Poster {
  const lookup = guardedLookup(policy, dnsResolve);
  return (r) =>
    new Promise<WebhookResponse>((resolve, reject) => {
      const url = new URL(r.url);
      const host = url.hostname.replace(/^\[|\]$/gu, "");
      if (isIP(host) && !policy(host)) return reject(new BlockedAddressError(host, host));
      const send = url.protocol === "http:" ? httpRequest : httpsRequest;
      const body = Buffer.from(r.body, "utf8");
      const req = send(
        url,
        {
          method: "POST",
          headers: { ...r.headers, "content-length": String(body.length) },
          lookup,
          signal: AbortSignal.timeout(TIMEOUT_MS),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on("data", (c: Buffer) => chunks.push(c));
          res.on("error", reject);
          res.on("end", () => {
            const retryAfter = res.headers["retry-after"];
            resolve({
              status: res.statusCode ?? 0,
              retryAfter: typeof retryAfter === "string" ? retryAfter : null,
              text: Buffer.concat(chunks).toString("utf8").slice(0, 300),
            });
          });
        },
      );
      req.on("error", reject);
      req.end(body);
    });
}

/** The real poster: public addresses only (webhook-guard.ts `addressSeam`, read at each request). */
export const fetchPoster: Poster = (r) => httpsPoster(addressSeam())(r);

/** The request for a webhook and payload; the token is read from `env` (checked to exist beforehand). */
export function webhookRequest(
  hook: Webhook,
  payload: unknown,
  env: NodeJS.ProcessEnv,
  idempotencyKey: string,
): WebhookRequest {
  const token = hook.token_env ? (env[hook.token_env] ?? "") : "";
  const headers: Record<string, string> = {
    "content-type": "application/json; charset=utf-8",
    "idempotency-key": idempotencyKey,
  };
  let url = hook.url;
  if (token && hook.token_in === "bearer") headers.authorization = `Bearer ${token}`;
  if (token && hook.token_in === "path") url = `${hook.url.replace(/\/+$/, "")}/${token.replace(/^\/+/, "")}`;
  return { url, headers, body: JSON.stringify(payload) };
}

/** An error for a response that is not a success, carrying what it means for retrying. */
export class WebhookError extends Error {
  constructor(readonly failure: Failure) {
    super(failure.reason);
    this.name = "WebhookError";
  }
}

/** Post and resolve on 2xx; otherwise reject with a `WebhookError` saying whether to retry. */
export async function postWebhook(post: Poster, request: WebhookRequest, now: () => Date): Promise<string> {
  let res: WebhookResponse;
  try {
    res = await post(request);
  } catch (cause) {
    if (cause instanceof BlockedAddressError) throw new WebhookError({ temporary: false, reason: cause.message });
    const name = (cause as Error).name;
    if (name === "TimeoutError" || name === "AbortError")
      throw new WebhookError({
        temporary: true,
        outcome: "unknown",
        reason: `no answer within ${TIMEOUT_MS / 1000} s; it may have arrived (tried again with the same Idempotency-Key)`,
      });
    throw new WebhookError({ temporary: true, reason: `no answer: ${(cause as Error).message}` });
  }
  if (res.status >= 200 && res.status < 300) return `HTTP ${res.status}`;
  const temporary = res.status === 429 || res.status >= 500;
  const retryAfterMs = temporary ? parseRetryAfter(res.retryAfter, now()) : undefined;
  const reason = `HTTP ${res.status}${res.text ? `: ${res.text.split("\n")[0] ?? ""}` : ""}`;
  throw new WebhookError({ temporary, reason, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
}

/** What a rejection from `postWebhook` means. */
export function classifyWebhook(error: unknown): Failure {
  return error instanceof WebhookError ? error.failure : { temporary: false, reason: String(error) };
}
