import path from "node:path";
import type { Delivery } from "./plan.js";
import { htmlBody, textBody, type Summary } from "./message.js";
import type { Failure } from "./retry.js";

/**
 * E-mail through nodemailer: the server from BRIEF_SMTP_URL, one pooled
 * transport with bounded connections, a Message-ID made from the delivery
 * id (the same delivery sent again is recognisably the same message),
 * `List-Id` and `List-Unsubscribe` headers, and the PDF streamed from disk
 * by path. A connection lost after the message was sent, before the server
 * answered (a lost "250 OK"), is reported as "unknown" and not sent again.
 * `Mailer` is the seam: tests may wrap it; the real one is
 * `nodemailerMailer`.
 */

/** One message, ready for the transport. */
export interface OutgoingMail {
  readonly from: { readonly name: string; readonly address: string };
  readonly to: { readonly name: string; readonly address: string };
  readonly replyTo?: string;
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly messageId: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Absolute paths, streamed by the transport. */
  readonly attachments: readonly { readonly filename: string; readonly path: string; readonly contentType: string }[];
}

/** Sends mail; resolves with the server's reply once it has accepted the message. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<{ readonly response: string }>;
  close(): void;
}

/** Makes the mailer for a server URL and a connection limit. */
export type MailerFactory = (url: URL, connections: number) => Promise<Mailer>;

/** BRIEF_SMTP_URL as a URL, or why it is not usable. */
export function smtpUrl(env: NodeJS.ProcessEnv): URL | string {
  const raw = env.BRIEF_SMTP_URL;
  if (!raw) return "BRIEF_SMTP_URL is not set";
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return "BRIEF_SMTP_URL is not a URL";
  }
  if (url.protocol !== "smtp:" && url.protocol !== "smtps:")
    return `BRIEF_SMTP_URL must start with smtp:// or smtps://, not ${url.protocol}//`;
  if (!url.hostname) return "BRIEF_SMTP_URL has no host";
  try {
    decodeURIComponent(url.username);
    decodeURIComponent(url.password);
  } catch {
    return "BRIEF_SMTP_URL has a malformed percent escape in its user name or password (write % as %25)";
  }
  return url;
}

/** `<delivery-id.brief@sender-domain>`: one delivery, one Message-ID, however often it is tried. */
export function messageIdOf(deliveryId: string, senderAddress: string): string {
  const domain = senderAddress.split("@")[1] ?? "localhost";
  return `<${deliveryId}.brief@${domain}>`;
}

/**
 * The list headers: `List-Id` names the brief's mailing (RFC 2919), and
 * `List-Unsubscribe` is a mailto: to the reply-to address (else the
 * sender) whose subject names the recipient (RFC 2369), so a reply can
 * be acted on with one line under `suppress:`.
 */
export function listHeaders(brief: string, replyTo: string, recipient: string): Record<string, string> {
  const domain = replyTo.split("@")[1] ?? "localhost";
  const subject = encodeURIComponent(`unsubscribe ${recipient}`);
  return {
    "List-Id": `${brief} editions <${brief}.editions.${domain}>`,
    "List-Unsubscribe": `<mailto:${replyTo}?subject=${subject}>`,
  };
}

/** The message for one e-mail delivery. */
export function composeMail(d: Delivery, s: Summary, releaseDir: string): OutgoingMail {
  const { config } = d.distribution;
  const address = d.recipient.email ?? "";
  const attachments = d.attachment
    ? [
        {
          filename: s.pdf.name,
          path: path.join(releaseDir, ...d.attachment.path.split("/")),
          contentType: "application/pdf",
        },
      ]
    : [];
  return {
    from: { name: config.sender.name, address: config.sender.email },
    to: { name: d.recipient.name, address },
    ...(config.reply_to ? { replyTo: config.reply_to } : {}),
    subject: s.subject,
    text: textBody(s),
    html: htmlBody(s),
    messageId: messageIdOf(d.id, config.sender.email),
    headers: {
      ...listHeaders(d.distribution.brief, config.reply_to ?? config.sender.email, address),
      "X-Brief-Edition": d.edition.name,
      "X-Brief-Release": s.release,
      "X-Brief-Reader-Digest": d.edition.readerDigest,
    },
    attachments,
  };
}

