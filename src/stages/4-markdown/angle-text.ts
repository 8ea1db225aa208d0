import { htmlTagNames } from "html-tag-names";

/**
 * Text in angle brackets that is not HTML. Markdown reads
 * `<in workplaces>` as a tag (`in`, with an attribute `workplaces`), and
 * raw HTML is removed from editions, so the words would vanish. A tag whose
 * name is not an HTML element (html-tag-names' list; a custom element's
 * name, with a hyphen, counts as HTML) is the author's text: it is kept,
 * brackets and all, with a warning (`markdown/angle-text`).
 */

const KNOWN: ReadonlySet<string> = new Set(htmlTagNames);
/** The name of each start or end tag in a piece of raw HTML. */
const TAG = /<\/?([A-Za-z][A-Za-z0-9-]*)(?=[\s/>])/g;

/** True when `name` is an HTML element's name (any case), or a custom element's. */
export function isHtmlTagName(name: string): boolean {
  return KNOWN.has(name.toLowerCase()) || name.includes("-");
}

/**
 * True when a raw-HTML node of the Markdown is text in angle brackets: it
 * holds at least one tag, and no tag in it names an HTML element.
 */
export function isAngleText(html: string): boolean {
  const names = [...html.matchAll(TAG)].map((m) => m[1] ?? "");
  return names.length > 0 && !names.some(isHtmlTagName);
}

/** The first bracketed text of a raw-HTML node, as a diagnostic quotes it ("<in workplaces>"). */
export function firstBracketed(html: string): string {
  const m = /<\/?[A-Za-z][^<>]*>?/.exec(html);
  return (m?.[0] ?? html).replace(/\s+/g, " ").slice(0, 40);
}
