import { parseFragment, type DefaultTreeAdapterMap } from "parse5";

/**
 * The words inside raw HTML that an author wrote in a section. The markup
 * is removed (content is data, not code), but the sentence inside
 * `<div class="callout">Fines are ceilings…</div>` is the author's, so it
 * stays, as plain text. Nothing that is code or an embedded document is
 * kept: script, style, iframe and the like lose their contents with their
 * tags.
 */

/** Elements whose contents are never text for the reader. */
const DROPPED = new Set([
  "script",
  "style",
  "template",
  "iframe",
  "object",
  "embed",
  "noscript",
  "svg",
  "math",
  "head",
  "title",
]);
/** Elements that end a paragraph of their own. */
const BLOCKS = new Set([
  "address",
  "article",
  "aside",
  "blockquote",
  "dd",
  "div",
  "dl",
  "dt",
  "figcaption",
  "figure",
  "footer",
  "h1",
  "h2",
  "h3",
  "h4",
  "h5",
  "h6",
  "header",
  "li",
  "ol",
  "p",
  "section",
  "table",
  "td",
  "th",
  "tr",
  "ul",
]);

type Parse5Node = DefaultTreeAdapterMap["node"];

/** The readable text of an HTML fragment, as paragraphs (one per block element), whitespace collapsed. */
export function htmlParagraphs(html: string): string[] {
  const paragraphs: string[] = [];
  let current = "";
  const flush = (): void => {
    const text = current.replace(/\s+/g, " ").trim();
    if (text) paragraphs.push(text);
    current = "";
  };
  const walk = (node: Parse5Node): void => {
    if (node.nodeName === "#text" && "value" in node) {
      current += node.value;
      return;
    }
    if (DROPPED.has(node.nodeName)) return;
    if (node.nodeName === "br") current += " ";
    const block = BLOCKS.has(node.nodeName);
    if (block) flush();
    if ("childNodes" in node) for (const child of node.childNodes) walk(child);
    if (block) flush();
  };
  walk(parseFragment(html));
  flush();
  return paragraphs;
}
