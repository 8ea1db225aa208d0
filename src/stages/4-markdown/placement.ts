import type { Element, ElementContent, Root } from "hast";
import { diagnostic, type Diagnostic } from "../../diagnostics/index.js";
import { isCiteMark, runsOf, textBlocks, type Run } from "./blocks.js";
import { afterFigureHint, mayCiteAfter } from "./figure-rule.js";

/**
 * Where citation marks go. House style: a fact's citation stands at the
 * end of its clause or sentence, after the punctuation that closes it
 * (". ; ? !") and after a closing quotation mark or bracket, never
 * between a figure and the words it belongs to. Marks that meet there
 * merge into one superscript when the layout stage numbers them.
 *
 * A citation pinned with `cite="here"`, and every `{{cite}}`, stays where
 * the author put it. Without closing punctuation in the block, a mark goes
 * to the block's end (a table cell, a list item without a full stop).
 * A mark never crosses into a nested list, and never lands inside a link.
 */

/** Punctuation that closes a clause or sentence. */
const CLOSING = /[.;?!]/g;
/** Characters that may follow the punctuation before the mark: closing quotes and brackets. */
const CLOSERS = new Set(["”", "’", '"', "'", ")", "]"]);

/** A citation placeholder and whether the author fixed its place. */
function placeOf(node: Element): string | undefined {
  const p = node.properties.dataPlace;
  return typeof p === "string" ? p : undefined;
}

/** The first character a reader sees after run `i` (at `from` in a text run), or "" at a mark or the block's end. */
function nextChar(runs: readonly Run[], i: number, from: number): string {
  const here = runs[i];
  if (here?.kind === "text" && from < here.node.value.length) return here.node.value[from] ?? "";
  for (let j = i + 1; j < runs.length; j++) {
    const r = runs[j];
    if (!r || r.kind === "stop") return "";
    if (r.kind === "text") {
      if (r.node.value.length) return r.node.value[0] ?? "";
    } else return r.text === "" ? "" : (r.text[0] ?? "");
  }
  return "";
}

/** The first character after whitespace following run `i` at `from`, to tell "U.S. stocks" from a sentence end. */
function nextWordChar(runs: readonly Run[], i: number, from: number): string {
  let j = i;
  let at = from;
  for (;;) {
    const r = runs[j];
    if (!r || r.kind === "stop") return "";
    if (r.kind === "atom") return r.text[0] ?? "";
    const rest = r.node.value.slice(at).trimStart();
    if (rest) return rest[0] ?? "";
    j++;
    at = 0;
  }
}

/** Offset just past the clause end in text run `i`, searching from `from`, or -1. */
function clauseEnd(runs: readonly Run[], i: number, from: number): number {
  const run = runs[i];
  if (run?.kind !== "text") return -1;
  const value = run.node.value;
  CLOSING.lastIndex = from;
  for (let m = CLOSING.exec(value); m; m = CLOSING.exec(value)) {
    let end = m.index + 1;
    while (end < value.length && CLOSERS.has(value[end] ?? "")) end++;
    const next = nextChar(runs, i, end);
    if (next !== "" && !/\s/.test(next)) continue;
    if (m[0] === "." && /^\p{Ll}/u.test(nextWordChar(runs, i, end))) continue;
    return end;
  }
  return -1;
}

/** Insert `mark` into `parent` at `index`. */
function insertAt(parent: Element, index: number, mark: Element): void {
  parent.children.splice(index, 0, mark);
}

