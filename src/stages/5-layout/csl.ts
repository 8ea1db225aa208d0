import type { Element, ElementContent, Root } from "hast";
import { fromParse5 } from "hast-util-from-parse5";
import { parseFragment } from "parse5";
import { visit } from "unist-util-visit";
import type { Source } from "../../config/schemas.js";
import { formatCitations, type CiteRequest } from "../../lib/citeproc.js";
import type { CslItem } from "../../model.js";
import type { CiteCluster } from "../4-markdown/pandoc-cite.js";
import { CitationNumbering } from "./citations.js";

/**
 * Citations of an edition whose style is a CSL style. The markdown stage
 * left placeholders (`span.cite-csl` for `[@key]`, `a.cite` for facts and
 * `{{cite}}`); once every section of the edition is in hand, citeproc-js
 * formats them all in reading order (so disambiguation, short forms and
 * "ibid." follow the style) and the placeholders are filled with its text.
 * The list of references holds only what the edition cites, in the
 * style's order. Figures whose source is not named keep their marks.
 */

/** A sources.yaml entry as CSL-JSON, so a CSL style can cite it: its fields, not a formatted string. */
export function sourceAsCsl(id: string, s: Source): CslItem {
  const parts = (d: string): number[][] => [d.split("-").map(Number)];
  return {
    id,
    type: "webpage",
    author: [{ literal: s.author }],
    title: s.title,
    publisher: s.publisher,
    URL: s.url,
    accessed: { "date-parts": parts(s.accessed) },
    ...(s.published ? { issued: { "date-parts": parts(s.published) } } : {}),
  };
}

/** One entry of the list of references. */
export interface ReferenceEntry {
  readonly html: string;
}

/** A placeholder and the citation it stands for. */
interface Slot {
  readonly node: Element;
  readonly request: CiteRequest;
}

/** A placeholder the markdown stage left for citeproc-js. */
function isCslPlaceholder(node: Element): boolean {
  const cls = node.properties.className;
  return Array.isArray(cls) && cls.includes("cite-csl");
}

/** The CSL cite-items of a cluster; a narrative citation's author stands apart, so its own citation omits it. */
function citeItems(cluster: CiteCluster, authorOnly: boolean): Array<Record<string, unknown>> {
  return cluster.items.map((i) => ({
    id: i.id,
    ...(i.prefix ? { prefix: `${i.prefix} ` } : {}),
    ...(i.suffix ? { suffix: i.suffix } : {}),
    ...(i.locator ? { locator: i.locator, label: i.label ?? "page" } : {}),
    ...(authorOnly ? { "author-only": true } : {}),
    ...(i.suppressAuthor || (cluster.narrative && !authorOnly) ? { "suppress-author": true } : {}),
  }));
}

/** citeproc-js's HTML as hast nodes. */
function fragment(html: string): ElementContent[] {
  return (fromParse5(parseFragment(html)) as Root).children as ElementContent[];
}

/** Numbering for a CSL edition: marks of named sources become citeproc placeholders. */
export class CslCitations extends CitationNumbering {
  /** The entries of the list of references, once `finish` ran. */
  references: ReferenceEntry[] = [];
  /** Ids cited, in order of first citation. */
  readonly citedIds: string[] = [];

  constructor(
    private readonly styleXml: string,
    private readonly note: boolean,
    private readonly lang: string,
    private readonly items: ReadonlyMap<string, CslItem>,
    sources: ReadonlyMap<string, Source>,
  ) {
    super(sources);
  }

  /** A placeholder for one named source (a fact's, a chart's or `{{cite}}`'s); unnamed ones keep their marks. */
  override cite(sourceId: string): Element {
    if (sourceId.startsWith("~")) return super.cite(sourceId);
    const cluster: CiteCluster = { items: [{ id: sourceId }], narrative: false };
    return {
      type: "element",
      tagName: "span",
      properties: { className: ["cite-csl"], dataCite: JSON.stringify(cluster) },
      children: [],
    };
  }

