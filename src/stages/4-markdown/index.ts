import type { Element, ElementContent, Root as HastRoot } from "hast";
import type { Root as MdastRoot, Nodes as MdastNodes } from "mdast";
import { defListHastHandlers, remarkDefinitionList } from "remark-definition-list";
import remarkGfm from "remark-gfm";
import remarkParse from "remark-parse";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import { SKIP, visit } from "unist-util-visit";
import { diagnostic, type Diagnostic, type Location, type Reported } from "../../diagnostics/index.js";
import type { Insert, MergedSection, SectionHtml } from "../../model.js";
import { SENTINEL } from "../3-merge/index.js";
import { markAssessments } from "./assessment.js";
import { attachCaptions, markCaptions } from "./captions.js";
import { expandCitations, NUMBERED, type Citing } from "./citations.js";
import { splitCodeLines } from "./code-lines.js";
import { fencedDivs } from "./divs.js";
import { foldImageTitles } from "./image-text.js";
import { collectNotes } from "./notes.js";
import { checkFigureMarks, placeCitations } from "./placement.js";
import { qualifyInContext } from "./qualifiers.js";
import { checkMdast } from "./safety.js";
import { bracketedSpans } from "./spans.js";
import { printTaskMarks } from "./task-lists.js";
import { smartenTree } from "./typography.js";

/**
 * Stage 4, markdown: unified turns each merged section into a HTML tree
 * (hast). Raw HTML, unsafe links and remote images are removed here with a
 * positioned diagnostic, and the merge stage's sentinels become real nodes:
 * facts as `span.fact` plus a citation, citations as `a.cite`, charts as
 * `figure.chart` placeholders that the layout stage fills in. Footnotes,
 * captions, implicit figures and `@tbl-`/`@fig-` references are marked on
 * the mdast first (notes.ts, captions.ts) for the layout stage to number.
 * Then the
 * editorial passes: curly quotes (typography.ts), "Our assessment:"
 * paragraphs as labelled boxes (assessment.ts), and each fact's citation
 * moved to the end of its clause (placement.ts). Pandoc's definition lists
 * (remark-definition-list), bracketed spans and fenced divs marking another
 * language (spans.ts, divs.ts), task-list boxes as printed marks
 * (task-lists.ts) and image titles folded into alt text (image-text.ts)
 * give every common construct a structure.
 */

const processor = unified()
  .use(remarkParse)
  .use(remarkGfm)
  .use(remarkDefinitionList)
  .use(remarkRehype, { handlers: defListHastHandlers });

/**
 * A citation placeholder; the layout stage numbers it in reading order.
 * `place` is "end" for a mark the placement pass moves to the end of its
 * clause, "here" for one that stays; line and column are the helper call's.
 */
function citeNode(source: string, place: "end" | "here", line: number, column: number): Element {
  return {
    type: "element",
    tagName: "a",
    properties: { className: ["cite"], dataSource: source, dataPlace: place, dataLine: line, dataColumn: column },
    children: [],
  };
}

/** Nodes that replace one sentinel inside running text; a chart cannot stand there. `qualified` collects each fact span that starts with a qualifier. */
function inline(insert: Insert, at: Location, qualified: Map<Element, string>): Reported<ElementContent[]> {
  switch (insert.kind) {
    case "fact": {
      const span: Element = {
        type: "element",
        tagName: "span",
        properties: { className: ["fact"], dataFact: insert.id },
        children: [{ type: "text", value: insert.text }],
      };
      if (insert.qualifier) qualified.set(span, insert.qualifier);
      const mark = insert.cite === "none" ? [] : [citeNode(insert.source, insert.cite, insert.line, insert.column)];
      return { value: [span, ...mark], diagnostics: [] };
    }
    case "cite":
      return { value: [citeNode(insert.source, "here", insert.line, insert.column)], diagnostics: [] };
    case "chart":
      return {
        value: [],
        diagnostics: [
          diagnostic({
            rule: "charts/inline",
            at,
            message: `chart "${insert.id}" must stand in a paragraph of its own`,
          }),
        ],
      };
  }
}

/** An insert with its citation mark left out: a fact prints its value only, a `{{cite}}` nothing. */
function withoutMark(insert: Insert): Insert | undefined {
  if (insert.kind === "fact") return { ...insert, cite: "none" };
  return insert.kind === "cite" ? undefined : insert;
}

