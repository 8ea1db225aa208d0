import type { Nodes, Paragraph, Parents, RootContent, Text } from "mdast";
import { visit } from "unist-util-visit";
import { diagnostic, type Diagnostic, type Location } from "../../diagnostics/index.js";
import { langProperties, parseLangAttributes, type LangAttributes } from "./attributes.js";
import type { LangDiv } from "./lang-nodes.js";

/**
 * Pandoc's fenced divs, `::: {lang=el}` … `:::`, on the mdast that
 * remark-parse made. CommonMark reads a fence line as paragraph text: the
 * opening fence is the first line of a paragraph (often all of it), the
 * closing one the last. The fences are cut out of their paragraphs and the
 * blocks between them (in the same container: the section, a quote or a
 * list item) become a `langDiv`. Divs nest. A fence left open, or a
 * closing fence with no opening one, is a positioned error.
 */

const OPEN = /^(:{3,})[ \t]*\{([^{}\n]*)\}[ \t]*(?:\n|$)/;
const CLOSE = /(?:^|\n)(:{3,})[ \t]*$/;
/** `::: warning` or `:::note`: Pandoc's class shorthand, which is not supported. */
const SHORTHAND = /^:{3,}[ \t]*[^\s:{]/;

type Token =
  | { readonly kind: "open"; readonly attrs: LangAttributes; readonly at: Location }
  | { readonly kind: "close"; readonly at: Location }
  | { readonly kind: "node"; readonly node: RootContent };

function where(n: Nodes, file: string, lineOffset: number, lineDelta = 0): Location {
  return {
    file,
    line: (n.position?.start.line ?? 1) + lineOffset + lineDelta,
    column: lineDelta === 0 ? (n.position?.start.column ?? 1) : 1,
  };
}

/** Split a paragraph into its fences and what remains of it. */
function fences(p: Paragraph, file: string, lineOffset: number, out: Diagnostic[]): Token[] {
  const first = p.children[0];
  const tokens: Token[] = [];
  let openAttrs: Token | undefined;
  if (first?.type === "text") {
    const m = OPEN.exec(first.value);
    if (!m && SHORTHAND.test(first.value))
      out.push(
        diagnostic({
          rule: "markdown/fenced-div",
          at: where(first, file, lineOffset),
          message: `a fenced div without an attribute block: ${first.value.split("\n")[0]?.slice(0, 40) ?? ""}`,
          hint: "Only ::: {lang=…} fences are supported (for a passage in another language); write the text without the fence otherwise.",
        }),
      );
    if (m) {
      const at = where(first, file, lineOffset);
      const attrs = parseLangAttributes(m[2] ?? "", { ...at, column: at.column + (m[1]?.length ?? 3) });
      out.push(...attrs.diagnostics);
      openAttrs = { kind: "open", attrs: attrs.value, at };
      first.value = first.value.slice(m[0].length);
      if (first.position) first.position.start = { line: first.position.start.line + 1, column: 1 };
    }
  }
  let close: Token | undefined;
  const last = p.children.at(-1);
  if (last?.type === "text") {
    const m = CLOSE.exec(last.value);
    if (m) {
      const lines = last.value.slice(0, m.index + (m[0].startsWith("\n") ? 1 : 0)).split("\n").length - 1;
      close = { kind: "close", at: where(last, file, lineOffset, lines) };
      last.value = last.value.slice(0, m.index);
    }
  }
  p.children = p.children.filter((c): c is Text | Exclude<typeof c, Text> => c.type !== "text" || c.value !== "");
  if (openAttrs) tokens.push(openAttrs);
  if (p.children.length) tokens.push({ kind: "node", node: p });
  if (close) tokens.push(close);
  return tokens;
}

/** Group one container's children by their fences. */
function group(parent: Parents, file: string, lineOffset: number, out: Diagnostic[]): void {
  const tokens: Token[] = parent.children.flatMap((c: RootContent): Token[] =>
    c.type === "paragraph" ? fences(c, file, lineOffset, out) : [{ kind: "node", node: c }],
  );
  if (!tokens.some((t) => t.kind !== "node")) return;
  interface Frame {
    readonly open?: Token & { kind: "open" };
    readonly kids: RootContent[];
  }
  const stack: Frame[] = [{ kids: [] }];
  for (const t of tokens) {
    const top = stack.at(-1) as Frame;
    if (t.kind === "node") top.kids.push(t.node);
    else if (t.kind === "open") stack.push({ open: t, kids: [] });
    else if (!top.open)
      out.push(
        diagnostic({
          rule: "markdown/fenced-div",
          at: t.at,
          message: "a closing ::: fence with no opening ::: {lang=…} fence before it",
        }),
      );
    else {
      stack.pop();
      (stack.at(-1) as Frame).kids.push(wrap(top));
    }
  }
  while (stack.length > 1) {
    const top = stack.pop() as Frame;
    if (top.open)
      out.push(
        diagnostic({
          rule: "markdown/fenced-div",
          at: top.open.at,
          message: "this ::: fence is never closed (a line of ::: alone ends it)",
        }),
      );
    (stack.at(-1) as Frame).kids.push(...top.kids);
  }
  parent.children = (stack[0] as Frame).kids;

  function wrap(f: Frame): RootContent {
    const props = f.open ? langProperties(f.open.attrs) : {};
    const div: LangDiv = {
      type: "langDiv",
      children: f.kids as LangDiv["children"],
      data: { hName: "div", hProperties: props },
    };
    return div;
  }
}

/** Turn fenced divs into `langDiv` nodes, in every container; returns what was wrong. */
export function fencedDivs(tree: Nodes, file: string, lineOffset: number): Diagnostic[] {
  const out: Diagnostic[] = [];
  visit(tree, (node) => {
    if (node.type === "root" || node.type === "blockquote" || node.type === "listItem" || node.type === "langDiv")
      group(node, file, lineOffset, out);
  });
  return out;
}
