import type { Fact } from "../config/schemas.js";

/**
 * How facts are written in prose. One function per format so that a figure
 * reads the same in the text, the tables and the charts.
 */

const MONTHS = [
  "January",
  "February",
  "March",
  "April",
  "May",
  "June",
  "July",
  "August",
  "September",
  "October",
  "November",
  "December",
];
const CURRENCY: Record<string, string> = { USD: "$", EUR: "€", GBP: "£", CNY: "CN¥" };

/** `2025-01-27` → `27 January 2025`; `2025-01` → `January 2025`; `2023` → `2023`. */
export function formatDate(iso: string): string {
  const [y, m, d] = iso.split("-");
  if (!m) return y ?? iso;
  const month = MONTHS[Number(m) - 1] ?? m;
  return d ? `${Number(d)} ${month} ${y}` : `${month} ${y}`;
}

/** One formatter per precision: `toLocaleString` builds a new one on every call, which costs ~1 ms each. */
const numberFormats = new Map<number, Intl.NumberFormat>();

/** Plain number with thousands separators and at most `digits` decimals, trailing zeros trimmed. */
export function formatNumber(n: number, digits = 3): string {
  let f = numberFormats.get(digits);
  if (!f) numberFormats.set(digits, (f = new Intl.NumberFormat("en-GB", { maximumFractionDigits: digits })));
  return f.format(n);
}

/** `5576000` → `$5.576 million`; `1e9` → `$1 billion`. */
export function formatMoney(value: number, currency = "USD"): string {
  const symbol = CURRENCY[currency] ?? `${currency} `;
  const abs = Math.abs(value);
  const sign = value < 0 ? "−" : "";
  if (abs >= 1e9) return `${sign}${symbol}${formatNumber(abs / 1e9)} billion`;
  if (abs >= 1e6) return `${sign}${symbol}${formatNumber(abs / 1e6)} million`;
  return `${sign}${symbol}${formatNumber(abs, 2)}`;
}

/**
 * The text a fact contributes to a sentence, with its qualifier ("over
 * $1 billion"): wherever a figure prints, in prose, tables and charts, its
 * qualifier prints with it, so no copy of the figure can drop it.
 */
export function formatFact(fact: Fact): string {
  const value = formatValue(fact);
  return "qualifier" in fact && fact.qualifier ? `${fact.qualifier} ${value}` : value;
}

/**
 * What a fact's citation mark points to: its source id, or for a fact the
 * editors attribute (`attribution: editorial`) the printed statement that
 * stands in for a source number, keyed "~<statement>". Such a fact never
 * carries another publication's number.
 */
export function citedAs(fact: Fact): string {
  if (fact.attribution === "editorial") return `~${fact.attribution_note ?? ""}`;
  return fact.source ?? "";
}

/** The fact's qualifier ("over", "up to"), if it has one. */
export function qualifierOf(fact: Fact): string | undefined {
  return "qualifier" in fact ? fact.qualifier : undefined;
}

/** The bare formatted value, without its qualifier. */
export function formatValue(fact: Fact): string {
  switch (fact.format) {
    case "money":
      return formatMoney(fact.value, fact.currency);
    case "percent":
      return `${formatNumber(fact.value, 2)}%`;
    case "number":
      return fact.unit ? `${formatNumber(fact.value)} ${fact.unit}` : formatNumber(fact.value);
    case "date":
      return formatDate(fact.value);
    case "text":
      return fact.value;
  }
}
