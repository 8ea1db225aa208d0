import Handlebars from "handlebars";
import { formatDate } from "../../lib/format.js";
import { informationAge } from "../../lib/information-age.js";
import { smarten } from "../../lib/typography.js";
import type { Edition } from "../../model.js";
import type { Note, UnnamedNote } from "./citations.js";

/**
 * What the layout templates print around the sections: the cover's dates
 * and the age of the information, the per-audience disclaimer, the "About
 * this brief" back matter, and the sources list. All of it comes from
 * brief.yaml, the audience file and sources.yaml, validated at load.
 */

/** What a draft or specimen edition says of itself: on the cover, in the running footer and in About. */
export function statusWords(
  status: "draft" | "specimen" | "final",
): { label: string; cover: string; about: string } | undefined {
  if (status === "specimen")
    return {
      label: "Specimen",
      cover: "Specimen, not for publication: the people, contact and review details in this edition are placeholders.",
      about: "Specimen: the contact and review details are placeholders.",
    };
  if (status === "draft")
    return {
      label: "Draft",
      cover: "Draft, not for publication: this edition has not been signed off, and its details may be placeholders.",
      about: "Draft: not yet signed off; the contact and review details may be placeholders.",
    };
  return undefined;
}

/** The brief's values for the cover and the running furniture. */
export function briefContext(edition: Edition): object {
  const c = edition.brief.config.value;
  const age = informationAge(c.information_as_of, c.edition_date, c.review_period_days);
  const subtitle = c.editions[edition.audience.name]?.subtitle ?? c.subtitle;
  return {
    ...c,
    title: smarten(c.title),
    subtitle: subtitle === undefined ? undefined : smarten(subtitle),
    editionDate: formatDate(c.edition_date),
    asOf: formatDate(c.information_as_of),
    /** Set when the information is older than the review period: "21 months". */
    age: age.beyondReview ? age.text : undefined,
    /** Set for a draft or a specimen: what it says of itself. */
    statusWords: statusWords(c.status),
  };
}

const NUMBER_WORDS = [
  "no",
  "one",
  "two",
  "three",
  "four",
  "five",
  "six",
  "seven",
  "eight",
  "nine",
  "ten",
  "eleven",
  "twelve",
];

/** "four sources", "one source": the count of sources an edition lists, in words up to twelve. */
export function sourcesListed(n: number): string {
  return `${NUMBER_WORDS[n] ?? String(n)} ${n === 1 ? "source" : "sources"}`;
}

/**
 * The method statement with `{{listed_sources}}` replaced by the count of
 * sources this edition lists ("four sources"): editions cite different
 * subsets, so a number written by hand is wrong in some of them.
 */
export function methodText(method: string, listed: number): string {
  return method.replace(/\{\{\s*listed_sources\s*\}\}/g, sourcesListed(listed));
}

/** The "About this brief" block and the disclaimer; `listed`: how many sources the edition lists. */
export function aboutContext(edition: Edition, listed: number): object {
  const a = edition.brief.config.value.about;
  return {
    unit: smarten(a.unit),
    contact: a.contact,
    reviewedBy: smarten(a.reviewed_by),
    reviewedOn: formatDate(a.reviewed_on),
    method: smarten(methodText(a.method, listed)),
    interests: smarten(a.interests),
    disclaimer: smarten(edition.audience.config.disclaimer),
    status: statusWords(edition.brief.config.value.status)?.about,
  };
}

/** A title and the full stop after it, unless it ends in its own punctuation ("why?"). */
function titleStop(title: string): string {
  return /[.?!…]$/.test(title) ? "" : ".";
}

/** The access date every listed source shares, if they share one. */
export function commonAccessed(notes: readonly Note[]): string | undefined {
  const dates = new Set(notes.map((n) => n.source.accessed));
  const only = [...dates][0];
  return dates.size === 1 && only !== undefined ? formatDate(only) : undefined;
}

/** Figures whose source the notes do not name: each statement with its mark and back-links. */
export function unnamedContext(unnamed: readonly UnnamedNote[]): object[] {
  return unnamed.map((u) => ({
    k: u.k,
    mark: u.mark,
    text: smarten(u.text),
    backrefs: u.backrefs.map((id, i) => ({ id, label: u.backrefs.length > 1 ? String.fromCharCode(97 + i) : "" })),
  }));
}

/** The sources list: cited sources in the order first cited, each with its back-links. */
export function notesContext(notes: readonly Note[]): object[] {
  const shared = commonAccessed(notes);
  return notes.map((n) => ({
    n: n.n,
    id: n.id,
    author: smarten(n.source.author),
    title: smarten(n.source.title),
    titleStop: titleStop(n.source.title),
    titleLang: n.source.title_lang,
    titleEn: n.source.title_en === undefined ? undefined : smarten(n.source.title_en),
    publisher: n.source.publisher,
    published: n.source.published === undefined ? "n.d." : formatDate(n.source.published),
    url: n.source.url,
    urlHtml: breakableUrl(n.source.url),
    accessed: shared === undefined ? formatDate(n.source.accessed) : undefined,
    backrefs: n.backrefs.map((id, i) => ({
      id,
      label: n.backrefs.length > 1 ? String.fromCharCode(97 + i) : "",
    })),
  }));
}

/** A URL as HTML with break opportunities after its separators, so long links wrap cleanly. */
function breakableUrl(url: string): Handlebars.SafeString {
  const escaped = url.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
  return new Handlebars.SafeString(escaped.replace(/(?<!\/)(\/|\.|-|\?|=)(?!\/)/g, "$1<wbr>"));
}
