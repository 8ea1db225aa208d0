import { diagnostic, type Diagnostic, type Location } from "../../diagnostics/index.js";
import { locatePath } from "../../lib/yaml.js";
import type { Edition, Section } from "../../model.js";
import type { BlockKind, LayoutFinding, PrintedBlock } from "./rule.js";

/**
 * The layout findings as diagnostics, each pointing at the Markdown line the
 * heading, item or box was written on. The PDF knows only the printed text,
 * so the line is found by its words: a section-level heading is the
 * section's front-matter title; any other block is the first line of a
 * section body whose literal words (Handlebars expressions left out: a fact
 * prints words the line does not have) the block starts with, in order.
 * Text the templates make (contents, sources, About) points at the layout
 * template.
 */

/** Lower-case words, quotes and punctuation dropped: what survives merging, smart quotes and line wrapping. */
function words(s: string): string[] {
  return s
    .normalize("NFKC")
    .toLowerCase()
    .replace(/[’‘`']/g, "")
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

const joined = (w: readonly string[]): string => ` ${w.join(" ")} `;

/** The section whose front-matter title the heading's text starts with (an h2 may carry a label after it). */
function titled(edition: Edition, text: string): Section | undefined {
  const w = joined(words(text));
  return edition.sections.find((s) => w.startsWith(joined(words(s.front.title))));
}

/** A source line's literal words, in runs split where a Handlebars expression stands (its printed words are unknown). */
function literalRuns(line: string): string[][] {
  return line
    .replace(/\]\([^)]*\)/g, " ")
    .split(/\{\{[^}]*\}\}/)
    .map(words)
    .filter((w) => w.length > 0);
}

/** Printed words that may come before a block's first literal run: a list label, a fact's value. */
const LEAD = 6;
/** Literal words a line must share with the block (fewer when the line has fewer). */
const ENOUGH = 3;
/** Words of a run compared at most: the printed text is cut short, and hyphenation splits words further on. */
const RUN = 8;

/**
 * How well a line matches the block's printed words: the line's literal runs
 * found in order (each by its longest prefix there, up to RUN words), the
 * first near the block's start; the words matched less the words before the
 * first. Undefined when it does not match.
 */
function score(printed: readonly string[], line: string): number | undefined {
  const runs = literalRuns(line);
  const total = runs.reduce((n, r) => n + Math.min(r.length, RUN), 0);
  const text = joined(printed);
  let pos = 0;
  let matched = 0;
  let lead = 0;
  for (const [i, run] of runs.entries()) {
    let found: { at: number; n: number } | undefined;
    for (let n = Math.min(run.length, RUN); n >= Math.min(run.length, ENOUGH) && !found; n--) {
      const at = text.indexOf(joined(run.slice(0, n)), Math.max(0, pos - 1));
      if (at >= 0) found = { at, n };
    }
    if (!found) break;
    if (i === 0) lead = text.slice(0, found.at).split(" ").filter(Boolean).length;
    if (lead > LEAD) return undefined;
    pos = found.at + joined(run.slice(0, found.n)).length;
    matched += found.n;
  }
  return matched > 0 && matched >= Math.min(ENOUGH, total) ? matched - lead : undefined;
}

/** The body line of the edition's sections that best matches the block (the first of equals), as a location. */
function lineOf(sections: readonly Section[], printed: readonly string[], heading: boolean): Location | undefined {
  let best: { at: Location; score: number } | undefined;
  for (const s of sections)
    for (const [i, line] of s.body.split("\n").entries()) {
      if (heading !== /^\s{0,3}#{1,6}\s/.test(line)) continue;
      const n = score(printed, line);
      if (n === undefined || (best && best.score >= n)) continue;
      best = { at: { file: s.file, line: s.bodyLine + i, column: line.search(/\S/) + 1 }, score: n };
    }
  return best?.at;
}

/** Where a printed block was written, as well as its words allow; else the layout template. */
export function sourceOf(edition: Edition, block: PrintedBlock): Location {
  if (block.kind === "heading") {
    const s = titled(edition, block.text);
    if (s) return locatePath(s.frontYaml, ["title"]);
  }
  const printed = words(block.text);
  const found = printed.length ? lineOf(edition.sections, printed, block.kind === "heading") : undefined;
  return found ?? { file: edition.audience.templates.layout.file, line: 0, column: 0 };
}

const NAMES: Readonly<Record<BlockKind, string>> = {
  heading: "heading",
  item: "list item",
  box: "box",
  paragraph: "paragraph",
  figure: "figure",
  other: "block",
};

/** A block's opening words, for a message. */
function quoted(block: PrintedBlock): string {
  const t = block.text.length > 60 ? `${block.text.slice(0, 57).trimEnd()}…` : block.text;
  return `“${t}”`;
}

/** One finding as a diagnostic. */
function toDiagnostic(edition: Edition, f: LayoutFinding): Diagnostic {
  const at = sourceOf(edition, f.block);
  if (f.rule === "layout/heading-at-page-foot")
    return diagnostic({
      rule: f.rule,
      at,
      message: `edition ${edition.name}, page ${f.page}: the heading ${quoted(f.block)} ends the page; what it introduces starts on the next page`,
    });
  const alone =
    f.where === "foot"
      ? `its first line alone at the foot of page ${f.page}`
      : `its last line alone at the top of page ${f.page}`;
  const rest = f.where === "foot" ? `${f.after} on the next` : `${f.before} on the page before`;
  return diagnostic({
    rule: f.rule,
    at,
    message: `edition ${edition.name}, page ${f.page}: the ${NAMES[f.block.kind]} ${quoted(f.block)} is split, leaving ${alone} (${rest})`,
  });
}

/** The findings of one edition as diagnostics, in page order. */
export function layoutDiagnostics(edition: Edition, findings: readonly LayoutFinding[]): Diagnostic[] {
  return findings.map((f) => toDiagnostic(edition, f));
}
