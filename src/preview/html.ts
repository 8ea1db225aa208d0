import type { Element, Root } from "hast";
import { fromParse5 } from "hast-util-from-parse5";
import { parse } from "parse5";

/**
 * Parsing an edition's HTML into a hast tree for the preview. Positions in
 * the source are not needed, and leaving them out makes parsing and
 * copying the tree markedly faster, which matters on the path from a save
 * to the updated page.
 */

/** The document as a hast tree, without source positions. */
export function parseHtml(html: string): Root {
  return fromParse5(parse(html, { sourceCodeLocationInfo: false })) as Root;
}

/** The `body` element (the parser always makes one). */
export function findBody(tree: Root): Element {
  const html = tree.children.find((c): c is Element => c.type === "element" && c.tagName === "html");
  const body = html?.children.find((c): c is Element => c.type === "element" && c.tagName === "body");
  if (!body) throw new Error("findBody: the parsed document has no body");
  return body;
}
