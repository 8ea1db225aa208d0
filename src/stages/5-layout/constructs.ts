import type { Element, Root } from "hast";
import { visit } from "unist-util-visit";

/**
 * Text constructs whose meaning Chromium's tagged PDF loses, read from the
 * sections of an edition's HTML (the template's own parts, such as the
 * cover's `dl.cover-meta`, are left as they are) so the PDF stage can
 * restore it: each definition list
 * (`dl`: Chromium tags it and its `dt` and `dd` as NonStruct) as its terms
 * and definitions in order, and each deletion (`del`, strikethrough:
 * NonStruct too) by its text. The PDF stage finds them by their text, as
 * it finds passages in another language.
 */

/** One `dt` or `dd` of a definition list, with its text. */
export interface DefinitionEntry {
  readonly kind: "term" | "definition";
  readonly text: string;
}

/** What the PDF stage needs to restore. */
export interface TextConstructs {
  /** Each `dl`: its entries in order. */
  readonly definitionLists: readonly (readonly DefinitionEntry[])[];
  /** The text of each `del`. */
  readonly deletions: readonly string[];
}

function textOf(e: Element): string {
  let out = "";
  visit(e, "text", (n) => {
    out += n.value;
  });
  return out.replace(/\s+/g, " ").trim();
}

/** The definition lists and deletions of a parsed HTML document, in document order. */
export function constructsOf(tree: Root): TextConstructs {
  const definitionLists: DefinitionEntry[][] = [];
  const deletions: string[] = [];
  const sections: Element[] = [];
  visit(tree, "element", (e) => {
    const c = e.properties.className;
    if (e.tagName === "section" && Array.isArray(c) && c.includes("section")) sections.push(e);
  });
  for (const section of sections) collect(section, definitionLists, deletions);
  return { definitionLists, deletions };
}

/** The definition lists and deletions under one section. */
function collect(section: Element, definitionLists: DefinitionEntry[][], deletions: string[]): void {
  visit(section, "element", (e) => {
    if (e.tagName === "del") {
      const t = textOf(e);
      if (t) deletions.push(t);
    }
    if (e.tagName !== "dl") return;
    const entries = e.children.flatMap((k): DefinitionEntry[] =>
      k.type === "element" && (k.tagName === "dt" || k.tagName === "dd")
        ? [{ kind: k.tagName === "dt" ? "term" : "definition", text: textOf(k) }]
        : [],
    );
    if (entries.length) definitionLists.push(entries);
  });
}
