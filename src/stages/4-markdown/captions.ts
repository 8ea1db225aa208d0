import type { Element, Root as HastRoot } from "hast";
import type { Image, Nodes, Paragraph, Parents, PhrasingContent, Root, Table } from "mdast";
import { visit } from "unist-util-visit";
import { diagnostic, type Diagnostic, type Location } from "../../diagnostics/index.js";
import { atOffset } from "./positions.js";

/**
 * Captions and cross-references, in the syntax Pandoc and Quarto users
 * know, as a transform over the mdast (never a regex over the Markdown):
 *
 * - `Table: caption {#tbl-id}`, a paragraph directly before or after a
 *   table, becomes that table's `<caption>` (the id goes on the table);
 * - an image alone in its paragraph, with alt text, becomes a `<figure>`
 *   whose `<figcaption>` is the alt text (Pandoc's implicit figures);
 *   `![caption](img.png){#fig-id}` gives it an id;
 * - `@tbl-id` and `@fig-id` in running text become links
 *   `a.xref[data-xref=<id>]`, which the layout stage fills with "Table 1" /
 *   "Figure 2" once the edition's tables and figures are numbered (and
 *   reports when the id does not exist). Any other `@word` is left alone
 *   (citation keys are another pass's).
 */

/** The class of a cross-reference link before layout numbers it. */
export const XREF_CLASS = "xref";

const TABLE_CAPTION = /^Table:\s*/;
const ID_ATTRIBUTE = /\s*\{#([A-Za-z][\w:.-]*)\}\s*$/;
const XREF = /(^|[^\w@.\\])@((?:tbl|fig)-[\w:-]*\w)/g;

const paragraphText = (p: Paragraph): string =>
  p.children.map((c) => (c.type === "text" ? c.value : c.type === "image" ? "\0" : "\uFFFC")).join("");

/** Strip a trailing `{#id}` from a paragraph's last text node; returns the id. */
function takeId(children: PhrasingContent[]): string | undefined {
  const last = children[children.length - 1];
  if (last?.type !== "text") return undefined;
  const m = ID_ATTRIBUTE.exec(last.value);
  if (!m) return undefined;
  last.value = last.value.slice(0, m.index);
  if (last.value === "") children.pop();
  return m[1];
}

/** The `Table:` paragraphs next to tables become their captions (marked to be moved in by `attachCaptions`). */
function tableCaptions(parent: Parents, where: (n: Nodes) => Location, diagnostics: Diagnostic[]): void {
  const kids = parent.children as Nodes[];
  const isCaption = (n: Nodes | undefined): n is Paragraph =>
    n?.type === "paragraph" && n.children[0]?.type === "text" && TABLE_CAPTION.test(n.children[0].value);
  const used = new Set<Paragraph>();
  kids.forEach((node, i) => {
    if (node.type !== "table") return;
    const after = kids[i + 1];
    const before = kids[i - 1];
    const caption =
      isCaption(after) && !used.has(after) ? after : isCaption(before) && !used.has(before) ? before : undefined;
    if (!caption) return;
    used.add(caption);
    const first = caption.children[0];
    if (first?.type === "text") first.value = first.value.replace(TABLE_CAPTION, "");
    const id = takeId(caption.children);
    const token = `t${used.size}`;
    caption.data = { hName: "caption", hProperties: { dataCaptionOf: token } };
    const table: Table = node;
    table.data = { hProperties: { dataCaptioned: token, ...(id ? { id } : {}) } };
  });
  for (const node of kids)
    if (isCaption(node) && !used.has(node))
      diagnostics.push(
        diagnostic({
          rule: "markdown/caption-orphan",
          at: where(node),
          message: `"Table:" caption is not next to a table; it prints as a paragraph`,
        }),
      );
}

/** An image alone in its paragraph (with alt text, and perhaps `{#fig-id}`) becomes a figure with a caption. */
function implicitFigure(p: Paragraph): void {
  const kids = p.children.filter((c) => !(c.type === "text" && c.value.trim() === "" && !ID_ATTRIBUTE.test(c.value)));
  const image = kids[0];
  if (image?.type !== "image" || !image.alt?.trim()) return;
  const rest = kids.slice(1);
  if (rest.length > 1 || (rest[0] && !(rest[0].type === "text" && ID_ATTRIBUTE.test(rest[0].value)))) return;
  const id = rest[0]?.type === "text" ? ID_ATTRIBUTE.exec(rest[0].value)?.[1] : undefined;
  const img: Image = image;
  p.children = [
    img,
    { type: "emphasis", children: [{ type: "text", value: img.alt ?? "" }], data: { hName: "figcaption" } },
  ];
  p.data = { hName: "figure", hProperties: { className: ["figure"], ...(id ? { id } : {}) } };
}

/** `@tbl-…` / `@fig-…` in running text become cross-reference links (positioned, for layout's checks). */
function crossReferences(tree: Root): void {
  visit(tree, "text", (node, index, parent) => {
    if (!parent || index === undefined || !node.value.includes("@")) return undefined;
    const parts: PhrasingContent[] = [];
    let last = 0;
    const start = { file: "", line: node.position?.start.line ?? 1, column: node.position?.start.column ?? 1 };
    for (const m of node.value.matchAll(XREF)) {
      const at = m.index + (m[1]?.length ?? 0);
      const id = m[2] ?? "";
      if (at > last) parts.push({ type: "text", value: node.value.slice(last, at) });
      const pos = atOffset(start, node.value, at);
      const point = { line: pos.line, column: pos.column };
      parts.push({
        type: "link",
        url: `#${id}`,
        children: [],
        data: { hProperties: { className: [XREF_CLASS], dataXref: id } },
        position: { start: point, end: point },
      });
      last = at + id.length + 1;
    }
    if (parts.length === 0) return undefined;
    if (last < node.value.length) parts.push({ type: "text", value: node.value.slice(last) });
    parent.children.splice(index, 1, ...parts);
    return index + parts.length;
  });
}

/** Captions, implicit figures and cross-references in a section's mdast (in place); reports orphan captions. */
export function markCaptions(tree: Root, where: (n: Nodes) => Location): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  visit(tree, (node) => {
    if (node.type === "root" || node.type === "blockquote" || node.type === "listItem")
      tableCaptions(node, where, diagnostics);
  });
  visit(tree, "paragraph", (p) => {
    if (!p.data?.hName && paragraphText(p).includes("\0")) implicitFigure(p);
  });
  crossReferences(tree);
  return diagnostics;
}

/** Move each table's caption (a sibling until now) inside it, as its first child (in place). */
export function attachCaptions(tree: HastRoot): void {
  const captions = new Map<string, { node: Element; parent: { children: unknown[] } }>();
  visit(tree, "element", (node, _, parent) => {
    const token = node.properties.dataCaptionOf;
    if (node.tagName === "caption" && typeof token === "string" && parent) captions.set(token, { node, parent });
  });
  visit(tree, "element", (node) => {
    const token = node.properties.dataCaptioned;
    if (node.tagName !== "table" || typeof token !== "string") return;
    delete node.properties.dataCaptioned;
    const c = captions.get(token);
    if (!c) return;
    const i = c.parent.children.indexOf(c.node);
    if (i >= 0) c.parent.children.splice(i, 1);
    delete c.node.properties.dataCaptionOf;
    node.children.unshift(c.node);
  });
}
