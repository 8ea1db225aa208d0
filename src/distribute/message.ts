import { formatDate } from "../lib/format.js";
import type { Delivery } from "./plan.js";
import { fileOf, type Release } from "./release.js";
import { changeLines, escapeHtml, formatBytes, publicUrl } from "./text.js";

/**
 * What every delivery says, whatever the channel: the personal note, the
 * edition's takeaways, what changed, and the links. Pure. The e-mail's
 * text and HTML bodies and the webhook's JSON are made from one Summary,
 * so they cannot disagree. CHANGES.md is shown as text, never as markup.
 * Every link points into the release's own folder on the published site,
 * `<base_url><tag>/…`, which is never rewritten: a link in any message
 * ever sent keeps working (`latest/` is only an alias for browsing).
 */

/** The content of one delivery. */
export interface Summary {
  readonly subject: string;
  /** The release's tag (its folder on the site). */
  readonly release: string;
  readonly recipientName: string;
  readonly note?: string;
  readonly title: string;
  readonly edition: string;
  readonly audience: string;
  readonly editionDate: string;
  readonly informationAsOf: string;
  readonly pages?: number;
  readonly takeaways: readonly string[];
  readonly changes: { readonly summary: string; readonly lines: readonly string[] };
  readonly links: { readonly pdf: string; readonly html: string; readonly site: string; readonly bundle: string };
  readonly pdf: { readonly name: string; readonly bytes: number; readonly sha256: string; readonly attached: boolean };
}

/** The link to an audience's bundle, relative to the release folder. */
export const bundlePath = (audience: string): string => `bundles/${audience}.zip`;

/** The public URL of a release-relative path: under the release's own folder of the site. */
export function releaseUrl(base: string, release: Release, rel: string): string {
  return publicUrl(base, `${release.manifest.tag}/${rel}`);
}

/** Gather what a delivery says. */
export function summaryOf(d: Delivery, release: Release): Summary {
  const e = d.edition;
  const base = d.distribution.config.base_url;
  const pdf = fileOf(e, "pdf");
  const url = (rel: string): string => releaseUrl(base, release, rel);
  return {
    subject: d.subject,
    release: release.manifest.tag,
    recipientName: d.recipient.name,
    ...(d.recipient.note !== undefined ? { note: d.recipient.note } : {}),
    title: e.title,
    edition: e.edition,
    audience: e.audienceLabel,
    editionDate: formatDate(e.editionDate),
    informationAsOf: formatDate(e.informationAsOf),
    ...(e.pages !== undefined ? { pages: e.pages } : {}),
    takeaways: e.takeaways,
    changes: { summary: release.changes.summary, lines: changeLines(release.changes.text, 12) },
    links: {
      pdf: url(pdf.path),
      html: url(fileOf(e, "html").path),
      site: url("site/index.html"),
      bundle: url(bundlePath(e.audience)),
    },
    pdf: {
      name: pdf.path.split("/").pop() ?? pdf.path,
      bytes: pdf.bytes,
      sha256: pdf.sha256,
      attached: !!d.attachment,
    },
  };
}

const pdfLine = (s: Summary): string =>
  `${s.pages !== undefined ? `${s.pages} pages, ` : ""}${formatBytes(s.pdf.bytes)}${s.pdf.attached ? ", attached" : ""}`;

/** The plain-text body. */
export function textBody(s: Summary): string {
  const out = [`Dear ${s.recipientName},`, ""];
  if (s.note) out.push(s.note.trim(), "");
  out.push(
    `${s.title}`,
    `${s.edition} · edition date ${s.editionDate} · information as of ${s.informationAsOf}`,
    "",
    "Key takeaways",
    ...s.takeaways.map((t) => `- ${t}`),
    "",
    "What changed",
    s.changes.summary,
    ...s.changes.lines,
    "",
    `PDF (${pdfLine(s)}): ${s.links.pdf}`,
    `Web edition: ${s.links.html}`,
    `All editions: ${s.links.site}`,
    "",
    `sha256 of ${s.pdf.name}: ${s.pdf.sha256}`,
    "",
  );
  return out.join("\n");
}

/** The HTML body: the same content, escaped, with inline styles that mail clients keep. */
export function htmlBody(s: Summary): string {
  const p = (t: string): string => `<p style="margin:0 0 12px">${escapeHtml(t)}</p>`;
  const a = (href: string, label: string): string =>
    `<a href="${escapeHtml(href)}" style="color:#1f4e79">${escapeHtml(label)}</a>`;
  const note = s.note
    ? s.note
        .trim()
        .split(/\n\s*\n/)
        .map((para) => p(para))
        .join("")
    : "";
  const changes = s.changes.lines.length
    ? `<div style="white-space:pre-wrap;font-family:monospace;font-size:13px;color:#333">${escapeHtml(s.changes.lines.join("\n"))}</div>`
    : "";
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escapeHtml(s.subject)}</title></head>
<body style="font-family:Georgia,serif;font-size:16px;line-height:1.45;color:#1a1a1a;max-width:640px">
${p(`Dear ${s.recipientName},`)}${note}
<h1 style="font-family:Arial,sans-serif;font-size:20px;margin:20px 0 4px">${escapeHtml(s.title)}</h1>
<p style="font-family:Arial,sans-serif;font-size:14px;color:#4a4a4a;margin:0 0 16px">${escapeHtml(s.edition)} · edition date ${escapeHtml(s.editionDate)} · information as of ${escapeHtml(s.informationAsOf)}</p>
<h2 style="font-family:Arial,sans-serif;font-size:16px;margin:16px 0 6px">Key takeaways</h2>
<ul style="margin:0 0 12px;padding-left:20px">${s.takeaways.map((t) => `<li>${escapeHtml(t)}</li>`).join("")}</ul>
<h2 style="font-family:Arial,sans-serif;font-size:16px;margin:16px 0 6px">What changed</h2>
${p(s.changes.summary)}${changes}
<p style="margin:16px 0 4px">${a(s.links.pdf, "PDF")} (${escapeHtml(pdfLine(s))}) · ${a(s.links.html, "Web edition")} · ${a(s.links.site, "All editions")}</p>
<p style="font-size:12px;color:#4a4a4a;margin:12px 0 0">sha256 of ${escapeHtml(s.pdf.name)}: <code>${s.pdf.sha256}</code></p>
</body></html>
`;
}

/** The webhook's JSON: `text` for Slack- and Teams-style incoming webhooks, and the same summary as fields. */
export function webhookPayload(s: Summary): Record<string, unknown> {
  const text = [
    `*${s.subject}*`,
    `${s.edition} · edition date ${s.editionDate} · information as of ${s.informationAsOf}`,
    ...(s.note ? ["", s.note.trim()] : []),
    "",
    ...s.takeaways.map((t) => `• ${t}`),
    "",
    `What changed: ${s.changes.summary}`,
    `PDF: ${s.links.pdf}`,
    `Web edition: ${s.links.html}`,
    `All editions: ${s.links.site}`,
  ].join("\n");
  return {
    text,
    brief: {
      title: s.title,
      edition: s.edition,
      audience: s.audience,
      edition_date: s.editionDate,
      information_as_of: s.informationAsOf,
      pages: s.pages ?? null,
      takeaways: s.takeaways,
      what_changed: s.changes.summary,
      links: s.links,
      pdf: { name: s.pdf.name, bytes: s.pdf.bytes, sha256: s.pdf.sha256 },
    },
  };
}
