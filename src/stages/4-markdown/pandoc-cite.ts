/**
 * Pandoc's citation syntax, read from the text of one Markdown text node
 * (after parsing, so code spans, link targets and e-mail autolinks are
 * never looked at): `[@key]`, `[@key, p. 12]`, `[see @a; @b, chap. 3]`,
 * `[-@key]` (author suppressed) and narrative `@key says…` (optionally
 * `@key [p. 12]`). `@fig-…` and `@tbl-…` are cross-references, not
 * citations, and are left alone.
 */

/** One cited item of a cluster, as CSL's cite-items name the fields. */
export interface CiteItem {
  readonly id: string;
  readonly prefix?: string;
  readonly suffix?: string;
  readonly locator?: string;
  /** A CSL locator label: page, chapter, section, paragraph… */
  readonly label?: string;
  /** `[-@key]`: the author is not repeated. */
  readonly suppressAuthor?: boolean;
}

/** One citation as written: a bracketed cluster, or a narrative `@key`. */
export interface CiteCluster {
  readonly items: readonly CiteItem[];
  /** `@key says`: the author's name stands in the sentence. */
  readonly narrative: boolean;
}

/** A citation found in a text, with its offsets in that text. */
export interface FoundCitation {
  readonly start: number;
  readonly end: number;
  readonly cluster: CiteCluster;
}

/** A Pandoc citation key: starts with a letter, digit or _, internal punctuation allowed. */
const KEY = String.raw`[\p{L}\p{N}_](?:[\p{L}\p{N}_]|[:.#$%&+?<>~/-](?=[\p{L}\p{N}_]))*`;
const ITEM = new RegExp(String.raw`^(.*?)(-?)@(${KEY})(.*)$`, "su");
const BRACKET = new RegExp(String.raw`\[([^[\]]*?-?@${KEY}[^[\]]*)\]`, "gu");
const NARRATIVE = new RegExp(String.raw`(?<![\p{L}\p{N}_@.\\-])@(${KEY})(?:\s?\[([^[\]@]*)\])?`, "gu");

/** Cross-references owned by the figure and table numbering: never citations. */
export function isCrossReference(key: string): boolean {
  return /^(fig|tbl)-/.test(key);
}

/** Locator terms Pandoc understands, by the CSL label they stand for. */
const LABELS: ReadonlyArray<readonly [RegExp, string]> = [
  [/^(?:p|pp|pg|pgs|page|pages)\.?\s*/i, "page"],
  [/^(?:chap|chaps|ch|chapter|chapters)\.?\s*/i, "chapter"],
  [/^(?:sec|secs|section|sections|§§?)\.?\s*/i, "section"],
  [/^(?:para|paras|paragraph|paragraphs|¶¶?)\.?\s*/i, "paragraph"],
  [/^(?:l|ll|line|lines)\.?\s*/i, "line"],
  [/^(?:fig|figs|figure|figures)\.?\s*/i, "figure"],
  [/^(?:vol|vols|volume|volumes)\.?\s*/i, "volume"],
  [/^(?:n|nn|note|notes)\.?\s*/i, "note"],
];

/** `p. 12`, `chap. 3`, `33-35`: a label and locator, or undefined for other words. */
function locatorOf(text: string): { label: string; locator: string } | undefined {
  const t = text.trim();
  for (const [re, label] of LABELS) {
    // The term must be followed by a number: "pp. 33" is pages, "p. 3" a page, "passim" no locator.
    const m = new RegExp(`${re.source}(?=\\p{N})`, "iu").exec(t);
    if (m) return { label, locator: t.slice(m[0].length).trim() };
  }
  return /^\p{N}/u.test(t) ? { label: "page", locator: t } : undefined;
}

/** The text after a key: `, p. 12, emphasis added` → locator and suffix. */
function suffixParts(rest: string): Pick<CiteItem, "suffix" | "locator" | "label"> {
  const after = rest.replace(/^,\s*/, "");
  if (after === rest && rest.trim() === "") return {};
  const [first = "", ...more] = after.split(",");
  const loc = after === rest ? undefined : locatorOf(first);
  if (!loc) return rest.trim() ? { suffix: rest.trimEnd() } : {};
  const suffix = more.join(",").trim();
  return { ...loc, ...(suffix ? { suffix: `, ${suffix}` } : {}) };
}

/** One `prefix -@key suffix` part of a bracketed cluster, or undefined when it has no key. */
function itemOf(part: string): CiteItem | undefined {
  const m = ITEM.exec(part.trim());
  if (!m) return undefined;
  const prefix = (m[1] ?? "").trim();
  return {
    id: m[3] ?? "",
    ...(prefix ? { prefix } : {}),
    ...suffixParts(m[4] ?? ""),
    ...(m[2] === "-" ? { suppressAuthor: true } : {}),
  };
}

/** Every citation in `text`, in order; cross-references and e-mail addresses are not citations. */
export function findCitations(text: string): FoundCitation[] {
  const out: FoundCitation[] = [];
  const taken: Array<[number, number]> = [];
  for (const m of text.matchAll(BRACKET)) {
    const items = (m[1] ?? "").split(";").map(itemOf);
    if (items.some((i) => i === undefined || isCrossReference(i.id))) continue;
    out.push({ start: m.index, end: m.index + m[0].length, cluster: { items: items as CiteItem[], narrative: false } });
    taken.push([m.index, m.index + m[0].length]);
  }
  for (const m of text.matchAll(NARRATIVE)) {
    const id = m[1] ?? "";
    if (isCrossReference(id) || taken.some(([s, e]) => m.index >= s && m.index < e)) continue;
    const loc = m[2] === undefined ? {} : suffixParts(`, ${m[2]}`);
    // A key ends before trailing sentence punctuation ("…as @smith2024.").
    out.push({ start: m.index, end: m.index + m[0].length, cluster: { items: [{ id, ...loc }], narrative: true } });
  }
  return out.sort((a, b) => a.start - b.start);
}

/** True when `text` still holds something that looks like a bracketed citation. */
export function looksLikeCitation(text: string): boolean {
  return /\[[^[\]]*-?@[\p{L}\p{N}_]/u.test(text);
}
