import type { Element, Root } from "hast";
import { fromParse5 } from "hast-util-from-parse5";
import { parse } from "parse5";
import { SKIP, visit } from "unist-util-visit";
import type { Note, UnnamedNote } from "./citations.js";
import { constructsOf, type TextConstructs } from "./constructs.js";

/**
 * What the PDF stage needs from the HTML to make the PDF accessible, which
 * the print itself does not carry: where each in-document link goes, in
 * words (a note's author, title and year; a section's title), and which
 * passages are in another language than the document (`lang`), and the
 * definition lists and deletions (constructs.ts).
 */

/** A passage in another language than the document's. */
export interface LangPassage {
  readonly lang: string;
  readonly text: string;
}

/** "Note 3: Stanford Cyber Policy Center, Title (2025)" for each note, by its id (`note-3`); "Note †: …" for each unnamed-source statement (`unnamed-1`). */
export function noteTargets(notes: readonly Note[], unnamed: readonly UnnamedNote[] = []): Map<string, string> {
  return new Map([
    ...unnamed.map((u): [string, string] => [`unnamed-${u.k}`, `Note ${u.mark}: ${u.text}`]),
    ...notes.map((n): [string, string] => {
      const title = n.source.title_en ?? n.source.title;
      const year = n.source.published?.slice(0, 4) ?? "n.d.";
      return [`note-${n.n}`, `Note ${n.n}: ${n.source.author}, ${title} (${year})`];
    }),
  ]);
}

const classes = (e: Element): string[] => {
  const c = e.properties.className;
  return Array.isArray(c) ? c.map(String) : [];
};

/** Text a reader hears for a heading: without the inline label, citation and note marks. */
function headingText(e: Element): string {
  let out = "";
  visit(e, (n) => {
    if (n.type === "element" && ["label", "cite", "fn"].some((c) => classes(n).includes(c))) return SKIP;
    if (n.type === "text") out += n.value;
    return undefined;
  });
  return out.replace(/\s+/g, " ").trim();
}

function plainText(e: Element): string {
  let out = "";
  visit(e, "text", (n) => {
    out += n.value;
  });
  return out.replace(/\s+/g, " ").trim();
}

/**
 * An edition's HTML as a hast tree (parse5, no positions). Parsing the
 * final HTML is the costly part of reading it; the PDF stage parses it once
 * and hands the tree to every reader (`htmlAccessibility`, `tableShapes`),
 * none of which changes it.
 */
export function htmlTree(html: string): Root {
  return fromParse5(parse(html, { sourceCodeLocationInfo: false })) as Root;
}

/** Headings and labelled regions by id, and the passages in another language, read from an edition's HTML. */
export function htmlAccessibility(html: string | Root): {
  targets: Map<string, string>;
  passages: LangPassage[];
  constructs: TextConstructs;
} {
  const tree = typeof html === "string" ? htmlTree(html) : html;
  const byId = new Map<string, Element>();
  let docLang = "";
  visit(tree, "element", (e) => {
    if (typeof e.properties.id === "string") byId.set(e.properties.id, e);
    if (e.tagName === "html" && typeof e.properties.lang === "string") docLang = e.properties.lang;
  });
  const targets = new Map<string, string>();
  for (const [id, e] of byId) {
    const labelled = e.properties.ariaLabelledBy;
    const label =
      typeof labelled === "string"
        ? byId.get(labelled)
        : Array.isArray(labelled)
          ? byId.get(String(labelled[0]))
          : undefined;
    if (/^h[1-6]$/.test(e.tagName)) targets.set(id, headingText(e));
    else if (label) targets.set(id, headingText(label));
  }
  const passages: LangPassage[] = [];
  visit(tree, "element", (e) => {
    const lang = e.properties.lang;
    if (e.tagName !== "html" && typeof lang === "string" && lang.toLowerCase() !== docLang.toLowerCase())
      passages.push({ lang, text: plainText(e) });
  });
  return { targets, passages: passages.filter((p) => p.text !== ""), constructs: constructsOf(tree) };
}
