import type { RuleMeta } from "./rules.js";

/**
 * The rules of references from a reference manager (`references.json`,
 * `references.bib`), Pandoc citations (`[@key]`) and citation styles,
 * kept beside the main catalogue (rules.ts spreads them into `RULES`).
 */

const error = (title: string, hint: string, docs: string): RuleMeta => ({
  severity: "error",
  kind: "content",
  title,
  hint,
  docs,
});

/** Rule ids about references and citation styles. */
export const CITATION_RULES = {
  "references/invalid": error(
    "a references.json or references.bib entry that cannot be read",
    "Fix the entry at the position given, or export the library again from the reference manager.",
    "`references.json` is CSL-JSON (an array of items, each with an `id` and a `type`), as Zotero and Better BibTeX export it. `references.bib` is BibTeX or BibLaTeX, read by citation-js. A file that does not parse, or an item without an id or type, stops the build at its line.",
  ),
  "references/duplicate-id": error(
    "the same id in two of sources.yaml, references.json and references.bib",
    "Rename one of the two, or remove the copy: a citation must name exactly one reference.",
    "Ids are shared by sources.yaml, references.json and references.bib, so `[@key]`, `{{cite}}` and a fact's `source:` always mean one reference. The diagnostic names both places.",
  ),
  "citations/undefined": error(
    "a [@key] citation naming no reference",
    "Fix the key, or add the reference to references.json, references.bib or sources.yaml.",
    "Pandoc citations (`[@key]`, `[@key, p. 12]`, `[@a; @b]`, `@key says`, `[-@key]`) name an id in the brief's sources.yaml, references.json or references.bib. A literal `[@…]` never reaches the page: an unknown key stops the build. `@fig-…` and `@tbl-…` are cross-references, not citations.",
  ),
  "citations/unknown-style": error(
    "a citation_style that is neither bundled nor a .csl file in the project",
    "Use numbered, apa, chicago-author-date, chicago-notes or harvard, or the path of a .csl file inside the project.",
    "`citation_style:` in brief.yaml (or `editions.<audience>.citation_style`) names a bundled style or a `.csl` file, relative to the brief's folder and inside the project. `numbered` is the house style; the others are formatted by citeproc-js, the reference implementation of CSL.",
  ),
  "citations/needs-style": error(
    "a reference from references.json or references.bib cited in a numbered edition",
    "Set citation_style (e.g. apa) in brief.yaml or for this edition, or move the reference to sources.yaml.",
    "The numbered house style prints sources.yaml entries in its own form. References from a reference manager are printed by a CSL style, so an edition citing them needs one.",
  ),
} as const satisfies Record<string, RuleMeta>;