/** A paragraph holding only a chart sentinel becomes the chart's (empty) figure. */
function placeCharts(tree: HastRoot, inserts: readonly Insert[]): void {
  visit(tree, "element", (node, index, parent) => {
    if (node.tagName !== "p" || !parent || index === undefined) return;
    const child = node.children.length === 1 ? node.children[0] : undefined;
    const only = child?.type === "text" ? child.value.trim() : "";
    const m = /^\uE000(\d+)\uE001$/.exec(only);
    const insert = m ? inserts[Number(m[1])] : undefined;
    if (insert?.kind !== "chart") return;
    parent.children[index] = {
      type: "element",
      tagName: "figure",
      properties: { className: ["chart"], dataChart: insert.id },
      children: [],
    };
    return SKIP;
  });
}

/** Sentinels in running text become their nodes; qualified fact spans are collected into `qualified`. */
function expandInline(
  tree: HastRoot,
  merged: MergedSection,
  lineOffset: number,
  qualified: Map<Element, string>,
  noted: ReadonlySet<number> = new Set(),
): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  visit(tree, "text", (node, index, parent) => {
    if (!parent || index === undefined || !node.value.includes("\uE000")) return;
    const at = {
      file: merged.section.file,
      line: (node.position?.start.line ?? 1) + lineOffset,
      column: node.position?.start.column ?? 1,
    };
    const parts: ElementContent[] = [];
    let last = 0;
    for (const m of node.value.matchAll(SENTINEL)) {
      if (m.index > last) parts.push({ type: "text", value: node.value.slice(last, m.index) });
      const given = merged.inserts[Number(m[1])];
      // An insert whose citation is already a note (note styles) prints without a mark.
      const insert = given && noted.has(Number(m[1])) ? withoutMark(given) : given;
      const r = insert ? inline(insert, at, qualified) : { value: [], diagnostics: [] };
      parts.push(...(r.value ?? []));
      diagnostics.push(...r.diagnostics);
      last = m.index + m[0].length;
    }
    if (last < node.value.length) parts.push({ type: "text", value: node.value.slice(last) });
    parent.children.splice(index, 1, ...parts);
    return index + parts.length;
  });
  return diagnostics;
}

/** Sentinels in attributes (alt text, titles) become the plain fact text. */
function expandAttributes(tree: HastRoot, inserts: readonly Insert[]): void {
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
export function markdown(
  merged: MergedSection,
  imageBase = "assets/img/",
  citeAfter: readonly string[] = [],
  citing: Citing = NUMBERED,
): Reported<SectionHtml> & { value: SectionHtml } {
  const lineOffset = merged.section.bodyLine - 1;
  const mdast: MdastRoot = processor.parse(merged.markdown);
  const checked = checkMdast(mdast, merged.section, lineOffset, imageBase);
  const where = (n: MdastNodes): Location => ({
    file: merged.section.file,
    line: (n.position?.start.line ?? 1) + lineOffset,
    column: n.position?.start.column ?? 1,
  });
  const parts = [
    ...fencedDivs(mdast, merged.section.file, lineOffset),
    ...bracketedSpans(mdast, merged.section.file, lineOffset),
  ];
  const file = merged.section.file;
  const sectionId = merged.section.front.id;
  const origin = { file, lineOffset, markdown: merged.markdown, sectionId, inserts: merged.inserts };
  // Citations first: a note-style citation becomes a footnote, which the notes pass then collects.
  const cited = expandCitations(mdast, citing, origin);
  const constructs = [...collectNotes(mdast, where), ...markCaptions(mdast, where)];
  const tree = processor.runSync(mdast);
  attachCaptions(tree);
  printTaskMarks(tree);
  foldImageTitles(tree);
  splitCodeLines(tree);
  placeCharts(tree, merged.inserts);
  const qualified = new Map<Element, string>();
  const inline = expandInline(tree, merged, lineOffset, qualified, cited.noted);
  expandAttributes(tree, merged.inserts);
  qualifyInContext(tree, qualified);
  smartenTree(tree);
  markAssessments(tree);
  placeCitations(tree);
  const dateFacts = new Set(
    merged.inserts.flatMap((i) => (i.kind === "fact" && i.fact.format === "date" ? [i.id] : [])),
  );
  const figures = checkFigureMarks(tree, merged.section.file, { citeAfter, dateFacts });
  return {
    value: { merged, tree, images: checked.images },
    diagnostics: [...checked.diagnostics, ...parts, ...cited.diagnostics, ...constructs, ...inline, ...figures],
  };
}
