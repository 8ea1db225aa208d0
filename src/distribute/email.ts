import { createHash } from "node:crypto";
import path from "node:path";
import type { Delivery } from "./plan.js";
import { htmlBody, textBody, type Summary } from "./message.js";
import type { Failure } from "./retry.js";

/**
 * E-mail through nodemailer: the server from BRIEF_SMTP_URL, one pooled
 * transport with bounded connections, a Message-ID derived from the
 * recipient and the edition's input hash (so a message sent again is
 * recognisably the same message), and the PDF streamed from disk by
 * path. `Mailer` is the seam: tests may wrap it; the real one is
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
  return url;
}

/** `<hash@sender-domain>` from the recipient's identity and the edition's input hash. */
export function messageIdOf(recipientKey: string, inputHash: string, senderAddress: string): string {
  const hash = createHash("sha256").update(`${recipientKey}\n${inputHash}`).digest("hex").slice(0, 40);
  const domain = senderAddress.split("@")[1] ?? "localhost";
  return `<${hash}.brief@${domain}>`;
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
    messageId: messageIdOf(d.recipient.key, d.edition.inputHash, config.sender.email),
    headers: { "X-Brief-Edition": d.edition.name, "X-Brief-Input-Hash": d.edition.inputHash },
    attachments,
  };
}

const DROPPED = new Set(["ECONNECTION", "ESOCKET", "ETIMEDOUT", "ECONNRESET", "EPIPE", "ECONNREFUSED", "EDNS"]);

/** SMTP 4xx and a dropped connection are temporary; 5xx and anything else permanent. */
export function classifySmtp(error: unknown): Failure {
  const e = error as { responseCode?: unknown; code?: unknown; response?: unknown; message?: unknown };
  const code = typeof e.responseCode === "number" ? e.responseCode : undefined;
  const reason = firstLine(typeof e.response === "string" ? e.response : String(e.message ?? error));
  if (code !== undefined) return { temporary: code >= 400 && code < 500, reason };
  return { temporary: typeof e.code === "string" && DROPPED.has(e.code), reason };
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
  return {
    send: async (m) => {
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
    },
    close: () => transport.close(),
  };
};
