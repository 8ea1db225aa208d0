import { diagnostic, type Diagnostic } from "../diagnostics/index.js";
import { informationAge } from "../lib/information-age.js";
import { locatePath } from "../lib/yaml.js";
import type { Brief, PreparedEdition } from "../model.js";
import { scanProse, sentenceAround, wordPattern, type ProseMatch } from "./prose-scan.js";
import { literal } from "./text.js";

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
  "flagship",
  "newest",
  "latest",
  "today",
  "new",
  "now",
  "yet",
];

/**
 * Verbs that, in the present tense after an organisation's name, state how a
 * market stands: "OpenAI keeps its models closed", "DeepSeek admits",
 * "Meta's Llama models do not perform as well". Reporting verbs (says,
 * reports) are left out: "Reuters reports" describes a source, not a market.
 */
const PRESENT_VERBS = [
  "is",
  "are",
  "has",
  "have",
  "keeps?",
  "leads?",
  "dominates?",
  "admits?",
  "funds?",
  "offers?",
  "sells?",
  "remains?",
  "controls?",
  "owns?",
  "performs?",
  "competes?",
  "charges?",
  "outperforms?",
  "trails?",
  "lags?",
  "does\\s+not",
  "do\\s+not",
  "doesn’t",
  "don’t",
  "doesn't",
  "don't",
];

/** Capitalised words that open sentences without naming anyone. */
const NOT_NAMES = new Set(
  (
    "A An The This That These Those It Its They Their There Here We Our You Your He She His Her " +
    "In On At By For From With Without Of To As If When While Where Which Who What Why How " +
    "Some Many Most Each Every All Both Either Neither No None Such Other Another One Two Three " +
    "But And Or So Yet Also However Still Then Than Since Because Although Though Unlike Like " +
    "Table Figure Chart Note Notes Source Sources Question Questions Answer Glossary About"
  ).split(" "),
);

/**
 * An organisation's name (a capitalised word that is not a function word,
 * optionally "X and Y", optionally possessive with up to three lower-case
 * words after it: "Meta’s Llama models"), then a present-tense market verb.
 */
const MARKET = new RegExp(
  "(?<![\\p{L}\\p{N}’'-])((?:\\p{Lu}[\\p{L}\\p{N}-]*)(?:\\s+(?:and|&)\\s+\\p{Lu}[\\p{L}\\p{N}-]*)?)" +
    "(?:[’']s(?:\\s+\\p{Lu}?[\\p{Ll}\\p{N}-]+){1,3})?" +
    // The verb must go on into a clause: "High-Flyer funds the research", never a table cell's "Hedge fund".
    `\\s+(${PRESENT_VERBS.join("|")})(?=[ \\t\\u00a0]+[\\p{L}\\p{N}“"])`,
  "gu",
);

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

/** A time word ("now") or a present-tense market statement ("OpenAI keeps"). */
interface TimeMatch extends ProseMatch {
  readonly kind: "word" | "market";
}

/** Whether offset `at` lies inside quotation marks in its block: a source's own words, not the brief's. */
function quoted(prose: string, at: number): boolean {
  const block = prose.slice(prose.lastIndexOf("\n", at - 1) + 1, at);
  const opens = (block.match(/“/g) ?? []).length;
  const closes = (block.match(/”/g) ?? []).length;
  return opens > closes || (block.match(/"/g) ?? []).length % 2 === 1;
}

/**
 * Present-tense statements about an organisation ("OpenAI keeps its models
 * closed"), in sentences that name no year: the market they describe is
 * the sources' market, not the reader's.
 */
export function marketStatements(prose: string): TimeMatch[] {
  const out: TimeMatch[] = [];
  for (const m of prose.matchAll(MARKET)) {
    const name = m[1] ?? "";
    const first = name.split(/\s/)[0] ?? "";
    // Acronyms and model numbers (AGI, R1) name ideas and products, defined rather than reported.
    if (NOT_NAMES.has(first) || /^[\p{Lu}\p{N}-]+$/u.test(first) || quoted(prose, m.index)) continue;
    if (YEAR.test(sentenceAround(prose, m.index))) continue;
    const text = m[0].replace(/\s+/g, " ");
    out.push({ kind: "market", start: m.index, text, source: new RegExp(literal(name).replace(/\s+/g, "\\s+"), "u") });
  }
  return out;
}

/** Time words in sentences that name no year, in editions whose information is beyond review. */
function timeWords(prose: string): TimeMatch[] {
  const out: TimeMatch[] = [];
  for (const m of prose.matchAll(TIME)) {
    const word = m[0];
    const sentence = sentenceAround(prose, m.index);
    if (YEAR.test(sentence) || quoted(prose, m.index)) continue;
    // "Yet" opening a sentence is a conjunction, not a time word.
    if (word.toLowerCase() === "yet" && sentence.trimStart().startsWith(word)) continue;
    // "New York", "New Zealand": a name, not a time word.
    if (word.toLowerCase() === "new" && /^\s+\p{Lu}/u.test(prose.slice(m.index + word.length))) continue;
    // "Now and then" is an idiom, not a time reference.
    if (word.toLowerCase() === "now" && /^\s+and\s+then\b/.test(prose.slice(m.index + word.length))) continue;
    out.push({ kind: "word", start: m.index, text: word, source: wordPattern(word, true) });
  }
  return out;
}

/** `text/time-words` over every prepared edition whose brief's information is beyond review. */
export function checkTimeWords(prepared: readonly PreparedEdition[]): Diagnostic[] {
  const stale = prepared.filter((p) => {
    const c = p.edition.brief.config.value;
    return informationAge(c.information_as_of, c.edition_date, c.review_period_days).beyondReview;
  });
  return scanProse(stale, (prose) =>
    [...timeWords(prose), ...marketStatements(prose)].sort((a, b) => a.start - b.start),
  ).map((f) => {
    const c = f.edition.edition.brief.config.value;
    const age = informationAge(c.information_as_of, c.edition_date, c.review_period_days);
    if (f.match.kind === "market")
      return diagnostic({
        rule: "text/time-words",
        at: f.at,
        message: `"${f.match.text}" states how the market stands in the present tense, but the information is as of ${c.information_as_of}, ${age.text} before the edition`,
        hint: `Put it in the past tense and anchor it to the sources' date ("In January 2025, OpenAI's flagship reasoning model was o1").`,
      });
    return diagnostic({
      rule: "text/time-words",
      at: f.at,
      message: `"${f.match.text}" speaks of the reader's present, but the information is as of ${c.information_as_of}, ${age.text} before the edition`,
      hint: `Tie it to a date ("as of February 2025") or drop it; a sentence that names a year is not flagged.`,
    });
  });
}
