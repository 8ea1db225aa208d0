/**
 * What `citations/after-figure` lets stand. The rule is about quantities
 * that need a source: "90%¹" reads as part of the figure. A number that is
 * a name or a date reads as neither, so a citation may follow it:
 *
 * - a legal or document reference: "Article 99", "Section 230",
 *   "Regulation (EU) 2024/1689", "H.R. 1121", with the words in
 *   LEGAL_WORDS or the brief's own `cite_after` list ("RTR 12");
 * - a date: "6 February 2025", "February 2025", "2025-02-06", "in 2021",
 *   or a `format: date` fact.
 */

/** Words that name a legal or official document when a number follows them. */
export const LEGAL_WORDS = [
  "Act",
  "Amendment",
  "Annex",
  "Art.",
  "Article",
  "Articles",
  "Bill",
  "Case",
  "Chapter",
  "Clause",
  "Convention",
  "Decision",
  "Directive",
  "H.R.",
  "Law",
  "No.",
  "Order",
  "Para.",
  "Paragraph",
  "Part",
  "Protocol",
  "Recital",
  "Regulation",
  "Resolution",
  "Rule",
  "S.",
  "Schedule",
  "Section",
  "Sections",
  "Title",
  "Treaty",
  "§",
] as const;

const MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December";
/** Words before a bare year that make it a date ("in 2021", "since 2019"). */
const YEAR_CONTEXT =
  /\b(?:in|since|by|from|until|till|to|during|before|after|early|late|mid|of|year|around|circa|c\.)[\s-]+(?:\d{4}|\d{4}[–-]\d{2,4})$/i;

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A reference number: digits with the separators references use (2024/1689, 12.3, 5(1)). */
const REFERENCE = String.raw`(?:\([A-Za-z]{1,6}\)\s+)?[0-9][0-9A-Za-z./()–-]*`;

/** True when the text before a citation mark ends in a legal reference or a date, where the mark may stand. */
export function mayCiteAfter(before: string, extraWords: readonly string[] = []): boolean {
  const text = before.replace(/\s+/g, " ").trimEnd();
  const words = [...LEGAL_WORDS, ...extraWords].map(escape).join("|");
  if (new RegExp(`(?:^|[\\s(“"‘'])(?:${words})\\s${REFERENCE}$`, "u").test(text)) return true;
  if (new RegExp(`(?:^|\\D)\\d{1,2} (?:${MONTHS}) \\d{4}$`).test(text)) return true;
  if (new RegExp(`(?:${MONTHS}) \\d{4}$`).test(text)) return true;
  if (/(?:^|\D)\d{4}-\d{2}(?:-\d{2})?$/.test(text)) return true;
  return YEAR_CONTEXT.test(text);
}
