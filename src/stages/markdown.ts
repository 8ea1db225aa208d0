import type { Element, ElementContent, Root as HastRoot, Text } from "hast";
import type { Root as MdastRoot, Nodes as MdastNodes } from "mdast";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import { SKIP, visit } from "unist-util-visit";
import { diagnostic, type Diagnostic } from "../diagnostics/index.js";
import { checkMdast, type ImageRef } from "./markdown-safety.js";
import { SENTINEL, type Insert, type MergedSection } from "./merge.js";

/**
 * Stage 3, markdown: unified turns each merged section into a HTML tree
 * (hast). Raw HTML, unsafe links and remote images are removed here with a
 * positioned diagnostic, and the merge stage's sentinels become real nodes:
 * facts as `span.fact` plus a citation, citations as `a.cite`, charts as
 * `figure.chart` placeholders that the layout stage fills in.
 */

/** One section as HTML, ready for layout. */
export interface SectionHtml {
  readonly merged: MergedSection;
  readonly tree: HastRoot;
  /** Local images the section uses, to be copied beside the HTML edition. */
  readonly images: readonly ImageRef[];
}

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkRehype);

/** A citation placeholder; the layout stage numbers it in reading order. */
function citeNode(source: string): Element {
  return { type: "element", tagName: "a", properties: { className: ["cite"], dataSource: source }, children: [] };
}

/** Nodes that replace one sentinel inside running text. */
function inline(insert: Insert, where: { file: string; line: number; column: number }, out: Diagnostic[]): ElementContent[] {
  switch (insert.kind) {
    case "fact":
      return [
        { type: "element", tagName: "span", properties: { className: ["fact"], dataFact: insert.id }, children: [{ type: "text", value: insert.text }] },
        ...(insert.cite ? [citeNode(insert.source)] : []),
      ];
    case "cite":
      return [citeNode(insert.source)];
    case "chart":
      out.push(diagnostic(where, "error", "charts/inline", `chart "${insert.id}" must stand in a paragraph of its own`, "Put {{chart \"id\"}} on its own line with blank lines around it."));
      return [];
  }
}

/** Replace sentinels in text nodes (and attribute values) with their nodes. */
function expandSentinels(tree: HastRoot, merged: MergedSection, lineOffset: number, out: Diagnostic[]): void {
  const inserts = merged.inserts;
  const file = merged.section.file;
  // A paragraph holding only a chart sentinel becomes the chart's figure.
  visit(tree, "element", (node, index, parent) => {
    if (node.tagName !== "p" || !parent || index === undefined) return;
    const only = node.children.length === 1 && node.children[0]?.type === "text" ? (node.children[0] as Text).value.trim() : "";
    const m = /^\uE000(\d+)\uE001$/.exec(only);
    const insert = m ? inserts[Number(m[1])] : undefined;
    if (insert?.kind !== "chart") return;
    parent.children[index] = { type: "element", tagName: "figure", properties: { className: ["chart"], dataChart: insert.id }, children: [] };
    return SKIP;
  });
  visit(tree, "text", (node, index, parent) => {
    if (!parent || index === undefined || !node.value.includes("\uE000")) return;
    const where = { file, line: (node.position?.start.line ?? 1) + lineOffset, column: node.position?.start.column ?? 1 };
    const parts: ElementContent[] = [];
    let last = 0;
    for (const m of node.value.matchAll(SENTINEL)) {
      const i = m.index ?? 0;
      if (i > last) parts.push({ type: "text", value: node.value.slice(last, i) });
      const insert = inserts[Number(m[1])];
      if (insert) parts.push(...inline(insert, where, out));
      last = i + m[0].length;
    }
    if (last < node.value.length) parts.push({ type: "text", value: node.value.slice(last) });
    parent.children.splice(index, 1, ...parts);
    return index + parts.length;
  });
  // Sentinels in attributes (alt text, titles) become the plain fact text.
  visit(tree, "element", (node) => {
    for (const [k, v] of Object.entries(node.properties)) {
      if (typeof v === "string" && v.includes("\uE000")) {
        node.properties[k] = v.replace(SENTINEL, (_, i: string) => {
          const insert = inserts[Number(i)];
          return insert?.kind === "fact" ? insert.text : "";
        });
      }
    }
  });
}

/** Stage entry: one merged section → hast, images and diagnostics. */
export function markdown(merged: MergedSection, imageBase = "assets/img/"): { html?: SectionHtml; diagnostics: Diagnostic[] } {
  const lineOffset = merged.section.bodyLine - 1;
  const diagnostics: Diagnostic[] = [];
  const mdast: MdastRoot = processor.parse(merged.markdown);
  const images = checkMdast(mdast as MdastNodes, merged.section, lineOffset, diagnostics, imageBase);
  const tree = processor.runSync(mdast) as HastRoot;
  expandSentinels(tree, merged, lineOffset, diagnostics);
  return { html: { merged, tree, images }, diagnostics };
}
