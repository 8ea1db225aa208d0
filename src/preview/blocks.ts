import { createHash } from "node:crypto";
import type { Element, ElementContent, Root, Text } from "hast";

/**
 * The blocks of an edition's document that a page break can fall between:
 * the innermost block-level elements (paragraphs, list items, headings,
 * table rows, …). Each has a key made from its tag and text, so a page
 * break measured on one version of a brief can be placed again on the next
 * version wherever that block is unchanged.
 */

/** Elements that lay out as blocks in the editions' HTML. */
const BLOCK_TAGS = new Set([
  "address", "article", "aside", "blockquote", "caption", "dd", "details", "div", "dl", "dt",
  "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
  "header", "hgroup", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "summary",
  "table", "tbody", "tfoot", "thead", "tr", "ul",
]); // prettier-ignore

/** Blocks whose text can run across a page break (the others never split, or hold no text of their own). */
const TEXT_BLOCKS = new Set(["p", "li", "dd", "dt", "blockquote", "pre", "figcaption", "caption"]);

/** One innermost block, in document order. */
export interface Block {
  readonly node: Element;
  /** Position among the document's blocks. */
  readonly index: number;
  /** Tag and text, plus a counter when the same block occurs more than once. */
  readonly key: string;
  /** Whether text in it may be split across pages. */
  readonly text: boolean;
}

const isElement = (n: ElementContent | Root): n is Element => n.type === "element";

/** Whether `node` holds a block-level element (inline SVG and its contents are not blocks). */
function hasBlockInside(node: Element): boolean {
  return node.children.some(
    (c) => isElement(c) && c.tagName !== "svg" && (BLOCK_TAGS.has(c.tagName) || hasBlockInside(c)),
  );
}

/** All text under a node, in order. */
export function textContent(node: ElementContent): string {
  if (node.type === "text") return node.value;
  if (node.type !== "element") return "";
  return node.children.map(textContent).join("");
}

/** The innermost blocks of `root`, in document order. */
export function leafBlocks(root: Root | Element): Block[] {
  const out: Block[] = [];
  const seen = new Map<string, number>();
  const visit = (node: Element): void => {
    if (node.tagName === "svg" || node.tagName === "head") return;
    if (BLOCK_TAGS.has(node.tagName) && !hasBlockInside(node)) {
      const text = textContent(node).replace(/\s+/g, " ").trim();
      const hash = createHash("sha1").update(text).digest("base64url").slice(0, 12);
      const base = `${node.tagName}:${hash}`;
      const n = (seen.get(base) ?? 0) + 1;
      seen.set(base, n);
      out.push({ node, index: out.length, key: n === 1 ? base : `${base}:${n}`, text: TEXT_BLOCKS.has(node.tagName) });
      return;
    }
    for (const c of node.children) if (isElement(c)) visit(c);
  };
  for (const c of root.children) if (c.type === "element") visit(c);
  return out;
}

/** A word of a block: the text node it is in and where it starts. */
export interface WordAt {
  readonly text: Text;
  readonly parent: Element;
  readonly offset: number;
  readonly length: number;
}

/** The words of a block (runs of non-space characters in its text nodes), in order; SVG is skipped. */
export function wordsOf(block: Element): WordAt[] {
  const out: WordAt[] = [];
  const visit = (node: Element): void => {
    if (node.tagName === "svg") return;
    for (const c of node.children) {
      if (c.type === "element") visit(c);
      else if (c.type === "text")
        for (const m of c.value.matchAll(/\S+/g))
          out.push({ text: c, parent: node, offset: m.index, length: m[0].length });
    }
  };
  visit(block);
  return out;
}
