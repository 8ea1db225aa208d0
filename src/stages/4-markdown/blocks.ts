import type { Element, ElementContent, Root, Text } from "hast";

/**
 * A block's running text as a flat list, for the passes that read across
 * inline markup (citation placement, quotes): text nodes, atoms (a fact's
 * value, a citation, an image) that are read as a whole, and stops where a
 * nested block (a list inside a list item) begins.
 */

/** Elements that hold running text of their own. */
export const TEXT_BLOCKS: ReadonlySet<string> = new Set([
  "p",
  "li",
  "td",
  "th",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "figcaption",
  "dd",
  "dt",
  "blockquote",
]);

/** Elements that begin a block of their own when met inside another. */
const NESTED_BLOCKS = new Set([...TEXT_BLOCKS, "ul", "ol", "table", "figure", "div", "pre"]);

/** One entry of a block's running text. */
export type Run =
  | { readonly kind: "text"; readonly node: Text; readonly parent: Element; readonly ancestors: readonly Element[] }
  | {
      readonly kind: "atom";
      readonly node: Element;
      readonly parent: Element;
      readonly ancestors: readonly Element[];
      /** The text a reader sees in it ("" for a citation). */
      readonly text: string;
    }
  | { readonly kind: "stop"; readonly node: Element; readonly parent: Element };

function hasClass(node: Element, name: string): boolean {
  const cls = node.properties.className;
  return Array.isArray(cls) && cls.includes(name);
}

/** A citation mark: a placeholder from this stage or a numbered superscript. */
export function isCiteMark(node: Element): boolean {
  return hasClass(node, "cite");
}

/** A fact's value, a citation (placeholder or numbered) or an image: read whole, never split. */
export function isAtom(node: Element): boolean {
  return (
    (node.tagName === "span" && hasClass(node, "fact")) ||
    hasClass(node, "cite") ||
    node.tagName === "img" ||
    node.tagName === "br" ||
    node.tagName === "code"
  );
}

/** Plain text of an element. */
export function plainText(node: ElementContent): string {
  if (node.type === "text") return node.value;
  if (node.type !== "element") return "";
  return node.children.map(plainText).join("");
}

/** The runs of one block, in reading order; nested blocks end it with a stop. */
export function runsOf(block: Element): Run[] {
  const out: Run[] = [];
  const walk = (parent: Element, ancestors: readonly Element[]): boolean => {
    for (const child of parent.children) {
      if (child.type === "text") out.push({ kind: "text", node: child, parent, ancestors });
      else if (child.type === "element") {
        if (NESTED_BLOCKS.has(child.tagName)) {
          out.push({ kind: "stop", node: child, parent });
          return false;
        }
        if (isAtom(child)) {
          const text = hasClass(child, "cite") ? "" : plainText(child);
          out.push({ kind: "atom", node: child, parent, ancestors, text });
        } else if (!walk(child, [...ancestors, child])) return false;
      }
    }
    return true;
  };
  walk(block, []);
  return out;
}

/** Every text block of a tree whose own runs hold something, innermost last. */
export function textBlocks(tree: Root | Element): Element[] {
  const out: Element[] = [];
  const visitNode = (node: Root | Element): void => {
    for (const child of node.children) {
      if (child.type !== "element") continue;
      if (TEXT_BLOCKS.has(child.tagName)) out.push(child);
      visitNode(child);
    }
  };
  visitNode(tree);
  return out;
}
