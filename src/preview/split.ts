import type { Element, ElementContent } from "hast";
import { leafBlocks, wordsOf } from "./blocks.js";
import type { PageBreak } from "./breaks.js";

/**
 * Cut a document's `main` element into pages at measured page breaks. A
 * break is first marked in the tree (before a block, or inside a block's
 * text before a word), then every element on the way down to a marker is
 * split in two: the part before stays on the page, a copy holding the rest
 * starts the next one. Copies drop their id and carry `data-pv-cont`, the
 * part left behind carries `data-pv-split`, so the preview's stylesheet can
 * draw them as a printed box that continues on the next page. An ordered
 * list goes on counting, and a table repeats its header row, as in print.
 */

/** One page's share of the document, and its page number. */
export interface PageFragment {
  readonly page: number;
  readonly node: Element;
}

const MARKER = "pv-break";

const marker = (page: number): Element => ({
  type: "element",
  tagName: MARKER,
  properties: { dataPage: page },
  children: [],
});

const isMarker = (n: ElementContent): boolean => n.type === "element" && n.tagName === MARKER;
const blank = (n: ElementContent): boolean => n.type === "comment" || (n.type === "text" && !n.value.trim());

/** Parent of every element under `root`. */
function parents(root: Element): Map<Element, Element> {
  const out = new Map<Element, Element>();
  const walk = (node: Element): void => {
    for (const c of node.children) {
      if (c.type !== "element") continue;
      out.set(c, node);
      walk(c);
    }
  };
  walk(root);
  return out;
}

/** Put a marker before `target`, then move it up while it would open its parent (a page break before a section's first block is a break before the section). */
function markBefore(root: Element, target: Element, page: number): void {
  const up = parents(root);
  let node = target;
  let parent = up.get(node);
  while (parent && parent !== root) {
    const first = parent.children.find((c) => !blank(c));
    if (first !== node) break;
    node = parent;
    parent = up.get(node);
  }
  if (!parent) return;
  parent.children.splice(parent.children.indexOf(node), 0, marker(page));
}

/** Put a marker inside a block's text, before its `word`-th word. */
function markWord(block: Element, word: number, page: number): void {
  const w = wordsOf(block)[word];
  if (!w) return;
  const at = w.parent.children.indexOf(w.text);
  const before = w.text.value.slice(0, w.offset);
  const after = w.text.value.slice(w.offset);
  w.parent.children.splice(at, 1, { type: "text", value: before }, marker(page), { type: "text", value: after });
}

/** Whether a marker is somewhere under `node`. */
function holdsMarker(node: ElementContent): boolean {
  return node.type === "element" && (isMarker(node) || node.children.some(holdsMarker));
}

/** A copy of `node` without children that continues it on the next page. */
function continuation(node: Element, done: readonly ElementContent[]): Element {
  const { id: _id, ariaLabelledBy: _label, ...properties } = node.properties;
  const copy: Element = { ...node, properties: { ...properties, dataPvCont: "" }, children: [] };
  if (node.tagName === "ol") {
    const start = typeof node.properties.start === "number" ? node.properties.start : 1;
    copy.properties.start = start + done.filter((c) => c.type === "element" && c.tagName === "li").length;
  }
  if (node.tagName === "table") {
    const head = done.find((c) => c.type === "element" && c.tagName === "thead");
    if (head) copy.children.push(structuredClone(head));
  }
  return copy;
}

/** Split `node` at every marker under it: the first part, then one part per marker. */
function splitAt(node: Element): Element[] {
  const parts: Element[] = [{ ...node, children: [] }];
  const done: ElementContent[] = [];
  const open = (): Element => {
    const last = parts[parts.length - 1];
    if (last) last.properties = { ...last.properties, dataPvSplit: "" };
    const next = continuation(node, done);
    parts.push(next);
    return next;
  };
  let current = parts[0] as Element;
  for (const child of node.children) {
    if (isMarker(child)) current = open();
    else if (child.type === "element" && holdsMarker(child)) {
      const [head, ...rest] = splitAt(child);
      if (head) current.children.push(head);
      for (const r of rest) {
        current = open();
        current.children.push(r);
      }
    } else current.children.push(child);
    done.push(child);
  }
  return parts;
}

/** Page numbers of the markers under `node`, in document order. */
function markerPages(node: Element, out: number[] = []): number[] {
  for (const c of node.children) {
    if (c.type !== "element") continue;
    if (isMarker(c)) out.push(Number(c.properties.dataPage));
    else markerPages(c, out);
  }
  return out;
}

/** Cut `root` into page fragments at `breaks`. The tree is taken apart: pass one you own. */
export function splitPages(root: Element, breaks: readonly PageBreak[]): PageFragment[] {
  const byKey = new Map(leafBlocks(root).map((b) => [b.key, b.node]));
  // Splitting a text node before a word leaves every word whole, so word numbers stay valid as markers go in.
  for (const b of breaks) {
    const block = byKey.get(b.key);
    if (!block) continue;
    if (b.word === undefined) markBefore(root, block, b.page);
    else markWord(block, b.word, b.page);
  }
  const pages = markerPages(root);
  const parts = splitAt(root);
  return parts.map((node, i) => ({ node, page: i === 0 ? 1 : (pages[i - 1] ?? i + 1) }));
}
