import type { Element, ElementContent, Root } from "hast";
import { SKIP, visit } from "unist-util-visit";
import type { Source } from "../../config/schemas.js";
import { isCitation, isCitationPlaceholder } from "../../lib/hast.js";
import type { RenderedChart } from "../../model.js";
import { asOfText, chartDataDetails } from "./chart-table.js";

/**
 * Numbers citations in reading order. The first source cited is note 1,
 * and every later citation of it reuses that number. Each citation links to
 * its note, and each note links back to every place that cites it.
 */

/**
 * A figure whose source the research notes do not name
 * (`attribution: editorial`): it carries a mark (†, §, ¶, then doubled) that points to
 * this statement, never another publication's number.
 */
export interface UnnamedNote {
  readonly mark: string;
  /** 1-based, for its anchor `unnamed-<k>`. */
  readonly k: number;
  readonly text: string;
  readonly backrefs: string[];
}

/** Marks for unnamed-source statements, in order of first use; then doubled. */
// Only marks the bundled text faces carry: ‡ and ‖ would print in a system fallback font.
const MARKS = ["†", "§", "¶"];

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
  /** Statements standing in for a source, in order of first use. */
  readonly unnamed: UnnamedNote[] = [];
  private readonly byId = new Map<string, Note>();
  private readonly byText = new Map<string, UnnamedNote>();

  constructor(private readonly sources: ReadonlyMap<string, Source>) {}

  /** Where the mark for `key` links (a note, or an unnamed-source statement). */
  private hrefOf(key: string): string | undefined {
    if (key.startsWith("~")) {
      const u = this.byText.get(key.slice(1));
      return u ? `#unnamed-${u.k}` : undefined;
    }
    const n = this.byId.get(key)?.n;
    return n === undefined ? undefined : `#note-${n}`;
  }

  /** The superscript mark for a figure whose source the notes do not name: it links to the statement. */
  private unnamedMark(text: string): Element {
    let u = this.byText.get(text);
    if (!u) {
      const k = this.unnamed.length + 1;
      const mark = (MARKS[(k - 1) % MARKS.length] ?? "†").repeat(Math.floor((k - 1) / MARKS.length) + 1);
      u = { mark, k, text, backrefs: [] };
      this.unnamed.push(u);
      this.byText.set(text, u);
    }
    const anchor = `cite-u${u.k}-${u.backrefs.length + 1}`;
    u.backrefs.push(anchor);
    return {
      type: "element",
      tagName: "sup",
      properties: { className: ["cite", "cite-unnamed"] },
      children: [
        {
          type: "element",
          tagName: "a",
          properties: { id: anchor, href: `#unnamed-${u.k}`, role: "doc-noteref" },
          children: [{ type: "text", value: u.mark }],
        },
      ],
    };
  }

  /** The superscript link for one citation of `sourceId` (or, keyed "~statement", of an unnamed source). */
  cite(sourceId: string): Element {
    if (sourceId.startsWith("~")) return this.unnamedMark(sourceId.slice(1));
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
        const href = this.hrefOf(source);
        const shown = prev.children.some((c) => c.type === "element" && c.properties.href === href);
        if (!shown) prev.children.push({ type: "text", value: "," }, ...this.cite(source).children);
        parent.children.splice(index, 1);
        return index;
      }
      parent.children[index] = this.cite(source);
      return undefined;
    });
  }

  /** One superscript holding the marks for `keys`, comma-separated ("1,†"). */
  private marks(keys: readonly string[]): Element[] {
    const sups = keys.map((k) => this.cite(k));
    const first = sups[0];
    if (!first) return [];
    for (const more of sups.slice(1)) first.children.push({ type: "text", value: "," }, ...more.children);
    return [first];
  }

  /** Fill a `figure.chart` placeholder with its caption, SVG and cited source line. */
  fillChart(figure: Element, chart: RenderedChart): void {
    // The chart's own words say what the data is; else each publisher by name, then one entry
    // ("not named") pointing to the statements printed under "Figures without a named source".
    const named = chart.sources.filter((s) => !s.startsWith("~"));
    const unnamed = chart.sources.filter((s) => s.startsWith("~"));
    const cites: ElementContent[] = chart.sourceLine
      ? [{ type: "text" as const, value: chart.sourceLine }, ...this.marks(chart.sources)]
      : [
          ...named.flatMap((s, i) => [
            ...(i ? [{ type: "text" as const, value: "; " }] : []),
            { type: "text" as const, value: this.sources.get(s)?.publisher ?? s },
            this.cite(s),
          ]),
          ...(unnamed.length
            ? [{ type: "text" as const, value: `${named.length ? "; " : ""}not named` }, ...this.marks(unnamed)]
            : []),
        ];
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
        children: [{ type: "text", value: "Source: " }, ...cites, ...asOfText(chart)],
      },
      ...chartDataDetails(chart),
    ];
  }
}
