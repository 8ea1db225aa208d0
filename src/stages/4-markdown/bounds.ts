import type { Run } from "./blocks.js";

/**
 * Words that already bound a value, so a fact's own qualifier after them
 * would say it twice ("at most up to €35 million"). The qualifier pass
 * (qualifiers.ts) prints the bare value after them:
 *
 * - a bound: "at most", "at least", "a maximum of", "a minimum of", "no
 *   more than", "not less than", "no fewer than", "more than", "up to",
 *   "as much as", "in excess of", "upwards of" (and their variants);
 * - a range: "between {{fact}} and {{fact}}", "from {{fact}} to {{fact}}",
 *   both figures. "from" alone is not a bound ("from over 100 investors"),
 *   so it counts only when "to" and a second figure follow.
 *
 * English, case-insensitive, read across inline markup ("**at most**
 * {{fact}}"): the text before a figure is the block's running text.
 */

const BOUND = [
  String.raw`at\s+(?:most|least|the\s+(?:most|least|very\s+(?:most|least)))`,
  String.raw`(?:an?\s+|the\s+)?(?:maximum|minimum|max\.?|min\.?|ceiling|floor|cap)\s+of`,
  String.raw`(?:(?:no|not|never)\s+)?(?:more|less|fewer|greater|higher|lower)\s+than`,
  String.raw`up\s+to`,
  String.raw`as\s+(?:much|many|little|few|high|low)\s+as`,
  String.raw`in\s+excess\s+of`,
  String.raw`upwards\s+of`,
  String.raw`between`,
].join("|");

/** Bounding words at the end of the text before a figure. */
const BOUNDED = new RegExp(String.raw`(?:^|[^\p{L}\p{N}])(?:${BOUND})\s+$`, "iu");
/** "between" or "from" right before a figure: the first figure of a range. */
const RANGE_OPENS = /(?:^|[^\p{L}\p{N}])(between|from)\s+$/iu;
/** What joins the two figures of a range. */
const RANGE_JOIN: Readonly<Record<string, RegExp>> = {
  between: /^\s*and\s+$/i,
  from: /^\s*(?:to|until|through|–|—|-)\s*$/i,
};

/** True when a fact span is a fact's value (not a citation or image). */
const isFact = (r: Run): boolean => r.kind === "atom" && r.node.tagName === "span" && "dataFact" in r.node.properties;

/** The running text from after run `i` to the next fact, or undefined when a stop or the block's end comes first. */
function textToNextFact(runs: readonly Run[], i: number): string | undefined {
  let text = "";
  for (const r of runs.slice(i + 1)) {
    if (r.kind === "stop") return undefined;
    if (isFact(r)) return text;
    text += r.kind === "text" ? r.node.value : r.text;
  }
  return undefined;
}

/** How the words before a figure bound it: a bound, the first figure of a range, or nothing. */
export type Bounding = { readonly kind: "bound" } | { readonly kind: "range"; readonly join: RegExp } | undefined;

/** Whether the figure at run `i`, after the text `before`, is bounded by the author's own words. */
export function boundingOf(before: string, runs: readonly Run[], i: number): Bounding {
  const opens = RANGE_OPENS.exec(before)?.[1]?.toLowerCase();
  const join = opens ? RANGE_JOIN[opens] : undefined;
  if (join) {
    const between = textToNextFact(runs, i);
    if (between !== undefined && join.test(between)) return { kind: "range", join };
  }
  return BOUNDED.test(before) ? { kind: "bound" } : undefined;
}
