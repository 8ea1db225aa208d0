import type { FootnoteDefinition, FootnoteReference, Root, RootContent, Text } from "mdast";
import { SKIP, visit } from "unist-util-visit";
import type { Source } from "../../config/schemas.js";
import { diagnostic, type Diagnostic } from "../../diagnostics/index.js";
import { didYouMean } from "../../lib/suggest.js";
import type { CitationStyle, Edition, Insert } from "../../model.js";
import { findCitations, looksLikeCitation, type CiteCluster } from "./pandoc-cite.js";

/**
 * Pandoc citations on the Markdown tree, before remark-rehype. Each
 * citation becomes what the edition's style needs:
 *
 * - `numbered`: one `a.cite` placeholder per item, numbered by the layout
 *   stage exactly like `{{cite}}` (a narrative `@key` prints the source's
 *   author before its mark);
 * - a CSL in-text style: one `span.cite-csl` placeholder per citation, which
 *   the layout stage fills with citeproc-js's text;
 * - a CSL note style: a GFM footnote (`footnoteReference` and
 *   `footnoteDefinition`, as remark-gfm makes for `[^x]`), so the one notes
 *   mechanism prints and tags it; the note holds the placeholder.
 *
 * A key that names nothing is an error at its position, and text that
 * still looks like a citation afterwards is one too: a literal `[@…]`
 * never reaches the page.
 */

/** What the citation pass needs to know of the edition. */
export interface Citing {
  readonly style: CitationStyle;
  readonly sources: ReadonlyMap<string, Source>;
  /** Ids in references.json and references.bib. */
  readonly references: ReadonlySet<string>;
}

/** The citation context of an edition that cites only sources.yaml, numbered. */
export const NUMBERED: Citing = { style: { kind: "numbered" }, sources: new Map(), references: new Set() };

/** An edition's citation context: its style and every id its brief may cite. */
export function citingOf(edition: Edition): Citing {
  const { brief } = edition;
  return {
    style: brief.citationStyles?.get(edition.audience.name) ?? { kind: "numbered" },
    sources: new Map([...brief.sources].map(([k, v]) => [k, v.value])),
    references: new Set(brief.references?.keys() ?? []),
  };
}

/** Where a text node starts, as a section-file position. */
interface Origin {
  readonly file: string;
  readonly lineOffset: number;
  /** The merged Markdown the tree was parsed from, to tell `\@` from `@`. */
  readonly markdown: string;
  /** The section id, to keep footnote identifiers unique across an edition. */
  readonly sectionId: string;
  /** The merge stage's inserts, which its sentinels in the text stand for. */
  readonly inserts: readonly Insert[];
}

/** An empty mdast node that remark-rehype turns into `<tag …props>`. */
function placeholder(tag: string, props: Record<string, string | number | string[]>): Text {
  return { type: "text", value: "", data: { hName: tag, hProperties: props, hChildren: [] } };
}

/** Line and column of offset `i` in a text node's value. */
function positionIn(node: Text, i: number, lineOffset: number): { line: number; column: number } {
  const start = node.position?.start ?? { line: 1, column: 1 };
  const before = node.value.slice(0, i);
  const nl = before.lastIndexOf("\n");
  const line = start.line + (before.match(/\n/g)?.length ?? 0) + lineOffset;
  return { line, column: nl < 0 ? start.column + i : i - nl };
}

/** The Markdown a text node was parsed from (escapes still written). */
function sourceOf(node: Text, origin: Origin): string {
  const { start, end } = node.position ?? {};
  return start?.offset !== undefined && end?.offset !== undefined
    ? origin.markdown.slice(start.offset, end.offset)
    : node.value;
}

/** Replace the citations in one text node; returns the nodes that stand in its place. */
function expandText(
  node: Text,
  citing: Citing,
  origin: Origin,
  notes: FootnoteDefinition[],
  diagnostics: Diagnostic[],
): RootContent[] | undefined {
  const found = findCitations(node.value);
  const source = sourceOf(node, origin);
  const out: RootContent[] = [];
  let last = 0;
  for (const f of found) {
    const ids = f.cluster.items.map((i) => i.id);
    // `\@key` is a literal at sign, written so on purpose.
    if (ids.some((id) => source.includes(`\\@${id}`))) continue;
    const at = { file: origin.file, ...positionIn(node, f.start, origin.lineOffset) };
    const known = [...citing.sources.keys(), ...citing.references];
    const unknown = ids.filter((id) => !citing.sources.has(id) && !citing.references.has(id));
    for (const id of unknown)
      diagnostics.push(
        diagnostic({
          rule: "citations/undefined",
          at,
          message: `citation "@${id}" names no reference in sources.yaml, references.json or references.bib`,
          hint: `${didYouMean(id, known, "a reference id")} Or add "${id}" to the brief's references; write \\@ for a literal at sign.`,
        }),
      );
    const needStyle = citing.style.kind === "numbered" ? ids.filter((id) => !citing.sources.has(id)) : [];
    for (const id of needStyle.filter((id) => !unknown.includes(id)))
      diagnostics.push(
        diagnostic({
          rule: "citations/needs-style",
          at,
          message: `"@${id}" is a reference from references.json or references.bib, and this edition's citation style is numbered`,
        }),
      );
    if (f.start > last) out.push({ type: "text", value: node.value.slice(last, f.start) });
    last = f.end;
    if (unknown.length || needStyle.length) continue;
    out.push(...citationNodes(f.cluster, citing, at, origin, notes));
  }
  if (last === 0) return undefined;
  if (last < node.value.length) out.push({ type: "text", value: node.value.slice(last) });
  return out;
}

