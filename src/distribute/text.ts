/**
 * Small text helpers shared by the site, the messages and the bundles'
 * README: HTML escaping, file sizes and public links.
 */

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/** Text made safe for HTML element content and quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** `201119` → `196 KB`; below 1 KB in bytes, above 1 MB with one decimal. */
export function formatBytes(n: number): string {
  if (n < 1024) return `${n} bytes`;
  if (n < 1024 * 1024) return `${Math.round(n / 1024)} KB`;
  return `${(n / (1024 * 1024)).toFixed(1)} MB`;
}

/** A release-relative path as a public URL under `base` (which ends up with exactly one slash before the path). */
export function publicUrl(base: string, rel: string): string {
  const root = base.endsWith("/") ? base : `${base}/`;
  return new URL(rel.split("/").map(encodeURIComponent).join("/"), root).toString();
}

/** The lines of CHANGES.md after its summary line, trimmed, at most `max` of them. */
export function changeLines(text: string, max: number): string[] {
  const lines = text.split(/\r?\n/).map((l) => l.trimEnd());
  const first = lines.findIndex((l) => l.trim() !== "");
  const rest = lines.slice(first + 1).filter((l) => l.trim() !== "");
  return rest.length > max ? [...rest.slice(0, max), `… and ${rest.length - max} more lines (see CHANGES.md)`] : rest;
}