/** Place `mark` at offset `end` of text run `run`: split the text, or go after the inline elements it closes. */
function placeInText(block: Element, run: Extract<Run, { kind: "text" }>, end: number, mark: Element): void {
  const { node, parent, ancestors } = run;
  const link = ancestors.findIndex((a) => a.tagName === "a");
  if (end < node.value.length && link === -1) {
    const index = parent.children.indexOf(node);
    const rest: ElementContent = { type: "text", value: node.value.slice(end) };
    node.value = node.value.slice(0, end);
    parent.children.splice(index + 1, 0, mark, rest);
    return;
  }
  // At the end of the text: climb out of inline elements it ends (and out of any link).
  let child: ElementContent = node;
  let holder = parent;
  for (let k = ancestors.length - 1; k >= 0; k--) {
    const isLast = holder.children.indexOf(child) === holder.children.length - 1;
    if (!isLast && (link === -1 || k < link)) break;
    child = holder;
    holder = k > 0 ? (ancestors[k - 1] ?? block) : block;
  }
  // After any marks already placed there, so marks keep their reading order.
  let at = holder.children.indexOf(child) + 1;
  for (let next = holder.children[at]; next?.type === "element" && isCiteMark(next); next = holder.children[at]) at++;
  insertAt(holder, at, mark);
}

/** Move one movable mark (run `i` of `runs` in `block`) to the end of its clause. */
function moveMark(block: Element, runs: readonly Run[], i: number): void {
  const run = runs[i];
  if (run?.kind !== "atom") return;
  const mark = run.node;
  for (let j = i + 1; j < runs.length; j++) {
    const r = runs[j];
    if (!r) break;
    if (r.kind === "stop") {
      run.parent.children.splice(run.parent.children.indexOf(mark), 1);
      insertAt(r.parent, r.parent.children.indexOf(r.node), mark);
      return;
    }
    if (r.kind !== "text") continue;
    const end = clauseEnd(runs, j, 0);
    if (end < 0) continue;
    run.parent.children.splice(run.parent.children.indexOf(mark), 1);
    placeInText(block, r, end, mark);
    return;
  }
  run.parent.children.splice(run.parent.children.indexOf(mark), 1);
  block.children.push(mark);
}

/** Move every fact citation to the end of its clause or sentence (in place). */
export function placeCitations(tree: Root): void {
  for (const block of textBlocks(tree)) {
    for (;;) {
      const runs = runsOf(block);
      const i = runs.findIndex((r) => r.kind === "atom" && placeOf(r.node) === "end");
      if (i < 0) break;
      const run = runs[i];
      if (run?.kind === "atom") run.node.properties.dataPlace = "placed";
      moveMark(block, runs, i);
    }
  }
}

/** What the after-figure rule may let stand, beyond legal references and dates in the text (figure-rule.ts). */
export interface FigureRule {
  /** The brief's own words that may stand before a referenced number (`cite_after` in brief.yaml). */
  readonly citeAfter: readonly string[];
  /** Facts of `format: date`: a citation may follow one. */
  readonly dateFacts: ReadonlySet<string>;
}

/**
 * `citations/after-figure`: a mark that would print straight after a digit
 * or a per cent sign, where it reads as part of the figure ("90%¹"). A
 * legal reference ("Article 99¹") or a date ("6 February 2025¹") is not a
 * quantity, and may carry a mark.
 */
export function checkFigureMarks(
  tree: Root,
  file: string,
  rule: FigureRule = { citeAfter: [], dateFacts: new Set() },
): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const block of textBlocks(tree)) {
    let before = "";
    let afterDate = false;
    for (const r of runsOf(block)) {
      if (r.kind === "text") {
        before += r.node.value;
        afterDate &&= r.node.value === "";
      } else if (r.kind === "atom" && !isCiteMark(r.node)) {
        before += r.text;
        afterDate = rule.dateFacts.has(String(r.node.properties.dataFact ?? ""));
      } else if (r.kind === "atom" && /[\d%]$/.test(before) && !afterDate && !mayCiteAfter(before, rule.citeAfter)) {
        const figure = /\S*$/.exec(before)?.[0] ?? "";
        const hint = afterFigureHint(before);
        before += " ";
        out.push(
          diagnostic({
            rule: "citations/after-figure",
            at: {
              file,
              line: Number(r.node.properties.dataLine ?? 0),
              column: Number(r.node.properties.dataColumn ?? 0),
            },
            message: `a citation mark would print right after the figure "${figure}"`,
            hint,
          }),
        );
      }
    }
  }
  return out;
}
