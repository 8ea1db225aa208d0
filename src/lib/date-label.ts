import { formatDate } from "./format.js";

/**
 * Dates on a chart's x axis and in its alternative text, in the brief's
 * language: English briefs in the house style ("March 2025", short "Mar
 * 2025"), other languages as the platform's Intl formats them. The date
 * is read in UTC, so the label never depends on the machine's time zone.
 */

const SHORT_MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** `2025-03` → `March 2025` (long) or `Mar 2025` (short); `2025` → `2025`; in `lang`. */
export function dateLabel(iso: string, lang: string, short: boolean): string {
  const [y, m, d] = iso.split("-");
  if (!m) return y ?? iso;
  if (/^en\b/i.test(lang)) {
    if (!short) return formatDate(iso);
    const month = SHORT_MONTHS[Number(m) - 1] ?? m;
    return d ? `${Number(d)} ${month} ${y}` : `${month} ${y}`;
  }
  const date = new Date(`${y}-${m}-${d ?? "01"}T00:00:00Z`);
  const month = short ? "short" : "long";
  const options: Intl.DateTimeFormatOptions = d
    ? { day: "numeric", month, year: "numeric", timeZone: "UTC" }
    : { month, year: "numeric", timeZone: "UTC" };
  try {
    return new Intl.DateTimeFormat(lang, options).format(date);
  } catch {
    return formatDate(iso);
  }
}
