import type { Element, ElementContent, Root } from "hast";
import { SKIP, visit } from "unist-util-visit";
import type { Source } from "../../config/schemas.js";
import { isCitation, isCitationPlaceholder } from "../../lib/hast.js";
import type { RenderedChart } from "../../model.js";

/**
 * Numbers citations in reading order. The first source cited is note 1,
 * and every later citation of it reuses that number. Each citation links to
 * its note, and each note links back to every place that cites it.
 */

/** One entry of the edition's notes / sources list. */
export interface Note {
  readonly n: number;
  readonly id: string;
  readonly source: Source;
  /** Ids of the citation anchors that point here, in order. */
  readonly backrefs: string[];
}

const BLOCKS = new Set(["p", "li", "td", "th", "figcaption", "dd", "blockquote", "h3", "h4", "h5", "h6"]);

/** Blocks inside a block whose marks are their own. */
const NESTED = new Set(["ul", "ol", "table", "figure", "blockquote"]);

/** Mutable numbering shared across all trees of one edition. */
export class CitationNumbering {
  readonly notes: Note[] = [];
  private readonly byId = new Map<string, Note>();

  constructor(private readonly sources: ReadonlyMap<string, Source>) {}

  /** The superscript link for one citation of `sourceId`. */
  cite(sourceId: string): Element {
    let note = this.byId.get(sourceId);
    if (!note) {
      const source = this.sources.get(sourceId);
      if (!source) throw new Error(`cite: source "${sourceId}" was checked at merge but is missing`);
      note = { n: this.notes.length + 1, id: sourceId, source, backrefs: [] };
      this.notes.push(note);
      this.byId.set(sourceId, note);
    }
    const anchor = `cite-${note.n}-${note.backrefs.length + 1}`;
    note.backrefs.push(anchor);
    return {
      type: "element",
      tagName: "sup",
      properties: { className: ["cite"] },
      children: [
        {
          type: "element",
          tagName: "a",
          properties: { id: anchor, href: `#note-${note.n}`, role: "doc-noteref" },
          children: [{ type: "text", value: String(note.n) }],
        },
      ],
    };
  }

  /**
   * Replace every `a.cite[data-source]` placeholder in `tree` (in place).
   * Within one block (paragraph, list item, table cell, caption), a mark is
   * dropped when the next mark in the block cites the same source with no
   * other source between (one mark then covers the run of sentences), and
   * marks that stand side by side merge into one superscript ("1,2").
   */
  numberTree(tree: Root): void {
    visit(tree, "element", (block) => {
      if (!BLOCKS.has(block.tagName)) return;
      const marks: Element[] = [];
      visit(block, "element", (n) => {
        if (n !== block && NESTED.has(n.tagName)) return SKIP;
        if (isCitationPlaceholder(n)) marks.push(n);
        return undefined;
      });
      const drop = new Set(
        marks.filter((m, i) => String(marks[i + 1]?.properties.dataSource) === String(m.properties.dataSource)),
      );
      visit(block, "element", (n, index, parent) => {
        if (!drop.has(n) || !parent || index === undefined) return;
        parent.children.splice(index, 1);
        return index;
      });
    });
    visit(tree, "element", (node, index, parent) => {
      if (!isCitationPlaceholder(node) || !parent || index === undefined) return;
      const source = String(node.properties.dataSource);
      const prev = parent.children[index - 1];
      if (prev?.type === "element" && prev.tagName === "sup" && isCitation(prev)) {
        const n = this.byId.get(source)?.n;
        const shown = prev.children.some((c) => c.type === "element" && c.properties.href === `#note-${n}`);
        if (!shown) prev.children.push({ type: "text", value: "," }, ...this.cite(source).children);
        parent.children.splice(index, 1);
        return index;
      }
      parent.children[index] = this.cite(source);
      return undefined;
    });
  }

  /** Fill a `figure.chart` placeholder with its caption, SVG and cited source line. */
  fillChart(figure: Element, chart: RenderedChart): void {
    const cites: ElementContent[] = chart.sources.flatMap((s, i) => [
      ...(i ? [{ type: "text" as const, value: "; " }] : []),
      { type: "text" as const, value: this.sources.get(s)?.publisher ?? s },
      this.cite(s),
    ]);
    figure.properties = { className: ["chart"], id: `chart-${chart.id}` };
    figure.children = [
      {
        type: "element",
        tagName: "figcaption",
        properties: {},
        children: [{ type: "text", value: chart.title }],
      },
      {
        type: "element",
        tagName: "div",
        properties: { className: ["chart-svg"] },
        children: [{ type: "raw", value: chart.svg }],
      },
      {
        type: "element",
        tagName: "p",
        properties: { className: ["chart-source"] },
        children: [{ type: "text", value: "Source: " }, ...cites],
      },
    ];
  }
}
