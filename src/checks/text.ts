import type { Root, RootContent } from "hast";
import type { Location } from "../diagnostics/index.js";
import { isCitation } from "../lib/hast.js";
import type { Section } from "../model.js";

/**
 * Reading a prepared section tree back as prose, and pointing at the line
 * the author wrote. The merge stage keeps every block's line count, so a
 * merged line is the source line; `locateInSource` searches the source
 * from that line for the text itself, to find the column too.
 */

/** Prose of one section in reading order, with a map back to merged lines. */
export interface Prose {
  readonly text: string;
  /** Sorted by `start`: from this offset on, text comes from merged line `line` (and from fact `fact`'s value). */
  readonly lines: readonly TextOrigin[];
}

/** Where a stretch of prose came from. */
export interface TextOrigin {
  readonly start: number;
  readonly line: number;
  readonly fact?: string;
}

const BLOCK = new Set([
  "p",
  "li",
  "ul",
  "ol",
  "table",
  "tr",
  "td",
  "th",
  "blockquote",
  "h3",
  "h4",
  "h5",
  "h6",
  "figcaption",
  "dd",
  "dt",
  "div",
]);

/** Running text of a section tree: no code, charts or citation marks. */
export function proseOf(tree: Root, lineOffset: number): Prose {
  let text = "";
  const lines: TextOrigin[] = [];
  const walk = (nodes: readonly RootContent[], line: number, fact: string | undefined): void => {
    for (const n of nodes) {
      const here = n.position ? n.position.start.line + lineOffset : line;
      if (n.type === "text") {
        const last = lines[lines.length - 1];
        if (last?.line !== here || last.fact !== fact)
          lines.push(
            fact === undefined ? { start: text.length, line: here } : { start: text.length, line: here, fact },
          );
        text += n.value;
      } else if (n.type === "element") {
        if (isCitation(n) || n.tagName === "code" || n.tagName === "pre" || n.tagName === "figure") continue;
        if (BLOCK.has(n.tagName)) text += "\n";
        const id = n.properties.dataFact;
        walk(n.children, here, typeof id === "string" ? id : fact);
        if (BLOCK.has(n.tagName)) text += "\n";
      }
    }
  };
  walk(tree.children, lineOffset + 1, undefined);
  return { text, lines };
}

/** Origin (merged line, fact) of the text at `offset` in a Prose. */
export function lineAt(prose: Prose, offset: number): TextOrigin {
  let origin: TextOrigin = prose.lines[0] ?? { start: 0, line: 1 };
  for (const l of prose.lines) {
    if (l.start > offset) break;
    origin = l;
  }
  return origin;
}

/** `s` as a regular expression that matches it literally. */
export function literal(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Where `pattern` first matches in the section's source, searching from
 * `fromLine` (a merged line) onwards. Falls back to column 1 of `fromLine`
 * when the text came from elsewhere (a fact's value, say).
 */
export function locateInSource(section: Section, fromLine: number, pattern: RegExp): Location {
  const bodyLines = section.body.split("\n");
  for (let i = Math.max(0, fromLine - section.bodyLine); i < bodyLines.length; i++) {
    const m = pattern.exec(bodyLines[i] ?? "");
    if (m) return { file: section.file, line: section.bodyLine + i, column: m.index + 1 };
  }
  return { file: section.file, line: fromLine, column: 1 };
}
