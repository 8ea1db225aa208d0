import type { FootnoteDefinition, Nodes, Parents, Root, RootContent } from "mdast";
import { SKIP, visit } from "unist-util-visit";
import { diagnostic, type Diagnostic, type Location } from "../../diagnostics/index.js";
import { atOffset } from "./positions.js";

/**
 * Footnotes, as mdast: GFM's `text[^label]` … `[^label]: note`, and any
 * `footnoteReference` / `footnoteDefinition` nodes a remark plugin inserted
 * before this pass (note-style citations use the same nodes). One mechanism:
 * each reference becomes an empty placeholder `a.fn-ref[data-note=<id>]`,
 * and the referenced definitions move, in order, into one trailing
 * `div[data-notes]` of the section (each a `div[data-note=<id>]`), so the
 * markdown stage's later passes (facts, citations, quotes) run over the notes
 * too. The layout stage numbers the notes per edition, in reading order, and
 * prints them as endnotes (5-layout/endnotes.ts).
 *
 * Reported here, where they were written: a `[^label]` with no definition
 * (an error: it would print as literal text) and a definition nothing
 * refers to (a warning: it is left out).
 */

/** The class of a footnote reference placeholder, before layout numbers it. */
export const NOTE_REF_CLASS = "fn-ref";

/** Text that looks like a footnote reference: what GFM leaves as text when `[^label]` has no definition. */
const UNDEFINED_REF = /\[\^([^\]\s]+)\]/g;

/** An mdast node that converts to an HTML element of the given name, children kept. */
function element(tagName: string, properties: Record<string, string>, children: RootContent[]): RootContent {
  return {
    type: "blockquote",
    children: children as never,
    data: { hName: tagName, hProperties: properties },
  };
}

/** Turn a section's footnotes into placeholders and a trailing notes block (in place); report what is wrong. */
export function collectNotes(tree: Root, where: (n: Nodes) => Location): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const definitions = new Map<string, FootnoteDefinition>();
  visit(tree, "footnoteDefinition", (node) => {
    if (!definitions.has(node.identifier)) definitions.set(node.identifier, node);
  });
  const used: string[] = [];
  visit(tree, (node, index, parent: Parents | undefined) => {
    if (!parent || index === undefined) return undefined;
    if (node.type === "footnoteReference") {
      if (!used.includes(node.identifier)) used.push(node.identifier);
      parent.children[index] = {
        type: "emphasis",
        children: [],
        data: { hName: "a", hProperties: { className: [NOTE_REF_CLASS], dataNote: node.identifier } },
        ...(node.position ? { position: node.position } : {}),
      } as never;
      return SKIP;
    }
    if (node.type === "text") {
      for (const m of node.value.matchAll(UNDEFINED_REF)) {
        const label = m[1] ?? "";
        diagnostics.push(
          diagnostic({
            rule: "markdown/footnote-undefined",
            at: atOffset(where(node), node.value, m.index),
            message: `footnote [^${label}] has no definition`,
            hint: `Add a line "[^${label}]: the note's text" to this section (after the paragraph, separated by a blank line), or remove the reference.`,
          }),
        );
      }
    }
    return undefined;
  });
  // Definitions in the order first referred to; unreferenced ones are reported and dropped.
  for (const [id, def] of definitions) {
    if (used.includes(id)) continue;
    diagnostics.push(
      diagnostic({
        rule: "markdown/footnote-unused",
        at: where(def),
        message: `footnote [^${def.label ?? id}] is defined but this edition's text never refers to it; it is left out`,
      }),
    );
  }
  visit(tree, "footnoteDefinition", (_, index, parent) => {
    if (!parent || index === undefined) return undefined;
    parent.children.splice(index, 1);
    return index;
  });
  const notes = used.flatMap((id) => {
    const def = definitions.get(id);
    return def ? [element("div", { dataNote: id }, def.children)] : [];
  });
  if (notes.length) tree.children.push(element("div", { dataNotes: "" }, notes));
  return diagnostics;
}
