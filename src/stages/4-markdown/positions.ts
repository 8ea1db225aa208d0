import type { Location } from "../../diagnostics/index.js";

/**
 * Where a match inside a text node was written: the node's own start moved
 * by the lines and columns of the text before the match. Exact for text
 * that Markdown did not rewrite (escapes and entities shift it slightly).
 */
export function atOffset(start: Location, value: string, offset: number): Location {
  const before = value.slice(0, offset);
  const lines = before.split("\n");
  const last = lines[lines.length - 1] ?? "";
  if (lines.length === 1) return { ...start, column: start.column + before.length };
  return { ...start, line: start.line + lines.length - 1, column: last.length + 1 };
}
