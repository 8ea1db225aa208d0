import type { SmtpStage } from "./smtp-classify.js";

/**
 * Retrying temporary failures with bounded exponential backoff. Each
 * attempt either succeeds, fails for good (permanent: SMTP 5xx, webhook
 * 4xx, an e-mail whose connection dropped after it was sent) or fails for
 * now (temporary: SMTP 4xx, a connection refused or dropped before the
 * message went, webhook 5xx or 429, a webhook time-out, which is retried
 * with the same Idempotency-Key). A temporary failure waits base·2ⁿ (half of it
 * jittered), never more than the cap, or the server's Retry-After when it
 * gives one, up to its own cap; after the last attempt it counts as failed.
 * Time is a seam (`Clock`), so tests run without waiting.
 */

/** Time, as the retry loop sees it; tests pass one that does not wait. */
export interface Clock {
  now(): Date;
  sleep(ms: number): Promise<void>;
  /** In [0, 1), for jitter. */
  random(): number;
}

/** The real clock. */
export const SYSTEM_CLOCK: Clock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  random: () => Math.random(),
};

/** How hard to try. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly attempts: number;
  readonly baseMs: number;
  readonly capMs: number;
  /** The longest Retry-After honoured; a longer one is cut to this. */
  readonly retryAfterCapMs: number;
}

/** Five attempts over about a minute; Retry-After up to two minutes. */
export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, baseMs: 2000, capMs: 30_000, retryAfterCapMs: 120_000 };

/** What one failed attempt means. */
export interface Failure {
  /** Worth trying again now (within this run). */
  readonly temporary: boolean;
  /**
   * Kept in the ledger: `rejected`, refused for good by the server (an SMTP
   * 5xx; later runs do not try again without --resend); `unknown`, no answer
   * after the request was sent (it may have arrived).
   */
  readonly outcome?: "rejected" | "unknown";
  /**
   * The failure is the SMTP session's, not the recipient's (named by its
   * stage: connect, TLS, greeting, EHLO, STARTTLS, AUTH, MAIL FROM): every
   * other message would meet it too, so the run stops and nobody is
   * recorded as refusing mail.
   */
  readonly session?: SmtpStage;
  /** What the server said, for the summary. */
  readonly reason: string;
  /** The server's Retry-After, in ms, when it gave one. */
  readonly retryAfterMs?: number;
}

/** The result of trying. */
export type Attempted<T> =
  | { readonly ok: true; readonly value: T; readonly attempts: number; readonly failures: readonly Failure[] }
  | { readonly ok: false; readonly attempts: number; readonly failures: readonly Failure[]; readonly last: Failure };

/** How long to wait before attempt `n + 1` (n ≥ 1 attempts made). */
export function backoffMs(n: number, failure: Failure, policy: RetryPolicy, random: number): number {
  if (failure.retryAfterMs !== undefined) return Math.min(Math.max(0, failure.retryAfterMs), policy.retryAfterCapMs);
  const full = Math.min(policy.capMs, policy.baseMs * 2 ** (n - 1));
  return Math.round(full / 2 + (full / 2) * random);
}

/**
 * Run `attempt` until it succeeds, fails permanently, or the attempts run
 * out. `attempt` resolves to a value or rejects; `classify` says what a
 * rejection means.
 */
export async function withRetry<T>(
  attempt: () => Promise<T>,
  classify: (error: unknown) => Failure,
  policy: RetryPolicy,
  clock: Clock,
): Promise<Attempted<T>> {
  const failures: Failure[] = [];
  for (let n = 1; ; n++) {
    try {
      return { ok: true, value: await attempt(), attempts: n, failures };
    } catch (error) {
      const failure = classify(error);
      failures.push(failure);
      if (!failure.temporary || n >= policy.attempts) return { ok: false, attempts: n, failures, last: failure };
      await clock.sleep(backoffMs(n, failure, policy, clock.random()));
    }
  }
}

/** Retry-After (seconds or an HTTP date) in ms from `now`, or undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null | undefined, now: Date): number | undefined {
  if (value === null || value === undefined || value.trim() === "") return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now.getTime());
}