  /** Fact and `{{cite}}` placeholders become citeproc placeholders; unnamed-source marks are numbered as before. */
  override numberTree(tree: Root): void {
    visit(tree, "element", (node, index, parent) => {
      const source = node.properties.dataSource;
      if (node.tagName !== "a" || typeof source !== "string" || source.startsWith("~")) return;
      if (!parent || index === undefined) return;
      const prev = parent.children[index - 1];
      const replaced = this.note
        ? [this.cite(source)]
        : this.inText(prev?.type === "doctype" ? undefined : prev, source);
      parent.children.splice(index, 1, ...replaced);
      return index + replaced.length;
    });
    super.numberTree(tree);
  }

  /**
   * A fact's citation in running text: "(Smith, 2024)" goes before the
   * punctuation that closes the clause, after a space. The placement pass
   * put the mark after that punctuation, as a numbered mark stands.
   */
  private inText(prev: ElementContent | undefined, source: string): ElementContent[] {
    const cite = this.cite(source);
    if (prev?.type !== "text") return [{ type: "text", value: " " }, cite];
    const closing = /[.;?!][”’"')\]]*$/.exec(prev.value)?.[0] ?? "";
    prev.value = prev.value.slice(0, prev.value.length - closing.length);
    const space: ElementContent[] = /[\s(]$/.test(prev.value) ? [] : [{ type: "text", value: " " }];
    return [...space, cite, ...(closing ? [{ type: "text" as const, value: closing }] : [])];
  }

  /** Format every placeholder of `trees` (in reading order) and build the list of references. */
  finish(trees: readonly Root[]): void {
    // Notes and running text are formatted apart: a narrative author in the text must not count as a note's first citation.
    const notes: Slot[] = [];
    const text: Slot[] = [];
    let noteIndex = 0;
    for (const tree of trees)
      visit(tree, "element", (node) => {
        if (!isCslPlaceholder(node)) return;
        const cluster = JSON.parse(String(node.properties.dataCite)) as CiteCluster;
        const cls = node.properties.className;
        const authorOnly = Array.isArray(cls) && cls.includes("cite-author");
        for (const i of cluster.items) if (!this.citedIds.includes(i.id)) this.citedIds.push(i.id);
        if (this.note && !authorOnly) {
          // In a note the author always prints: "[-@key]" suppresses nothing there.
          const items = cluster.items.map((i) => ({ ...i, suppressAuthor: false }));
          notes.push({ node, request: { items: citeItems({ ...cluster, items }, false), noteIndex: ++noteIndex } });
          return;
        }
        text.push({ node, request: { items: citeItems(cluster, cluster.narrative), noteIndex: 0 } });
        // "Smith and Jones (2024)": the author, then the citation without it.
        if (cluster.narrative && !this.note)
          text.push({ node, request: { items: citeItems(cluster, false), noteIndex: 0 } });
      });
    const inNotes = formatCitations(
      this.styleXml,
      this.lang,
      this.items,
      notes.map((s) => s.request),
    );
    const inText = formatCitations(
      this.styleXml,
      this.lang,
      this.items,
      text.map((s) => s.request),
    );
    const fill = (slots: readonly Slot[], html: readonly string[]): void =>
      slots.forEach((slot, i) => {
        if (slot.node.children.length > 0) slot.node.children.push({ type: "text", value: " " });
        slot.node.children.push(...fragment(html[i] ?? ""));
      });
    fill(notes, inNotes.citations);
    fill(text, inText.citations);
    for (const s of [...notes, ...text]) {
      delete s.node.properties.dataCite;
      delete s.node.properties.dataLine;
      delete s.node.properties.dataColumn;
      delete s.node.properties.dataPlace;
    }
    const out = this.note ? inNotes : inText;
    this.references = out.bibliography.map((html) => ({ html }));
  }
}
