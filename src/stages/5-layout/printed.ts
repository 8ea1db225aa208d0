import { diagnostic, type Diagnostic } from "../../diagnostics/index.js";
import { checkAnchors, type SectionTree } from "./crossrefs.js";

/**
 * Checks on the finished HTML document, against what the sections wrote:
 * every `#anchor` link lands on an id the document prints, and the notes
 * list is there when the sections have footnotes (a layout template that
 * overrides `layout.hbs` might leave the `endnotes` partial out).
 */

/** Every `id="…"` in an HTML document (attribute values as written, entities decoded). */
export function idsIn(html: string): Set<string> {
  return new Set(
    [...html.matchAll(/\sid="([^"]*)"/g)].map((m) =>
      (m[1] ?? "")
        .replace(/&quot;/g, '"')
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .replace(/&amp;/g, "&"),
    ),
  );
}

/** Problems of the finished document the sections' links and notes depend on. */
export function checkPrinted(
  trees: readonly SectionTree[],
  html: string,
  hasNotes: boolean,
  layoutFile: string,
): Diagnostic[] {
  const ids = idsIn(html);
  if (hasNotes && !ids.has("endnotes"))
    return [
      diagnostic({
        rule: "layout/notes-missing",
        at: { file: layoutFile, line: 1, column: 1 },
        message: "the sections have footnotes, but the layout does not print the Notes list",
      }),
    ];
  return checkAnchors(trees, ids);
}
