import type { Failure } from "./retry.js";

/**
 * What an SMTP failure means depends on where in the session it happened.
 * Only a refusal of the recipient (a 5xx to RCPT TO, or to DATA: each
 * message here has one recipient) is that recipient's: it is recorded as
 * `rejected`. A failure before that (the connection, TLS, the greeting,
 * EHLO, STARTTLS, the login, the sender address) says nothing about the
 * recipient: it is the session's, every message would meet it, so it
 * stops the run (`session`), and nobody is recorded as refusing mail. A
 * 4xx is temporary wherever it comes from; a connection lost after the
 * whole message was sent is `unknown`.
 */

/** Where in an SMTP session a failure happened. */
export type SmtpStage =
  "connect" | "TLS" | "greeting" | "EHLO" | "STARTTLS" | "AUTH" | "MAIL FROM" | "RCPT TO" | "DATA";

/** Stages before the recipient is named: a failure there is the session's, not the recipient's. */
const SESSION_STAGES: ReadonlySet<SmtpStage> = new Set([
  "connect",
  "TLS",
  "greeting",
  "EHLO",
  "STARTTLS",
  "AUTH",
  "MAIL FROM",
]);

/** What to fix when the session fails at a stage. */
export const STAGE_HINTS: Readonly<Record<SmtpStage, string>> = {
  connect: "check the host and port in BRIEF_SMTP_URL and that the mail server is up",
  TLS: "the TLS handshake failed: check that the port in BRIEF_SMTP_URL speaks TLS from the start (smtps://, usually 465) and that its certificate is valid",
  greeting:
    "the server turned the session away when it answered the connection: check the host and port in BRIEF_SMTP_URL, or wait if it said it is busy (4xx)",
  EHLO: "the server refused EHLO: check that BRIEF_SMTP_URL names an SMTP submission server",
  STARTTLS:
    "the server could not upgrade the connection with STARTTLS, and the login is never sent in cleartext: use a server that offers STARTTLS, or smtps:// (BRIEF_SMTP_ALLOW_CLEARTEXT=1 is only for a local test server)",
  AUTH: "the server refused the login: update the user name and password in BRIEF_SMTP_URL (the BRIEF_SMTP_URL secret in the workflow); an expired password looks like this",
  "MAIL FROM":
    "the server refused the sender address: set sender.email in distribution.yaml to an address the mail account may send as",
  "RCPT TO": "the server refused the recipient's address",
  DATA: "the server refused the message",
};

/** Error fields nodemailer sets. */
interface SmtpError {
  readonly responseCode?: unknown;
  readonly code?: unknown;
  readonly command?: unknown;
  readonly response?: unknown;
  readonly message?: unknown;
}

/** The stage of a nodemailer error, from the command it failed on. */
export function stageOf(error: unknown): SmtpStage | undefined {
  const e = (error ?? {}) as SmtpError;
  const command = typeof e.command === "string" ? e.command : "";
  if (command === "CONN") {
    if (e.code === "ETLS") return "TLS";
    return typeof e.responseCode === "number" ? "greeting" : "connect";
  }
  if (command === "EHLO" || command === "HELO" || command === "LHLO") return "EHLO";
  if (command === "STARTTLS") return "STARTTLS";
  if (command.startsWith("AUTH") || e.code === "EAUTH") return "AUTH";
  if (command === "MAIL FROM" || command === "RCPT TO" || command === "DATA") return command;
  return undefined;
}

const DROPPED = new Set(["ECONNECTION", "ESOCKET", "ETIMEDOUT", "ECONNRESET", "EPIPE", "ECONNREFUSED", "EDNS"]);

/** Set on an error from `Mailer.send` when the message had been handed to the server in full. */
export const SENT_IN_FULL = "briefSentInFull";

function firstLine(s: string): string {
  return (s.split("\n")[0] ?? s).trim().slice(0, 300);
}

/**
 * Classify a failed send. RCPT TO and DATA: a 5xx is the recipient's
 * refusal (recorded, not retried), a 4xx temporary. Before RCPT TO: the
 * failure is the session's (`session` names the stage), temporary for a
 * 4xx or a connection refused or dropped, permanent otherwise, and never
 * a refusal. A connection lost after the whole message was sent is
 * "unknown" (it may have arrived: not retried).
 */
export function classifySmtp(error: unknown): Failure {
  const e = (error ?? {}) as SmtpError;
  const code = typeof e.responseCode === "number" ? e.responseCode : undefined;
  const reason = firstLine(typeof e.response === "string" ? e.response : String(e.message ?? error));
  const stage = stageOf(error);
  const dropped = typeof e.code === "string" && DROPPED.has(e.code);
  if (code === undefined && (error as Record<string, unknown> | null)?.[SENT_IN_FULL] === true)
    return {
      temporary: false,
      outcome: "unknown",
      reason: `no answer after the message was sent (${reason}); it may have arrived, so it is not sent again`,
    };
  if (stage && SESSION_STAGES.has(stage)) {
    const temporary = code !== undefined ? code >= 400 && code < 500 : stage === "connect" && dropped;
    return { temporary, reason, session: stage };
  }
  if (code !== undefined)
    return code >= 500 ? { temporary: false, outcome: "rejected", reason } : { temporary: code >= 400, reason };
  return { temporary: dropped, reason };
}
