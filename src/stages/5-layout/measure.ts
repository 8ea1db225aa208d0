import type { Root } from "hast";
import { SKIP, visit } from "unist-util-visit";
import { textOf } from "../../lib/hast.js";
import { fleschKincaid, type Readability } from "../../lib/readability.js";
import type { SectionHtml } from "../../model.js";

/**
 * Measures an edition's prose: the reading grade of its body text
 * (paragraphs and list items of the sections; not tables, headings, charts
 * or the sources list). The limit is enforced by checks/reading-grade.ts.
 */

/** Paragraph and list-item texts of a section tree, without citation marks. */
export function proseBlocks(tree: Root): string[] {
  const blocks: string[] = [];
  visit(tree, "element", (node) => {
    if (node.tagName === "table" || node.tagName === "figure") return SKIP;
    if (node.tagName !== "p" && node.tagName !== "li") return undefined;
    // A list item that wraps paragraphs is measured through them.
    if (node.tagName === "li" && node.children.some((c) => c.type === "element" && c.tagName === "p")) return undefined;
    blocks.push(textOf(node, { skipCitations: true }));
    return SKIP;
  });
  return blocks;
}

/** Reading grade of an edition's body sections. */
export function readingGrade(sections: readonly SectionHtml[]): Readability {
  return fleschKincaid(
    sections.filter((s) => s.merged.section.front.kind === "body").flatMap((s) => proseBlocks(s.tree)),
  );
}
