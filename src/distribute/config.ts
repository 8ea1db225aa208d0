import { z } from "zod";
import { Id } from "../config/schemas.js";
import { hostProblem, WEBHOOK_TOKEN_PREFIX } from "./webhook-guard.js";

/**
 * `content/<brief>/distribution.yaml`: who gets which edition, and how.
 * The schema is the single source of truth (types are inferred from it);
 * every object is strict. No secret lives here: the SMTP server comes from
 * BRIEF_SMTP_URL, and a webhook names the environment variable holding
 * its token (`token_env`).
 */

/**
 * A plain address: local part, @, a domain with a dot. No spaces, angle
 * brackets, commas, quotes or line breaks (they would reach a header).
 */
const ADDRESS = /^[^\s@<>(),;:"[\]\\]+@[^\s@<>(),;:"[\]\\]+\.[^\s@<>(),;:"[\]\\.]{2,}$/u;

/** An e-mail address; a malformed one is reported under its own rule. */
export const Address = z.string().superRefine((s, ctx) => {
  if (!ADDRESS.test(s) || s.includes("..") || s.length > 254)
    ctx.addIssue({
      code: "custom",
      message: `"${s}" is not a valid e-mail address`,
      params: { rule: "distribution/bad-address" },
    });
});

/** A display name: one line, so it cannot inject a header. */
const Name = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[^\r\n]+$/, "must be one line");

/** An https URL; anything else is reported under `rule`. */
const httpsUrl = (rule: "distribution/insecure-webhook" | "distribution/invalid") =>
  z.string().superRefine((s, ctx) => {
    let url: URL | undefined;
    try {
      url = new URL(s);
    } catch {
      url = undefined;
    }
    if (!url || url.protocol !== "https:" || url.username || url.password)
      ctx.addIssue({
        code: "custom",
        message: `"${s}" is not an https:// URL${url?.username ? " without credentials" : ""}`,
        params: { rule },
      });
  });

/** The name of an environment variable (upper case, digits, underscores). */
const EnvName = z
  .string()
  .regex(/^[A-Z_][A-Z0-9_]*$/, "must be an environment variable name such as BRIEF_WEBHOOK_TOKEN");

const Audiences = z.array(Id).min(1);
const Note = z.string().min(1).max(4000);
/** `link` sends links only; `pdf` attaches the edition's PDF too. */
const Attach = z.enum(["pdf", "link"]).default("link");

/** An https URL to a public host (webhook-guard.ts says which hosts are not). */
const WebhookUrl = httpsUrl("distribution/insecure-webhook").superRefine((s, ctx) => {
  const url = URL.canParse(s) ? new URL(s) : undefined;
  const host = url?.protocol === "https:" ? url.hostname : "";
  const problem = host ? hostProblem(host) : undefined;
  if (problem)
    ctx.addIssue({
      code: "custom",
      message: `webhook "${s}" must reach a public internet host: ${problem}`,
      params: { rule: "distribution/webhook-host" },
    });
});

/** A token variable: only BRIEF_WEBHOOK_…, so no other secret can be named. */
const TokenEnv = EnvName.superRefine((s, ctx) => {
  if (/^[A-Z_][A-Z0-9_]*$/u.test(s) && (!s.startsWith(WEBHOOK_TOKEN_PREFIX) || s === WEBHOOK_TOKEN_PREFIX))
    ctx.addIssue({
      code: "custom",
      message: `token_env "${s}" must start with ${WEBHOOK_TOKEN_PREFIX} (a variable made for this webhook's token, never another secret)`,
      params: { rule: "distribution/webhook-token-env" },
    });
});

/** A host name as written in `allowed_hosts` (lower case, no scheme, port or path). */
const HostName = z
  .string()
  .regex(
    /^[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)+$/u,
    "must be a host name such as hooks.slack.com",
  );

/** Where a webhook posts, and where its token comes from. */
export const Webhook = z
  .object({
    url: WebhookUrl,
    /** Environment variable holding the token (BRIEF_WEBHOOK_…); absent for a URL that needs none. */
    token_env: TokenEnv.optional(),
    /** `bearer`: `Authorization: Bearer <token>`; `path`: the token is appended to the URL as its last path segments (Slack, Teams). */
    token_in: z.enum(["bearer", "path"]).default("bearer"),
  })
  .strict();
export type Webhook = z.infer<typeof Webhook>;

const EmailRecipient = z
  .object({
    name: Name,
    email: Address,
    audiences: Audiences,
    channel: z.literal("email"),
    attach: Attach,
    note: Note.optional(),
  })
  .strict();

const WebhookRecipient = z
  .object({
    name: Name,
    /** A contact address for the channel's owner; not mailed. */
    email: Address.optional(),
    audiences: Audiences,
    channel: z.literal("webhook"),
    webhook: Webhook,
    note: Note.optional(),
  })
  .strict();

/** One recipient; `channel` defaults to `email`. */
export const Recipient = z.preprocess(
  (v) => (v && typeof v === "object" && !Array.isArray(v) && !("channel" in v) ? { ...v, channel: "email" } : v),
  z.discriminatedUnion("channel", [EmailRecipient, WebhookRecipient]),
);
export type Recipient = z.infer<typeof Recipient>;

/** A member of a group: the group's audiences and attach, their own name, address and note. */
const Member = z.object({ name: Name, email: Address, note: Note.optional() }).strict();

/** A list of people who receive the same audiences by e-mail. */
export const Group = z
  .object({
    name: Name,
    audiences: Audiences,
    attach: Attach,
    /** The note every member gets unless they have their own. */
    note: Note.optional(),
    members: z.array(Member).min(1),
  })
  .strict();
export type Group = z.infer<typeof Group>;

/** The default subject. */
export const DEFAULT_SUBJECT = "{{brief.title}} — {{audience.label}} edition";

/** `distribution.yaml`. */
export const DistributionFile = z
  .object({
    sender: z.object({ name: Name, email: Address }).strict(),
    reply_to: Address.optional(),
    /** Handlebars (strict): brief.title, brief.id, audience.label, audience.edition, audience.name, edition.name, edition.date, edition.information_as_of. */
    subject: z.string().min(1).max(400).default(DEFAULT_SUBJECT),
    /**
     * The root of the published site (GitHub Pages), e.g. https://owner.github.io/repo/. Each
     * release lives under `<base_url><tag>/`, and every link in a message or the feed points there.
     */
    base_url: httpsUrl("distribution/invalid"),
    /** When present, the only hosts a webhook may post to (exact host names, e.g. hooks.slack.com). */
    allowed_hosts: z.array(HostName).optional(),
    recipients: z.array(Recipient).default([]),
    groups: z.array(Group).default([]),
    /** Addresses, recipient names or group names never to send to (unsubscribed, bounced); reported, not sent. */
    suppress: z.array(z.string().min(1).max(254)).default([]),
    /**
     * An HTTPS endpoint the unit runs for one-click unsubscribe (RFC 8058): messages carry it in
     * List-Unsubscribe (with `list` and `recipient` in its query) and List-Unsubscribe-Post.
     */
    unsubscribe_url: httpsUrl("distribution/invalid").optional(),
  })
  .strict();
export type DistributionFile = z.infer<typeof DistributionFile>;
