import path from "node:path";
import type { Delivery } from "./plan.js";
import { htmlBody, textBody, type Summary } from "./message.js";
import { SENT_IN_FULL } from "./smtp-classify.js";

export { classifySmtp, SENT_IN_FULL } from "./smtp-classify.js";

/**
 * E-mail through nodemailer: the server from BRIEF_SMTP_URL, one pooled
 * transport with bounded connections, a Message-ID made from the delivery
 * id (the same delivery sent again is recognisably the same message),
 * `List-Id` and `List-Unsubscribe` headers, and the PDF streamed from disk
 * by path. A connection lost after the message was sent, before the server
 * answered (a lost "250 OK"), is reported as "unknown" and not sent again.
 * Over `smtp://` the connection must be upgraded with STARTTLS before the
 * login (cleartext only with BRIEF_SMTP_ALLOW_CLEARTEXT=1, for a local
 * test server).
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

/** How the mailer may connect. */
export interface MailerOptions {
  /** Allow an `smtp://` session without STARTTLS (BRIEF_SMTP_ALLOW_CLEARTEXT=1: local test servers only). */
  readonly allowCleartext?: boolean;
}

/** Makes the mailer for a server URL and a connection limit. */
export type MailerFactory = (url: URL, connections: number, options?: MailerOptions) => Promise<Mailer>;

/** Whether BRIEF_SMTP_ALLOW_CLEARTEXT=1 allows an smtp:// session without TLS (for a local test server). */
export function cleartextAllowed(env: NodeJS.ProcessEnv): boolean {
  return env.BRIEF_SMTP_ALLOW_CLEARTEXT === "1";
}

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
 * be acted on with one line under `suppress:`. With `unsubscribeUrl`
 * (distribution.yaml's `unsubscribe_url`), an HTTPS one-click link comes
 * first, with `List-Unsubscribe-Post` (RFC 8058).
 */
export function listHeaders(
  brief: string,
  replyTo: string,
  recipient: string,
  unsubscribeUrl?: string,
): Record<string, string> {
  const domain = replyTo.split("@")[1] ?? "localhost";
  const subject = encodeURIComponent(`unsubscribe ${recipient}`);
  const mailto = `<mailto:${replyTo}?subject=${subject}>`;
  const headers = { "List-Id": `${brief} editions <${brief}.editions.${domain}>` };
  if (!unsubscribeUrl) return { ...headers, "List-Unsubscribe": mailto };
  return {
    ...headers,
    "List-Unsubscribe": `<${oneClickUrl(unsubscribeUrl, brief, recipient)}>, ${mailto}`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  };
}

/**
 * The one-click unsubscribe URL for a recipient (RFC 8058): the brief's
 * `unsubscribe_url` with `list` (the brief) and `recipient` (the address)
 * added to its query, so the endpoint knows whom to suppress.
 */
export function oneClickUrl(base: string, brief: string, recipient: string): string {
  const url = new URL(base);
  url.searchParams.set("list", brief);
  url.searchParams.set("recipient", recipient);
  return url.toString();
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
      ...listHeaders(d.distribution.brief, config.reply_to ?? config.sender.email, address, config.unsubscribe_url),
      "X-Brief-Edition": d.edition.name,
      "X-Brief-Release": s.release,
      "X-Brief-Reader-Digest": d.edition.readerDigest,
    },
    attachments,
  };
}

/** The real mailer: a pooled nodemailer SMTP transport. */
export const nodemailerMailer: MailerFactory = async (url, connections, options = {}) => {
  const nodemailer = (await import("nodemailer")).default;
  const transport = nodemailer.createTransport({
    pool: true,
    host: url.hostname,
    port: url.port ? Number(url.port) : url.protocol === "smtps:" ? 465 : 587,
    secure: url.protocol === "smtps:",
    requireTLS: url.protocol === "smtp:" && !options.allowCleartext,
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
