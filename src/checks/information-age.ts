import { diagnostic, type Diagnostic } from "../diagnostics/index.js";
import { informationAge } from "../lib/information-age.js";
import { locatePath } from "../lib/yaml.js";
import type { Brief, PreparedEdition } from "../model.js";
import { scanProse, sentenceAround, wordPattern, type ProseMatch } from "./prose-scan.js";

/**
 * `brief/information-age` and `text/time-words`: a brief whose information
 * is older than its review period at the edition date says so on the cover
 * (layout); these rules tell the editor, and find the words that would
 * still speak as if the sources' present were the reader's.
 */

/** Words that mean "at the time of reading". Longest first, so "so far" wins over "far". */
export const TIME_WORDS: readonly string[] = [
  "at the moment",
  "at present",
  "this week",
  "this month",
  "this year",
  "nowadays",
  "currently",
  "recently",
  "so far",
  "to date",
  "already",
  "latest",
  "today",
  "now",
  "yet",
];

const TIME = new RegExp(`(?<![\\p{L}\\p{N}])(${TIME_WORDS.join("|").replace(/ /g, "\\s+")})(?![\\p{L}\\p{N}])`, "giu");
const YEAR = /(?<!\d)(19|20)\d{2}(?!\d)/;

/** The warning for a brief whose information is older than its review period. */
export function checkInformationAge(brief: Brief): Diagnostic[] {
  const c = brief.config.value;
  const age = informationAge(c.information_as_of, c.edition_date, c.review_period_days);
  if (!age.beyondReview) return [];
  return [
    diagnostic({
      rule: "brief/information-age",
      at: locatePath(brief.yaml.brief, ["information_as_of"]),
      message: `information as of ${c.information_as_of} is ${age.text} (${age.days} days) older than the edition date ${c.edition_date}, beyond the review period of ${c.review_period_days} days; the cover says so`,
    }),
  ];
}

/** Time words in sentences that name no year, in editions whose information is beyond review. */
function timeWords(prose: string): ProseMatch[] {
  const out: ProseMatch[] = [];
  for (const m of prose.matchAll(TIME)) {
    const word = m[0];
    const sentence = sentenceAround(prose, m.index);
    if (YEAR.test(sentence)) continue;
    // "Yet" opening a sentence is a conjunction, not a time word.
    if (word.toLowerCase() === "yet" && sentence.trimStart().startsWith(word)) continue;
    // "Now and then" is an idiom, not a time reference.
    if (word.toLowerCase() === "now" && /^\s+and\s+then\b/.test(prose.slice(m.index + word.length))) continue;
    out.push({ start: m.index, text: word, source: wordPattern(word, true) });
  }
  return out;
}

/** `text/time-words` over every prepared edition whose brief's information is beyond review. */
export function checkTimeWords(prepared: readonly PreparedEdition[]): Diagnostic[] {
  const stale = prepared.filter((p) => {
    const c = p.edition.brief.config.value;
    return informationAge(c.information_as_of, c.edition_date, c.review_period_days).beyondReview;
  });
  return scanProse(stale, (prose) => timeWords(prose)).map((f) => {
    const c = f.edition.edition.brief.config.value;
    const age = informationAge(c.information_as_of, c.edition_date, c.review_period_days);
    return diagnostic({
      rule: "text/time-words",
      at: f.at,
      message: `"${f.match.text}" speaks of the reader's present, but the information is as of ${c.information_as_of}, ${age.text} before the edition`,
      hint: `Tie it to a date ("as of February 2025") or drop it; a sentence that names a year is not flagged.`,
    });
  });
}