const DROPPED = new Set(["ECONNECTION", "ESOCKET", "ETIMEDOUT", "ECONNRESET", "EPIPE", "ECONNREFUSED", "EDNS"]);

/** Set on an error from `Mailer.send` when the message had been handed to the server in full. */
export const SENT_IN_FULL = "briefSentInFull";

/**
 * SMTP 4xx and a connection refused or dropped before the message went are
 * temporary; a 5xx is a rejection (recorded, not retried); a connection
 * lost after the whole message was sent is "unknown" (it may have arrived:
 * not retried); anything else is permanent.
 */
export function classifySmtp(error: unknown): Failure {
  const e = error as {
    responseCode?: unknown;
    code?: unknown;
    command?: unknown;
    response?: unknown;
    message?: unknown;
  };
  const code = typeof e.responseCode === "number" ? e.responseCode : undefined;
  const reason = firstLine(typeof e.response === "string" ? e.response : String(e.message ?? error));
  if (code !== undefined)
    return code >= 500 ? { temporary: false, outcome: "rejected", reason } : { temporary: code >= 400, reason };
  if ((error as Record<string, unknown>)[SENT_IN_FULL] === true)
    return {
      temporary: false,
      outcome: "unknown",
      reason: `no answer after the message was sent (${reason}); it may have arrived, so it is not sent again`,
    };
  const dropped = typeof e.code === "string" && DROPPED.has(e.code);
  const refused = e.command === "CONN" && (e.code === "ESOCKET" || e.code === "EDNS" || e.code === "ECONNREFUSED");
  return { temporary: dropped, reason, ...(refused ? { unreachable: true } : {}) };
}

function firstLine(s: string): string {
  return (s.split("\n")[0] ?? s).trim().slice(0, 300);
}

/** The real mailer: a pooled nodemailer SMTP transport. */
export const nodemailerMailer: MailerFactory = async (url, connections) => {
  const nodemailer = (await import("nodemailer")).default;
  const transport = nodemailer.createTransport({
    pool: true,
    host: url.hostname,
    port: url.port ? Number(url.port) : url.protocol === "smtps:" ? 465 : 587,
    secure: url.protocol === "smtps:",
    ...(url.username
      ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }
      : {}),
    maxConnections: connections,
    maxMessages: 100,
    connectionTimeout: 30_000,
    greetingTimeout: 30_000,
    socketTimeout: 60_000,
    disableUrlAccess: true,
  });
  // The message stream ends when the connection has read all of it, which is after the server said
  // "go ahead" (354) to DATA: from then on, a lost connection may have delivered it.
  const inFull = new Set<string>();
  transport.use("stream", (mail, done) => {
    const id = String(mail.data.messageId ?? "");
    mail.message.processFunc((input) => input.once("end", () => inFull.add(id)));
    done();
  });
  return {
    send: async (m) => {
      try {
        const info = await transport.sendMail({
          from: m.from,
          to: m.to,
          ...(m.replyTo ? { replyTo: m.replyTo } : {}),
          subject: m.subject,
          text: m.text,
          html: m.html,
          messageId: m.messageId,
          headers: { ...m.headers },
          attachments: m.attachments.map((a) => ({ ...a })),
        });
        return { response: info.response };
      } catch (e) {
        if (inFull.has(m.messageId) && e instanceof Error) Object.assign(e, { [SENT_IN_FULL]: true });
        throw e;
      } finally {
        inFull.delete(m.messageId);
      }
    },
    close: () => transport.close(),
  };
};
