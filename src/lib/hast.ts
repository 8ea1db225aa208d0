import type { Element, Nodes } from "hast";
import { SKIP, visit } from "unist-util-visit";

/**
 * Small questions asked of HTML trees (hast) in several stages: is this
 * node a citation, and what text does a reader see in it.
 */

function hasClass(node: Element, name: string): boolean {
  const cls = node.properties.className;
  return Array.isArray(cls) && cls.includes(name);
}

/** A citation placeholder from the markdown stage (`a.cite[data-source]`), before layout numbers it. */
export function isCitationPlaceholder(node: Element): boolean {
  return node.tagName === "a" && hasClass(node, "cite") && typeof node.properties.dataSource === "string";
}

/** A citation: a numbered `sup.cite` mark, or a placeholder not yet numbered. */
export function isCitation(node: Nodes): boolean {
  if (node.type !== "element") return false;
  return (node.tagName === "sup" && hasClass(node, "cite")) || (node.tagName === "a" && hasClass(node, "cite"));
}

/** The text of a tree in document order; citation marks are left out when asked. */
export function textOf(tree: Nodes, options: { skipCitations?: boolean } = {}): string {
  let out = "";
  visit(tree, (n) => {
    if (options.skipCitations && isCitation(n)) return SKIP;
    if (n.type === "text") out += n.value;
    return undefined;
  });
  return out;
}
