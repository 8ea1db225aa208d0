import type { RuleMeta } from "./rules.js";

/**
 * Rules about footnotes, captions, cross-references and links within an
 * edition (src/stages/4-markdown/notes.ts and captions.ts,
 * src/stages/5-layout/endnotes.ts and crossrefs.ts). Kept beside the main
 * catalogue (rules.ts spreads them into `RULES`).
 */

const r = (severity: "error" | "warning", title: string, hint: string, docs: string): RuleMeta => ({
  severity,
  kind: "content",
  title,
  hint,
  docs,
});

/** Rule ids for notes, captions and cross-references. */
export const NOTE_RULES = {
  "markdown/footnote-undefined": r(
    "error",
    "a footnote reference [^label] with no definition in its section",
    'Add "[^label]: the note\'s text" to the same section, or remove the reference.',
    "A footnote is written as text[^label] in the running text and [^label]: the note's text on a line of its own, in the same section. A reference whose definition is missing would print as the literal text [^label], so the edition is refused. Labels are per section: two sections may both use [^1], and the notes are numbered once per edition, in reading order.",
  ),
  "markdown/footnote-unused": r(
    "warning",
    "a footnote definition nothing refers to",
    "Refer to it with [^label] where it belongs, delete it, or put the definition inside the same {{#audience …}} block as its reference.",
    "A definition [^label]: … whose label no text of the section refers to in this edition would never be reached by a reader, so it is left out of the edition's notes; the warning says so instead of dropping it silently. A reference kept only for some audiences leaves its definition unused in the others' editions.",
  ),
  "markdown/caption-orphan": r(
    "warning",
    'a "Table:" caption that is not next to a table',
    'Put the "Table: …" paragraph directly before or after its table, separated only by a blank line.',
    'Pandoc\'s table caption is a paragraph starting "Table:" directly before or after the table. One that is not next to a table cannot be attached to it and prints as an ordinary paragraph.',
  ),
  "markdown/xref-unknown": r(
    "error",
    "a cross-reference @tbl-… or @fig-… to an id the edition does not have",
    "Refer to the id a table or figure gives itself: Table: caption {#tbl-id}, or ![caption](image.png){#fig-id}.",
    'Quarto-style cross-references print as "Table 1" or "Figure 2", numbered per edition in reading order. The id must be given to a captioned table or figure printed in the same edition (a chart can be referred to as @fig-<chart id>); an unknown id is refused, with the closest existing ids suggested.',
  ),
  "layout/notes-missing": r(
    "error",
    "the edition has footnotes but its layout template does not print them",
    "Add {{> endnotes}} to the layout template (templates/layout.hbs does it before {{> notes}}).",
    'Every footnote reference links to its note in the "Notes" list, which the endnotes partial prints. A layout that leaves the partial out would print references that lead nowhere.',
  ),
} satisfies Record<string, RuleMeta>;
