import { diagnostic, type Diagnostic } from "../diagnostics/index.js";
import type { PreparedEdition } from "../model.js";
import { scanProse, type ProseMatch } from "./prose-scan.js";

/**
 * `text/spelling`: British or American spelling, as the brief's `lang`
 * says, for a short house-style list of words that differ. Capitalised
 * words are left alone (proper names such as "Stanford Cyber Policy
 * Center" keep their own spelling), and so is the verb "to license".
 */

/** Word stems that differ, British first; each takes the suffixes given. */
const PAIRS: readonly (readonly [gb: string, us: string, suffixes: string])[] = [
  ["licence", "license", "|s"],
  ["behaviour", "behavior", "|s|al"],
  ["colour", "color", "|s|ed|ful"],
  ["favour", "favor", "|s|ed|able|ite|ites"],
  ["honour", "honor", "|s|ed"],
  ["labour", "labor", "|s|ed"],
  ["centre", "center", "|s|d"],
  ["defence", "defense", "|s"],
  ["catalogue", "catalog", "|s"],
  ["analys", "analyz", "e|es|ed|ing"],
  ["organis", "organiz", "e|es|ed|ing|ation|ations|ational"],
  ["emphasis", "emphasiz", "e|es|ed|ing"],
  ["recognis", "recogniz", "e|es|ed|ing"],
  ["realis", "realiz", "e|es|ed|ing"],
  ["summaris", "summariz", "e|es|ed|ing"],
  ["prioritis", "prioritiz", "e|es|ed|ing"],
  ["criticis", "criticiz", "e|es|ed|ing"],
];

/**
 * One form for words the editions would otherwise mix, whatever the
 * variant: the pattern finds every other form ("open source" as two words,
 * "opensource"), the house form replaces it with the found capitalisation.
 */
const HOUSE_FORMS: readonly (readonly [pattern: string, house: string])[] = [
  ["open[\\s\\u00a0]+source|opensource", "open-source"],
];

interface Misspelling extends ProseMatch {
  readonly wanted: string;
}

/** Which spelling a language tag asks for, if any. */
function variantOf(lang: string): "gb" | "us" | undefined {
  if (/^en-(GB|IE|AU|NZ|ZA|IN)\b/i.test(lang)) return "gb";
  if (/^en-US\b/i.test(lang)) return "us";
  return undefined;
}

/** Words in `prose` spelt the other way from `variant`. */
export function misspellings(prose: string, variant: "gb" | "us"): Misspelling[] {
  const out: Misspelling[] = [];
  for (const [gb, us, suffixes] of PAIRS) {
    const [wrong, right] = variant === "gb" ? [us, gb] : [gb, us];
    const re = new RegExp(`(?<![\\p{L}\\p{N}])${wrong}(${suffixes})(?![\\p{L}\\p{N}])`, "gu");
    for (const m of prose.matchAll(re)) {
      if (wrong === "license" && /\bto\s+$/.test(prose.slice(Math.max(0, m.index - 4), m.index))) continue;
      out.push({
        start: m.index,
        text: m[0],
        wanted: `${right}${m[1] ?? ""}`,
        source: new RegExp(`(?<![\\p{L}\\p{N}])${m[0]}(?![\\p{L}\\p{N}])`, "u"),
      });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/** Words in `prose` not in their house form ("open source" for "open-source"). */
export function houseForms(prose: string): Misspelling[] {
  const out: Misspelling[] = [];
  for (const [pattern, house] of HOUSE_FORMS) {
    const re = new RegExp(`(?<![\\p{L}\\p{N}-])(?:${pattern})(?![\\p{L}\\p{N}-])`, "giu");
    for (const m of prose.matchAll(re)) {
      const capital = /^\p{Lu}/u.test(m[0]);
      out.push({
        start: m.index,
        text: m[0].replace(/\s+/g, " "),
        wanted: capital ? house.charAt(0).toUpperCase() + house.slice(1) : house,
        source: new RegExp(`(?<![\\p{L}\\p{N}-])${m[0].replace(/\s+/g, "\\s+")}(?![\\p{L}\\p{N}-])`, "u"),
      });
    }
  }
  return out;
}

/** `text/spelling` over every prepared edition. */
export function checkSpelling(prepared: readonly PreparedEdition[]): Diagnostic[] {
  return scanProse(prepared, (prose, p) => {
    const variant = variantOf(p.edition.brief.config.value.lang);
    return [...(variant ? misspellings(prose, variant) : []), ...houseForms(prose)].sort((a, b) => a.start - b.start);
  }).map((f) => {
    const lang = f.edition.edition.brief.config.value.lang;
    if (HOUSE_FORMS.some(([, house]) => house === f.match.wanted.toLowerCase()))
      return diagnostic({
        rule: "text/spelling",
        at: f.at,
        message: `"${f.match.text}" is not the house form; write "${f.match.wanted}"`,
        hint: `Every edition spells it one way, "${f.match.wanted}", so the editions never mix two forms.`,
      });
    return diagnostic({
      rule: "text/spelling",
      at: f.at,
      message: `"${f.match.text}" is not ${lang} spelling; write "${f.match.wanted}"`,
      hint: `The brief's lang is ${lang}; house style follows it throughout (the verb "to license" is left alone).`,
    });
  });
}