/** The nodes one citation becomes in the edition's style. */
function citationNodes(
  cluster: CiteCluster,
  citing: Citing,
  at: { line: number; column: number },
  origin: Origin,
  notes: FootnoteDefinition[],
): RootContent[] {
  const pos = { dataLine: at.line, dataColumn: at.column };
  const { style } = citing;
  if (style.kind === "numbered") {
    const marks = cluster.items.map((i) =>
      placeholder("a", { className: ["cite"], dataSource: i.id, dataPlace: "here", ...pos }),
    );
    const author = cluster.narrative ? citing.sources.get(cluster.items[0]?.id ?? "")?.author : undefined;
    return author ? [{ type: "text", value: author }, ...marks] : marks;
  }
  const json = JSON.stringify(cluster);
  const narrative: RootContent[] = cluster.narrative
    ? [placeholder("span", { className: ["cite-csl", "cite-author"], dataCite: json, ...pos })]
    : [];
  if (!style.note) return [placeholder("span", { className: ["cite-csl"], dataCite: json, ...pos })];
  const identifier = `cite-${origin.sectionId}-${notes.length + 1}`;
  const inNote = JSON.stringify({ ...cluster, narrative: false });
  notes.push({
    type: "footnoteDefinition",
    identifier,
    label: identifier,
    children: [
      {
        type: "paragraph",
        children: [placeholder("span", { className: ["cite-csl", "cite-note"], dataCite: inNote, ...pos })],
      },
    ],
  });
  const ref: FootnoteReference = { type: "footnoteReference", identifier, label: identifier };
  return [...narrative, ref];
}

/**
 * In a note style, the citation of a fact or a `{{cite}}` is a note too:
 * a footnote after the helper's sentinel. Returns the inserts given notes,
 * whose marks the markdown stage then leaves out.
 */
function noteSentinels(tree: Root, citing: Citing, origin: Origin, notes: FootnoteDefinition[]): Set<number> {
  const noted = new Set<number>();
  if (citing.style.kind !== "csl" || !citing.style.note) return noted;
  visit(tree, "text", (node, index, parent) => {
    if (!parent || index === undefined || !node.value.includes("\uE000")) return undefined;
    const out: RootContent[] = [];
    let last = 0;
    for (const m of node.value.matchAll(/\uE000(\d+)\uE001/g)) {
      const i = Number(m[1]);
      const insert = origin.inserts[i];
      const source =
        insert?.kind === "cite" || (insert?.kind === "fact" && insert.cite !== "none") ? insert.source : "";
      if (!source || source.startsWith("~")) continue;
      const end = m.index + m[0].length;
      out.push({ type: "text", value: node.value.slice(last, end) });
      last = end;
      const at = { line: insert?.kind === "cite" || insert?.kind === "fact" ? insert.line : 1, column: 1 };
      out.push(...citationNodes({ items: [{ id: source }], narrative: false }, citing, at, origin, notes));
      noted.add(i);
    }
    if (last === 0) return undefined;
    out.push({ type: "text", value: node.value.slice(last) });
    (parent.children as RootContent[]).splice(index, 1, ...out);
    return index + out.length;
  });
  return noted;
}

/** Turn every Pandoc citation in `tree` into the style's nodes (in place); the problems found, and the inserts given notes. */
export function expandCitations(
  tree: Root,
  citing: Citing,
  origin: Origin,
): { diagnostics: Diagnostic[]; noted: ReadonlySet<number> } {
  const diagnostics: Diagnostic[] = [];
  const notes: FootnoteDefinition[] = [];
  const noted = noteSentinels(tree, citing, origin, notes);
  visit(tree, (node, index, parent) => {
    if (node.type === "link" || node.type === "definition" || node.type === "footnoteDefinition") return SKIP;
    if (node.type !== "text" || !parent || index === undefined || node.data?.hName) return undefined;
    const replaced = expandText(node, citing, origin, notes, diagnostics);
    const escaped = /\\[[@]/.test(sourceOf(node, origin));
    const leftover = !escaped && (replaced ?? [node]).some((n) => n.type === "text" && looksLikeCitation(n.value));
    if (leftover && !diagnostics.length)
      diagnostics.push(
        diagnostic({
          rule: "citations/undefined",
          at: { file: origin.file, ...positionIn(node, 0, origin.lineOffset) },
          message: "text here looks like a citation ([@…]) but cannot be read as one",
          hint: "Write [@key] or [@key, p. 12] with plain text between the brackets, or \\[ for a literal bracket.",
        }),
      );
    if (!replaced) return undefined;
    (parent.children as RootContent[]).splice(index, 1, ...replaced);
    return index + replaced.length;
  });
  tree.children.push(...notes);
  return { diagnostics, noted };
}
