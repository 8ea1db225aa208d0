import type { Element, ElementContent, Root } from "hast";
import { toHtml } from "hast-util-to-html";
import { leafBlocks } from "./blocks.js";
import { findBody, parseHtml } from "./html.js";

/**
 * The measuring copy of an edition: the same document, with an id on every
 * block, an empty marker at the end of every block of text and, for blocks
 * named in `wordsIn`, every word in a span with an id. A hidden list of
 * links to all of those ids makes Chromium write a named destination for
 * each into the PDF, and `destinationPages()` (stage 7) then tells on which
 * page each one fell. Nothing here changes how the document lays out:
 * hidden links are not drawn, and empty inline spans take no room.
 */

/** The ids a block was given in the measuring copy. */
export interface MarkedBlock {
  readonly key: string;
  readonly start: string;
  readonly end?: string;
  /** One id per word, in order, when the block's words were marked. */
  readonly words?: readonly string[];
  /** Each marked word's text, in the same order. */
  readonly wordTexts?: readonly string[];
}

/** The measuring HTML and the ids to read back from its PDF. */
export interface MeasuringCopy {
  readonly html: string;
  readonly blocks: readonly MarkedBlock[];
}

const span = (id: string, children: ElementContent[] = []): Element => ({
  type: "element",
  tagName: "span",
  properties: { id },
  children,
});

/** Wrap each word of `node`'s text in a span with an id; returns the ids in order. */
function wrapWords(node: Element, prefix: string, ids: string[], texts: string[] = []): void {
  if (node.tagName === "svg") return;
  node.children = node.children.flatMap((c): ElementContent[] => {
    if (c.type === "element") {
      wrapWords(c, prefix, ids, texts);
      return [c];
    }
    if (c.type !== "text") return [c];
    return c.value.split(/(\S+)/).flatMap((part, i): ElementContent[] => {
      if (part === "") return [];
      if (i % 2 === 0) return [{ type: "text", value: part }];
      const id = `${prefix}${ids.length}`;
      ids.push(id);
      texts.push(part);
      return [span(id, [{ type: "text", value: part }])];
    });
  });
}

/** Every id already used in the document. */
function usedIds(root: Root | Element, out = new Set<string>()): Set<string> {
  for (const c of root.children) {
    if (c.type !== "element") continue;
    if (typeof c.properties.id === "string") out.add(c.properties.id);
    usedIds(c, out);
  }
  return out;
}

/** Make the measuring copy of `html`; `wordsIn` lists the keys of blocks to mark word by word. */
export function measuringCopy(html: string, wordsIn: ReadonlySet<string> = new Set()): MeasuringCopy {
  const tree = parseHtml(html);
  const taken = usedIds(tree);
  const fresh = (id: string): string => {
    let out = id;
    for (let i = 2; taken.has(out); i++) out = `${id}-${i}`;
    taken.add(out);
    return out;
  };
  const marked: MarkedBlock[] = [];
  for (const b of leafBlocks(tree)) {
    const own = b.node.properties.id;
    const start = typeof own === "string" && own !== "" ? own : fresh(`pv-b${b.index}`);
    b.node.properties.id = start;
    const words: string[] = [];
    const wordTexts: string[] = [];
    if (b.text && wordsIn.has(b.key)) wrapWords(b.node, fresh(`pv-w${b.index}-`), words, wordTexts);
    let end: string | undefined;
    if (b.text) {
      end = fresh(`pv-e${b.index}`);
      b.node.children.push(span(end));
    }
    marked.push({ key: b.key, start, ...(end ? { end } : {}), ...(words.length ? { words, wordTexts } : {}) });
  }
  const targets = marked.flatMap((m) => [m.start, ...(m.end ? [m.end] : []), ...(m.words ?? [])]);
  const nav: Element = {
    type: "element",
    tagName: "nav",
    properties: { hidden: true },
    children: targets.map((id) => ({ type: "element", tagName: "a", properties: { href: `#${id}` }, children: [] })),
  };
  const body = findBody(tree);
  body.children.push(nav);
  return { html: toHtml(tree), blocks: marked };
}
