import type { Element, Root } from "hast";
import { runsOf, textBlocks } from "./blocks.js";

/**
 * A fact's qualifier ("up to", "over") prints with its value wherever the
 * value prints, so no copy of a figure can drop it. In running text it
 * follows the sentence it stands in:
 *
 * - capitalised at the start of a sentence or a block ("Up to €35 million
 *   is the ceiling"), never "Ceilings, not tariffs. up to …";
 * - printed once per phrase: not after the same words written by the
 *   author ("up to {{fact}}"), and not again on a second figure joined to
 *   the first by "or", "and", "to" or a comma ("up to €35 million or 7%").
 *
 * `qualifier=false` on a helper call turns it off for that use (merge).
 */

/** Words that may join two figures in one phrase, with nothing else between them. */
const CONNECTOR = /^\s*(?:,|or|and|nor|to|–|—|-|\/|,\s*or|,\s*and)\s*$/i;
/** The text before a new sentence: a full stop, question or exclamation mark, then closing quotes or brackets, then space. */
const SENTENCE_END = /[.!?][”’"')\]]*\s+$/;
/** Full stops that end an abbreviation, not a sentence ("U.S.", "e.g."). */
const ABBREVIATION = /(?:\b[A-Za-z]\.){2,}[”’"')\]]*\s+$|\b(?:e\.g|i\.e|etc|vs|cf|approx|ca|c)\.\s+$/i;

/** True when a sentence starts after `before` (the block's text so far). */
export function startsSentence(before: string): boolean {
  if (before.trim() === "") return true;
  return SENTENCE_END.test(before) && !ABBREVIATION.test(before);
}

/** `text` without its leading `qualifier` and the space after it. */
const withoutQualifier = (text: string, qualifier: string): string =>
  text.startsWith(`${qualifier} `) ? text.slice(qualifier.length + 1) : text;

/** Apply the rules above to every qualified fact span, in place; `qualified` maps each span to its qualifier. */
export function qualifyInContext(tree: Root, qualified: ReadonlyMap<Element, string>): void {
  if (qualified.size === 0) return;
  for (const block of textBlocks(tree)) {
    let before = "";
    let last: { qualifier: string; end: number } | undefined;
    for (const r of runsOf(block)) {
      if (r.kind === "stop") {
        before = "";
        last = undefined;
        continue;
      }
      if (r.kind === "text") {
        before += r.node.value;
        continue;
      }
      const qualifier = qualified.get(r.node);
      const text = r.node.children[0];
      if (!qualifier || text?.type !== "text") {
        before += r.text;
        if (r.text) last = undefined;
        continue;
      }
      const written = new RegExp(`(?:^|\\W)${qualifier.replace(/ /g, "\\s+")}\\s+$`, "i").test(before);
      const repeated = last?.qualifier === qualifier && CONNECTOR.test(before.slice(last.end));
      if (written || repeated) text.value = withoutQualifier(text.value, qualifier);
      else if (startsSentence(before)) text.value = text.value.charAt(0).toUpperCase() + text.value.slice(1);
      before += text.value;
      last = { qualifier, end: before.length };
    }
  }
}
