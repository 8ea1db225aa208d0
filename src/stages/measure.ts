import type { Element, Root } from "hast";
import { SKIP, visit } from "unist-util-visit";
import { fleschKincaid, type Readability } from "../lib/readability.js";
import type { SectionHtml } from "./markdown.js";

/**
 * Measures an edition's prose: the reading grade of its body text
 * (paragraphs and list items of the sections; not tables, headings, charts
 * or the sources list), for the audience's reading-grade limit.
 */

function textOf(node: Element): string {
  let out = "";
  visit(node, (n) => {
    if (n.type === "element" && (n.tagName === "sup" || (n.tagName === "a" && Array.isArray(n.properties.className) && n.properties.className.includes("cite")))) return SKIP;
    if (n.type === "text") out += n.value;
    return undefined;
  });
  return out;
}

/** Paragraph and list-item texts of a section tree. */
export function proseBlocks(tree: Root): string[] {
  const blocks: string[] = [];
  visit(tree, "element", (node) => {
    if (node.tagName === "table" || node.tagName === "figure") return SKIP;
    if (node.tagName === "p" || node.tagName === "li") {
      // A list item that wraps paragraphs is measured through them.
      if (node.tagName === "li" && node.children.some((c) => c.type === "element" && c.tagName === "p")) return undefined;
      blocks.push(textOf(node));
      return SKIP;
    }
    return undefined;
  });
  return blocks;
}

/** Reading grade of an edition's body text. */
export function readingGrade(sections: readonly SectionHtml[]): Readability {
  return fleschKincaid(sections.flatMap((s) => proseBlocks(s.tree)));
}
