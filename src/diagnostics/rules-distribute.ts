import type { Severity } from "./diagnostic.js";
import type { RuleKind, RuleMeta } from "./rules.js";

/**
 * The rules `brief distribute` reports, kept beside the main catalogue
 * (rules.ts spreads them into `RULES`, so they are one catalogue). File
 * problems in distribution.yaml and the release folder are `content` (exit
 * 1), a missing secret or a bad option is `usage` (2), and a delivery the
 * server refused is `delivery` (4).
 */

const d = (severity: Severity, kind: RuleKind, title: string, hint: string, docs: string): RuleMeta => ({
  severity,
  kind,
  title,
  hint,
  docs,
  command: "distribute",
});

/** Rule ids reported only by `brief distribute`. */
export const DISTRIBUTE_RULES = {
  // distribution.yaml
  "distribution/bad-address": d(
    "error",
    "content",
    "an e-mail address in distribution.yaml that is not valid",
    "Write the address as name@example.org, without spaces, angle brackets or commas.",
    "Every address is checked before anything is sent, so a typo is a positioned error rather than a bounce after half the list has gone.",
  ),
  "distribution/unknown-audience": d(
    "error",
    "content",
    "a recipient asks for an audience the brief does not have",
    "Use one of the audiences listed in the brief's brief.yaml.",
    "A recipient's audiences must be editions of this brief (brief.yaml's `audiences`).",
  ),
  "distribution/duplicate-recipient": d(
    "error",
    "content",
    "the same recipient listed twice",
    "List each person or webhook once, with all the audiences they receive.",
    "An address, a webhook or a name may appear once in a brief's distribution.yaml (across recipients and groups), so nobody is mailed twice and `--only NAME` is unambiguous.",
  ),
  "distribution/insecure-webhook": d(
    "error",
    "content",
    "a webhook URL that is not https",
    "Use the https:// URL the service gives you.",
    "Webhook posts carry links and, often, a token; they are sent only over https.",
  ),
  "distribution/webhook-host": d(
    "error",
    "content",
    "a webhook URL whose host is not a public internet host, or not on allowed_hosts",
    "Use the service's public https:// URL; if distribution.yaml lists allowed_hosts, add the host there (a reviewed change).",
    "A webhook carries a token. Loopback, private, link-local and unique-local addresses (and names such as localhost) are refused when the file is checked, and again when the host name is looked up at send time, so a line in a pull request cannot point a secret at a machine inside the network. `allowed_hosts:` narrows the hosts further.",
  ),
  "distribution/webhook-token-env": d(
    "error",
    "content",
    "a webhook's token_env does not start with BRIEF_WEBHOOK_",
    "Store the webhook's token in a variable named BRIEF_WEBHOOK_<NAME> and name that variable.",
    "token_env may only name variables made for webhook tokens, so a line in distribution.yaml cannot send another secret (BRIEF_SMTP_URL, HOME, a cloud key) to a webhook.",
  ),
  "distribution/subject-template": d(
    "error",
    "content",
    "a subject template that does not compile or names an unknown value",
    "Use {{brief.title}}, {{brief.id}}, {{audience.label}}, {{audience.edition}}, {{audience.name}}, {{edition.name}}, {{edition.date}} or {{edition.information_as_of}}.",
    "The subject is a strict Handlebars template, checked against every edition before anything is sent.",
  ),
  "distribution/missing-edition": d(
    "error",
    "content",
    "a recipient's audience has no edition in the release",
    "Build and release that edition, or remove the audience from the recipient.",
    "Every audience a recipient receives must be in the release folder; otherwise nothing is sent, so nobody gets half of what they were promised.",
  ),
  "distribution/suppress-unmatched": d(
    "warning",
    "content",
    "a suppress: entry names no recipient, group or address",
    "Check the spelling, or remove the entry once the recipient is gone from the file.",
    '`suppress:` lists addresses, recipient names or group names that are never sent to (someone unsubscribed, an address that bounces). Suppressed recipients stay in the plan and the summary as "suppressed". An entry that matches nobody is probably misspelt, so it is reported rather than ignored.',
  ),
  "distribution/none": d(
    "info",
    "content",
    "a brief in the release has no distribution.yaml",
    "Add content/<brief>/distribution.yaml to send its editions.",
    "The site and bundles are written for every edition; only briefs with a distribution.yaml have recipients.",
  ),

  // The release folder
  "distribute/no-release": d(
    "error",
    "usage",
    "--release names a folder that does not exist",
    "Pass the folder `brief release --out DIR` wrote.",
    "`brief distribute` reads a release folder: the editions, manifest.json, SHA256SUMS and CHANGES.md.",
  ),
  "distribute/manifest-invalid": d(
    "error",
    "content",
    "manifest.json is missing, corrupt or of an unknown version",
    "Run `brief release` again to rewrite the release folder; do not edit manifest.json by hand.",
    "The manifest is validated with the same schema `brief release` writes (src/release/manifest.ts). A version this pipeline does not know is refused rather than guessed at, and so is a file path that leaves the release folder.",
  ),
  "distribute/file-mismatch": d(
    "error",
    "content",
    "a file in the release is missing or its bytes do not match manifest.json",
    "Rebuild the release; never edit its files after `brief release`. Nothing was sent.",
    "Every file's size and sha256 are checked against the manifest before anything is written or sent, so a stakeholder never receives an edition the release did not publish.",
  ),
  "distribute/old-manifest": d(
    "error",
    "content",
    "the release was made by an older pipeline (manifest version 1)",
    "Make a new release with `brief release` (add --force if nothing changed); distribution needs each edition's reader digest and the release's tag.",
    "Version 2 manifests record what each edition reads as (its reader digest), which decides delivery, and the release's tag, which is its permanent folder on the published site. A version 1 release has neither.",
  ),
  "distribute/no-changes": d(
    "warning",
    "content",
    "the release has no CHANGES.md",
    "Run `brief release` to write it; messages say there are no change notes.",
    "CHANGES.md's first line is the 'what changed' summary on the site and in messages.",
  ),

  // Running
  "distribute/no-smtp": d(
    "error",
    "usage",
    "--send with e-mail due but BRIEF_SMTP_URL is not set or not smtp:// or smtps://",
    "Set BRIEF_SMTP_URL=smtps://user:password@smtp.example.org:465 (a CI secret). Nothing was sent.",
    "The SMTP server and its credentials never live in distribution.yaml; they come from BRIEF_SMTP_URL.",
  ),
  "distribute/missing-token": d(
    "error",
    "usage",
    "a webhook's token_env names an environment variable that is not set",
    "Set the variable (a CI secret) or remove token_env. Nothing was sent.",
    "Webhook tokens never live in distribution.yaml; the file names the environment variable that holds each one.",
  ),
  "distribute/unknown-recipient": d(
    "error",
    "usage",
    "--only names no recipient or group",
    "Use a recipient's or group's name, or an e-mail address, from distribution.yaml.",
    "--only limits a run to the named recipients (repeatable).",
  ),
  "distribute/ledger": d(
    "error",
    "output",
    "the delivery ledger cannot be read, written or locked",
    "Check the ledger file (default .cache/brief/deliveries.jsonl); nothing further was sent.",
    'The ledger records every delivery outcome worth keeping (accepted, refused for good, unknown), one JSON line each, fsynced. A corrupt line in the middle means the record of what was sent is damaged, so nothing is sent until a person looks (docs/scheduled-regeneration.md, "Repairing the ledger"). A line cut short at the end (a killed run) is ignored. Only one `--send` run may use a ledger at a time.',
  ),
  "distribute/base-url": d(
    "error",
    "usage",
    "base_url in distribution.yaml is not where the site is published",
    "Set base_url to the GitHub Pages URL of the repository (the Pages job prints it), with a trailing slash.",
    "With --published-at URL (the workflow passes the Pages deployment's URL), every brief's base_url must be that URL: every link in a message is `<base_url><tag>/…`, so a different base would send links that lead nowhere. Nothing is sent until they agree.",
  ),
  "distribute/write-failed": d(
    "error",
    "output",
    "the site, feed or bundles could not be written",
    "Check that the release folder is writable. Nothing was sent.",
    "The site, feed and bundles are written (atomically) before any message leaves, so a message never links to a page that is not there.",
  ),
  "distribute/no-feed": d(
    "warning",
    "content",
    "no public base URL, so no Atom feed",
    "Set base_url in a distribution.yaml.",
    "An Atom feed needs absolute links; they are made from base_url.",
  ),

  "distribute/smtp-session": d(
    "error",
    "delivery",
    "the SMTP session failed before any recipient was named, so sending stopped",
    "Fix what the message names (the password in BRIEF_SMTP_URL, the sender address, TLS, the host), then run again: everyone due is sent then.",
    "Only a refusal of the recipient (a 5xx to RCPT TO, or to DATA) is the recipient's. A failure earlier in the session (the connection, TLS, the greeting, EHLO, STARTTLS, the login, the sender address) would meet every message, so the run stops at the first one, after retries when it is temporary (4xx, a connection refused), and records nothing for anyone: an expired password never marks readers as refusing mail. The message names the stage and the server's reply. Exit code 4.",
  ),
  "distribute/older-release": d(
    "error",
    "usage",
    "the release is older than the newest one the ledger has delivered, so nothing was sent",
    "Distribute the latest release instead (a re-run of an old workflow run does this); nothing needs repairing.",
    "Releases only move forwards: once the ledger records a delivery from a release, an older release (by the time in its tag) is never mailed, not even to a recipient the newer one did not reach, so nobody gets a superseded edition after the current one. The order is read from the tags (editions-YYYYMMDD-HHMMSS-…); releases made in the same second are not compared.",
  ),

  // Delivery
  "delivery/failed": d(
    "error",
    "delivery",
    "a delivery was refused or kept failing",
    "Fix the address or the server, then run again: only what is due is sent.",
    "A temporary failure (SMTP 4xx, a connection refused or dropped before the message went, webhook 5xx or 429) is retried with bounded exponential backoff, and if it keeps failing the next run tries again. A permanent SMTP refusal (5xx) is not retried: it is recorded in the ledger, and later runs report it (delivery/rejected) without sending, unless --resend is given. A webhook 4xx fails at once and is tried again next run. Other recipients are not affected. Exit code 4.",
  ),
  "delivery/rejected": d(
    "warning",
    "delivery",
    "a delivery the server refused for good earlier is not sent",
    "Fix the address in distribution.yaml and run with --send --resend --only ADDRESS, or list it under suppress:.",
    "After a permanent SMTP refusal (5xx) the ledger records the delivery as rejected, so later runs do not mail a dead address every week; each run reports it until someone acts.",
  ),
  "delivery/unknown": d(
    "warning",
    "delivery",
    "a delivery's outcome is unknown: no answer after it was sent",
    "Ask the recipient. If it did not arrive, run with --send --resend --only ADDRESS.",
    "An e-mail whose connection was lost after the whole message was sent (a lost 250 OK) may have been delivered; it is recorded as unknown and not sent again, so nobody gets it twice. A webhook that did not answer in time is recorded the same way but is tried again, with the same Idempotency-Key, so the receiver can drop the repeat.",
  ),
  "delivery/unreached": d(
    "error",
    "unreached",
    "a recipient is not being reached: refused for good, or the outcome of the last message is unknown",
    "Clear each one: after fixing the address, `brief distribute --send --resend --only ADDRESS`; once you know it arrived, `--mark-delivered --only ADDRESS`; or list the address under suppress: in distribution.yaml.",
    "While any recipient of the release is refused (rejected in the ledger) or unknown, `brief distribute --send` exits 5 and lists them, so the workflow's failure issue stays open until someone acts. Each state is cleared in one of three ways: `--resend --only ADDRESS` sends again (after the address or the server is fixed); `--mark-delivered --only ADDRESS` records it as delivered (the recipient confirmed it arrived); `suppress:` in distribution.yaml stops mailing the address for good. A dry run does not report it.",
  ),
} as const satisfies Record<string, RuleMeta>;
