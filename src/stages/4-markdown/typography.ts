import type { Root } from "hast";
import { smarten } from "../../lib/typography.js";
import { runsOf, textBlocks } from "./blocks.js";

/**
 * Typographic quotes across a whole block. SmartyPants decides between an
 * opening and a closing quote from the characters around it, so each
 * block's text is smartened as one string, with a fact's value standing in
 * as a word, and the result is written back node by node (quotes change
 * one character for one, so offsets hold). Fact values are smartened when
 * they are merged; code is left alone.
 */

/** Straight quotes and apostrophes in every block of `tree` become curly ones (in place). */
export function smartenTree(tree: Root): void {
  for (const block of textBlocks(tree)) {
    const runs = runsOf(block);
    let text = "";
    const spans: { node: { value: string }; start: number }[] = [];
    for (const r of runs) {
      if (r.kind === "text") {
        spans.push({ node: r.node, start: text.length });
        text += r.node.value;
      } else if (r.kind === "atom") text += r.text ? "x" : "";
    }
    const out = smarten(text);
    if (out === text) continue;
    for (const { node, start } of spans) node.value = out.slice(start, start + node.value.length);
  }
}
