import type { Element, Root } from "hast";
import { runsOf, textBlocks } from "./blocks.js";
import { boundingOf } from "./bounds.js";

/**
 * A fact's qualifier ("up to", "over") prints with its value wherever the
 * value prints, so no copy of a figure can drop it. In running text it
 * follows the sentence it stands in:
 *
 * - capitalised at the start of a sentence or a block ("Up to €35 million
 *   is the ceiling"), never "Ceilings, not tariffs. up to …";
 * - printed once per phrase: not after the same words written by the
 *   author ("up to {{fact}}"), and not again on a second figure joined to
 *   the first by "or", "and", "to" or a comma ("up to €35 million or 7%");
 * - not after words that already bound the value ("at most", "a maximum
 *   of", "no more than"), nor on either figure of a range ("between … and
 *   …", "from … to …"): see bounds.ts.
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
    /** The first figure of a range, and what joins the second to it. */
    let range: { join: RegExp; end: number } | undefined;
    const runs = runsOf(block);
    for (const [i, r] of runs.entries()) {
      if (r.kind === "stop") {
        before = "";
        last = undefined;
        range = undefined;
        continue;
      }
      if (r.kind === "text") {
        before += r.node.value;
        continue;
      }
      const qualifier = qualified.get(r.node);
      const text = r.node.children[0];
      const bounding = r.text ? boundingOf(before, runs, i) : undefined;
      const secondOfRange = range !== undefined && r.text !== "" && range.join.test(before.slice(range.end));
      if (r.text) range = undefined;
      if (!qualifier || text?.type !== "text") {
        before += r.text;
        if (r.text) last = undefined;
        if (bounding?.kind === "range") range = { join: bounding.join, end: before.length };
        continue;
      }
      const written = new RegExp(`(?:^|\\W)${qualifier.replace(/ /g, "\\s+")}\\s+$`, "i").test(before);
      const repeated = last?.qualifier === qualifier && CONNECTOR.test(before.slice(last.end));
      if (written || repeated || bounding || secondOfRange) text.value = withoutQualifier(text.value, qualifier);
      else if (startsSentence(before)) text.value = text.value.charAt(0).toUpperCase() + text.value.slice(1);
      before += text.value;
      last = { qualifier, end: before.length };
      if (bounding?.kind === "range") range = { join: bounding.join, end: before.length };
    }
  }
}
