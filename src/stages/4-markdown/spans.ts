import type { Nodes, PhrasingContent, Text } from "mdast";
import { visit } from "unist-util-visit";
import type { Diagnostic, Location } from "../../diagnostics/index.js";
import { langProperties, parseLangAttributes } from "./attributes.js";
import type { LangSpan } from "./lang-nodes.js";

/**
 * Pandoc's bracketed spans, `[raison d'être]{lang=fr}`, on the mdast that
 * remark-parse made. CommonMark reads an unmatched `[…]` as literal text,
 * so the span arrives as a `[` in one text node and a `]{…}` in the same or
 * a later sibling (with emphasis, code or facts between them). The two are
 * paired (brackets balanced) and what lies between becomes a `langSpan`.
 * A `{…}` that does not follow a `]` in text (an image's or a caption's
 * `{#fig-id}`) is left alone for the captions pass.
 */

/** `]{…}` in a text node: where a bracketed span closes. */
const CLOSE = /\]\{([^{}\n]*)\}/;

/** The line and column of `offset` inside a text node, from its start position. */
export function positionIn(node: Text, offset: number, file: string, lineOffset: number): Location {
  const start = node.position?.start ?? { line: 1, column: 1 };
  const before = node.value.slice(0, offset);
  const lines = before.split("\n");
  const line = start.line + lines.length - 1 + lineOffset;
  const column = lines.length === 1 ? start.column + offset : (lines.at(-1)?.length ?? 0) + 1;
  return { file, line, column };
}

/** The unmatched `[` before `children[j]` at `end` (balancing brackets), searching back through text siblings. */
function findOpen(children: readonly PhrasingContent[], j: number, end: number): { i: number; at: number } | undefined {
  let depth = 0;
  for (let i = j; i >= 0; i--) {
    const c = children[i];
    if (c?.type !== "text") continue;
    const from = i === j ? end - 1 : c.value.length - 1;
    for (let k = from; k >= 0; k--) {
      if (c.value[k] === "]") depth++;
      else if (c.value[k] === "[") {
        if (depth === 0) return { i, at: k };
        depth--;
      }
    }
  }
  return undefined;
}

const text = (value: string): Text => ({ type: "text", value });

/** Turn the first bracketed span in `children` into a `langSpan`; false when there is none. */
function spanOnce(children: PhrasingContent[], file: string, lineOffset: number, out: Diagnostic[]): boolean {
  for (let j = 0; j < children.length; j++) {
    const c = children[j];
    if (c?.type !== "text") continue;
    let from = 0;
    for (;;) {
      const m = CLOSE.exec(c.value.slice(from));
      if (!m) break;
      const close = from + m.index;
      const open = findOpen(children, j, close);
      if (!open) {
        from = close + 1;
        continue;
      }
      const at = positionIn(c, close + 1, file, lineOffset);
      const attrs = parseLangAttributes(m[1] ?? "", at);
      out.push(...attrs.diagnostics);
      const opener = children[open.i] as Text;
      const inner: PhrasingContent[] =
        open.i === j
          ? [text(c.value.slice(open.at + 1, close))]
          : [text(opener.value.slice(open.at + 1)), ...children.slice(open.i + 1, j), text(c.value.slice(0, close))];
      const kept = inner.filter((n) => n.type !== "text" || n.value !== "");
      const props = langProperties(attrs.value);
      const span: LangSpan = {
        type: "langSpan",
        children: kept,
        data: { hName: "span", hProperties: props },
      };
      const before = opener.value.slice(0, open.at);
      const after = c.value.slice(close + m[0].length);
      // Without a valid lang the text stays as written, without brackets or braces, and is reported above.
      const middle: PhrasingContent[] = props.lang ? [span] : kept;
      const rest = text(after);
      const restAt = positionIn(c, close + m[0].length, file, 0);
      if (c.position) rest.position = { start: { line: restAt.line, column: restAt.column }, end: c.position.end };
      const replacement = [
        ...(before ? [{ ...text(before), ...(opener.position ? { position: opener.position } : {}) }] : []),
        ...middle,
        ...(after ? [rest] : []),
      ];
      children.splice(open.i, j - open.i + 1, ...replacement);
      return true;
    }
  }
  return false;
}

/** Replace every bracketed span in the tree; returns what was wrong with their attributes. */
export function bracketedSpans(tree: Nodes, file: string, lineOffset: number): Diagnostic[] {
  const out: Diagnostic[] = [];
  visit(tree, (node) => {
    if (!("children" in node)) return;
    const parent = node;
    if (!parent.children.some((k) => k.type === "text" && k.value.includes("]{"))) return;
    const kids = parent.children as PhrasingContent[];
    while (spanOnce(kids, file, lineOffset, out));
  });
  return out;
}
