import type { Element, ElementContent, Root } from "hast";
import { visit } from "unist-util-visit";

/**
 * Code blocks keep their lines in the tagged PDF. Chromium prints a
 * `pre` as one tagged sequence, and its line breaks are not characters
 * there, so the tagged text ran the lines together ("def spend(budget,
 * share):    # a comment…"). Each line of a block becomes a
 * `span.code-line` (a block in print.css), which Chromium tags as an
 * element of its own inside the `Code` element: tools and screen readers
 * get one line at a time. The characters are unchanged, so copying from
 * the HTML still gives the code as written.
 */

/** The text of `nodes` (a code block holds text only, but be safe about elements). */
function textOf(nodes: readonly ElementContent[]): string {
  return nodes.map((n) => (n.type === "text" ? n.value : n.type === "element" ? textOf(n.children) : "")).join("");
}

/** Split every `pre > code` into one `span.code-line` per line (in place). */
export function splitCodeLines(tree: Root): void {
  visit(tree, "element", (node) => {
    if (node.tagName !== "pre") return;
    for (const code of node.children) {
      if (code.type !== "element" || code.tagName !== "code") continue;
      const lines = textOf(code.children).replace(/\n$/, "").split("\n");
      code.children = lines.map((line): Element => ({
        type: "element",
        tagName: "span",
        properties: { className: ["code-line"] },
        children: line === "" ? [] : [{ type: "text", value: line }],
      }));
    }
  });
}
