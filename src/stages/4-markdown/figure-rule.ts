/**
 * What `citations/after-figure` lets stand. The rule is about quantities
 * that need a source: "90%¹" reads as part of the figure. A number that is
 * a name or a date reads as neither, so a citation may follow it:
 *
 * - a legal or document reference: "Article 99", "Section 230",
 *   "Regulation (EU) 2024/1689", "H.R. 1121", "Annex III", with the words
 *   in LEGAL_WORDS (capitalised or not) or the brief's own `cite_after`
 *   list ("RTR 12"), and lists and spans of them: "Articles 85 and 86",
 *   "paragraphs 3 to 5", "Sections 2, 3 and 7";
 * - a date: "6 February 2025", "February 2025", "2025-02-06", "1.8.2024",
 *   "01/08/2024", "in 2021", or a `format: date` fact.
 */

/** Words that name a legal or official document when a number follows them. */
export const LEGAL_WORDS = [
  "Act",
  "Amendment",
  "Annex",
  "Annexes",
  "Art.",
  "Arts.",
  "Article",
  "Articles",
  "Bill",
  "Case",
  "Chapter",
  "Chapters",
  "Clause",
  "Clauses",
  "Convention",
  "Decision",
  "Directive",
  "H.R.",
  "Law",
  "No.",
  "Order",
  "Para.",
  "Paras.",
  "Paragraph",
  "Paragraphs",
  "Part",
  "Parts",
  "Point",
  "Points",
  "Protocol",
  "Recital",
  "Recitals",
  "Regulation",
  "Resolution",
  "Rule",
  "S.",
  "Schedule",
  "Section",
  "Sections",
  "Subparagraph",
  "Subparagraphs",
  "Title",
  "Treaty",
  "§",
  "§§",
] as const;

const MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December";
/** Words before a bare year that make it a date ("in 2021", "since 2019"). */
const YEAR_CONTEXT =
  /\b(?:in|since|by|from|until|till|to|during|before|after|early|late|mid|of|year|around|circa|c\.)[\s-]+(?:\d{4}|\d{4}[–-]\d{2,4})$/i;

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A reference number: digits with the separators references use (2024/1689, 12.3, 5(1)), or a Roman numeral (III). */
const NUMBER = String.raw`(?:[0-9][0-9A-Za-z./()–-]*|[IVXLC]+(?:\([0-9a-z]{1,4}\))*)`;
/** One reference number, or a list or span of them ("85 and 86", "3 to 5", "2, 3 and 7"). */
const REFERENCE = String.raw`(?:\([A-Za-z]{1,6}\)\s+)?${NUMBER}(?:(?:\s*,\s*|\s+(?:and|or|to|through|until)\s+|\s*[–-]\s*)${NUMBER})*`;
/** A numeric date: day, month and a four-digit year ("1.8.2024", "01/08/2024"), or year first ("2024/08/01"). */
const NUMERIC_DATE = /(?:^|[^\d./])(?:\d{1,2}[./]\d{1,2}[./]\d{4}|\d{4}[./]\d{1,2}[./]\d{1,2})$/;

/** A word as written, and with a lower-case first letter ("Articles", "articles"). */
const bothCases = (word: string): string[] => {
  const lower = word.charAt(0).toLowerCase() + word.slice(1);
  return lower === word ? [word] : [word, lower];
};

/** True when the text before a citation mark ends in a legal reference or a date, where the mark may stand. */
export function mayCiteAfter(before: string, extraWords: readonly string[] = []): boolean {
  const text = before.replace(/\s+/g, " ").trimEnd();
  const words = [...LEGAL_WORDS, ...extraWords].flatMap(bothCases).map(escape).join("|");
  if (new RegExp(`(?:^|[\\s(“"‘'])(?:${words})\\s${REFERENCE}$`, "u").test(text)) return true;
  if (new RegExp(`(?:^|\\D)\\d{1,2} (?:${MONTHS}) \\d{4}$`).test(text)) return true;
  if (new RegExp(`(?:${MONTHS}) \\d{4}$`).test(text)) return true;
  if (/(?:^|\D)\d{4}-\d{2}(?:-\d{2})?$/.test(text)) return true;
  if (NUMERIC_DATE.test(text)) return true;
  return YEAR_CONTEXT.test(text);
}

/**
 * The hint for a mark after a figure: punctuation or a Source column for a
 * quantity; for a number that names something, the word before it added
 * to `cite_after` in brief.yaml (named when there is one: "RTR").
 */
export function afterFigureHint(before: string): string {
  // Only a capitalised word can name a document ("RTR 12"); "was 18%" is a quantity.
  const word = /(?:^|\s)(\p{Lu}[\p{L}.-]*)\s+\S+$/u.exec(before.replace(/\s+/g, " ").trimEnd())?.[1];
  const named = word
    ? `add "${word}" to cite_after in brief.yaml (cite_after: [${word}])`
    : "add the word before it to cite_after in brief.yaml";
  return `End the clause with punctuation so the mark follows it, or use {{value}} and a Source column. If the number names something (a document, a register entry), ${named}; legal references and dates are already allowed.`;
}
