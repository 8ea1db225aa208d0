import type { RuleMeta } from "./rules.js";

/**
 * The PDF/UA-1 rules (`pdf/…`): the machine-checkable conditions of the
 * Matterhorn Protocol 1.1 and the veraPDF PDF/UA-1 validation profile that
 * apply to what the pipeline produces, checked by src/checks/pdfua on every
 * edition before it is published. Each entry's explanation names the
 * ISO 14289-1 clause, the veraPDF test (clause-number) and, where one
 * exists, the Matterhorn failure condition. A failure is an error: the
 * edition is not written. Kept beside the main catalogue (rules.ts spreads
 * them into `RULES`).
 */

const FIX =
  "This is a fault of the PDF post-processing (src/stages/7-pdf), not of the content: report it with the edition.";

const r = (title: string, docs: string, hint = FIX): RuleMeta => ({
  severity: "error",
  kind: "output",
  title,
  hint,
  docs,
});

/** Rule ids reported by the PDF/UA checker. */
export const PDF_RULES = {
  "pdf/marked": r(
    "the catalog does not say the file is tagged (MarkInfo /Marked true)",
    "ISO 14289-1 6.2 (veraPDF 6.2-1): a conforming file's catalog has a MarkInfo dictionary whose Marked entry is true. Chromium writes it when it prints tagged; an edition printed without tags fails here and almost everywhere else.",
  ),
  "pdf/suspects": r(
    "MarkInfo /Suspects is true",
    "ISO 14289-1 7.1 (veraPDF 7.1-4; Matterhorn 01-007): Suspects true says the tagging may be wrong, which a conforming file may not say.",
  ),
  "pdf/struct-tree": r(
    "the file has no structure tree",
    "ISO 14289-1 7.1 (veraPDF 7.1-11): the logical structure is a tree rooted in the catalog's StructTreeRoot. Without it nothing is tagged.",
  ),
  "pdf/untagged-content": r(
    "content that is neither tagged nor an artifact",
    "ISO 14289-1 7.1 (veraPDF 7.1-3; Matterhorn 01-005): everything a page paints (text, paths, images) is either real content inside a tagged marked-content sequence, or an artifact. Running headers and footers, page numbers, rules and backgrounds must be artifacts; src/stages/7-pdf/artifacts.ts wraps them.",
  ),
  "pdf/artifact-in-tagged": r(
    "an artifact inside tagged content",
    "ISO 14289-1 7.1 (veraPDF 7.1-1; Matterhorn 01-003): an Artifact marked-content sequence may not sit inside a tagged (MCID) sequence.",
  ),
  "pdf/tagged-in-artifact": r(
    "tagged content inside an artifact",
    "ISO 14289-1 7.1 (veraPDF 7.1-2; Matterhorn 01-004): a tagged (MCID) sequence may not sit inside an Artifact sequence.",
  ),
  "pdf/non-standard-type": r(
    "a structure type that is neither standard nor role-mapped to a standard type",
    "ISO 14289-1 7.1 (veraPDF 7.1-5; Matterhorn 02-001): only the structure types of ISO 32000-1 14.8.4 are understood by every reader; any other type (Chromium writes PDF 2.0 names such as Strong and Aside) must be mapped in the RoleMap. Unmapped, poppler reports 'StructElem object is wrong type' and drops the element's text.",
  ),
  "pdf/circular-role-map": r(
    "a circular RoleMap",
    "ISO 14289-1 7.1 (veraPDF 7.1-6; Matterhorn 02-002): following the RoleMap from a type must end at a standard type, never come back to where it started.",
  ),
  "pdf/standard-remapped": r(
    "a standard structure type is remapped",
    "ISO 14289-1 7.1 (veraPDF 7.1-7; Matterhorn 02-003): the RoleMap may map only non-standard types; a standard type keeps its meaning.",
  ),
  "pdf/struct-parent": r(
    "a structure element without its parent (/P)",
    "ISO 14289-1 7.1 (veraPDF 7.1-12), ISO 32000-1 Table 323: every structure element names its parent, so a reader can walk up from content to its context.",
  ),
  "pdf/parent-tree": r(
    "the ParentTree and the content disagree",
    "ISO 32000-1 14.7.4.4, which PDF/UA-1 relies on for every content item: each marked-content id on a page is owned, through the page's /StructParents entry in the ParentTree, by the element whose /K lists it; each element's marked-content ids exist on its page; each annotation's /StructParent points at the element holding it. Validators and screen readers go from content to structure this way.",
  ),
  "pdf/xmp": r(
    "no XMP metadata stream in the catalog",
    "ISO 14289-1 7.1 (veraPDF 7.1-8; Matterhorn 06-001): the catalog's /Metadata is an XMP stream (Type /Metadata, Subtype /XML). src/stages/7-pdf/xmp.ts writes it.",
  ),
  "pdf/pdfua-id": r(
    "the XMP does not declare PDF/UA-1 (pdfuaid:part 1)",
    "ISO 14289-1 5 (veraPDF 5-1, 5-2, 5-3; Matterhorn 06-002): a PDF/UA file identifies itself with the PDF/UA identification schema, `pdfuaid:part` = 1, in the namespace http://www.aiim.org/pdfua/ns/id/ with the prefix pdfuaid.",
  ),
  "pdf/dc-title": r(
    "the XMP has no dc:title",
    "ISO 14289-1 7.1 (veraPDF 7.1-9; Matterhorn 06-003): the metadata names the document with dc:title.",
  ),
  "pdf/display-doc-title": r(
    "the viewer is not told to show the document title",
    "ISO 14289-1 7.1 (veraPDF 7.1-10; Matterhorn 07-001, 07-002): the catalog's ViewerPreferences has DisplayDocTitle true, so the window shows the title, not the file name.",
  ),
  "pdf/lang": r(
    "the document language is missing or not a language tag",
    "ISO 14289-1 7.2 (veraPDF 7.2-29, 7.2-34; Matterhorn 11-001 to 11-006): the catalog's /Lang (and any element's) is a BCP 47 language tag. The catalog's language is what determines the language of page text, alternative texts, link descriptions, bookmarks and metadata.",
  ),
  "pdf/lang-passage": r(
    "a passage the HTML marks as another language has no /Lang in the PDF",
    'ISO 14289-1 7.2 (Matterhorn 11-007, checked here against the HTML): text in another language than the document (the Chinese title of a source, `lang="zh-Hans"` in the HTML) carries its own /Lang, so a screen reader switches voice. src/stages/7-pdf/languages.ts finds the passage\'s element by its text.',
  ),
  "pdf/table-structure": r(
    "a table element in the wrong place",
    "ISO 14289-1 7.2 (veraPDF 7.2-3 to 7.2-14, 7.2-36 to 7.2-39; Matterhorn 09-004): Table holds TR, THead, TBody, TFoot and one Caption (first or last); TR sits in a table part and holds TH and TD; TH and TD sit in TR.",
  ),
  "pdf/list-structure": r(
    "a list element in the wrong place",
    "ISO 14289-1 7.2 (veraPDF 7.2-17 to 7.2-20, 7.2-40; Matterhorn 09-005): L holds LI, nested L and a first Caption; LI sits in L and holds Lbl and LBody only; LBody sits in LI. Chromium puts an item's text straight into LI; src/stages/7-pdf/lists.ts wraps it in LBody.",
  ),
  "pdf/toc-structure": r(
    "a table-of-contents element in the wrong place",
    "ISO 14289-1 7.2 (veraPDF 7.2-26 to 7.2-28; Matterhorn 09-006): TOC holds TOCI, nested TOC and a first Caption; TOCI sits in TOC.",
  ),
  "pdf/unicode": r(
    "a character code with no Unicode value",
    "ISO 14289-1 7.21.7 (veraPDF 7.21.7-1; Matterhorn 10-001): every character shown maps to Unicode (a ToUnicode CMap), or a screen reader cannot say it and search cannot find it.",
  ),
  "pdf/unicode-invalid": r(
    "a character code mapped to U+0000, U+FEFF or U+FFFE",
    "ISO 14289-1 7.21.7 (veraPDF 7.21.7-2; Matterhorn checkpoint 31): those values are not characters.",
  ),
  "pdf/font-embedded": r(
    "a font used for text is not embedded",
    "ISO 14289-1 7.21.4.1 (veraPDF 7.21.4.1-1; Matterhorn checkpoint 31): the program of every font used for rendering is embedded, so the text looks and reads the same everywhere.",
  ),
  "pdf/glyph-missing": r(
    "text selects a glyph the embedded font does not have",
    "ISO 14289-1 7.21.4.1 (veraPDF 7.21.4.1-2; Matterhorn checkpoint 31): every glyph referenced for rendering is in the embedded program (a glyph index within its maxp count).",
  ),
  "pdf/notdef": r(
    "text shows the .notdef glyph",
    "ISO 14289-1 7.21.8 (veraPDF 7.21.8-1; Matterhorn checkpoint 31): no text-showing operator may select .notdef (glyph 0), the box a font draws for a character it lacks.",
  ),
  "pdf/figure-alt": r(
    "a Figure without alternative text",
    "ISO 14289-1 7.3 (veraPDF 7.3-1; Matterhorn 13-004): every Figure has /Alt (or /ActualText). Charts get the alternative the HTML gives them (charts.yaml `alt`); an HTML <figure> that only groups a picture with its caption becomes a Div (src/stages/7-pdf/figures.ts).",
  ),
  "pdf/formula-alt": r(
    "a Formula without alternative text",
    "ISO 14289-1 7.7 (veraPDF 7.7-1; Matterhorn 17-002): a Formula has /Alt or /ActualText.",
  ),
  "pdf/heading-first": r(
    "the first numbered heading is not H1",
    "ISO 14289-1 7.4.2 (veraPDF 7.4.2-1; Matterhorn 14-002): when numbered headings are used, the first is H1.",
  ),
  "pdf/heading-skip": r(
    "a heading level is skipped",
    "ISO 14289-1 7.4.2 (veraPDF 7.4.2-1; Matterhorn 14-003): going down, numbered headings do not skip a level (H2 is not followed by H4).",
    "Fix the heading levels in the section (markdown/heading-skip says where), or the template.",
  ),
  "pdf/heading-one-h": r(
    "an element holds more than one H",
    "ISO 14289-1 7.4.4 (veraPDF 7.4.4-1; Matterhorn 14-006): with unnumbered H headings, each element holds at most one.",
  ),
  "pdf/heading-mixed": r(
    "both H and H1–H6 headings are used",
    "ISO 14289-1 7.4.4 (veraPDF 7.4.4-2, 7.4.4-3; Matterhorn 14-007): a document is either strongly structured (H) or weakly (H1–H6), not both.",
  ),
  "pdf/table-headers": r(
    "a table cell whose headers cannot be determined",
    "ISO 14289-1 7.5 (veraPDF 7.5-1, 7.5-2; Matterhorn 15-003): a TH has a /Scope, or the table's cells name their headers with /Headers pointing at TH /IDs that exist.",
  ),
  "pdf/note-id": r(
    "a Note without a unique ID",
    "ISO 14289-1 7.9 (veraPDF 7.9-1, 7.9-2; Matterhorn 19-003, 19-004): every Note element has an /ID, and no two share one.",
  ),
  "pdf/annot-tag": r(
    "an annotation (not a link or widget) outside an Annot element",
    "ISO 14289-1 7.18.1 (veraPDF 7.18.1-1; Matterhorn 28-002): annotations other than Link, Widget and PrinterMark are nested in an Annot structure element.",
  ),
  "pdf/annot-contents": r(
    "an annotation without a description",
    "ISO 14289-1 7.18.1 (veraPDF 7.18.1-2; Matterhorn checkpoint 28): a visible annotation has /Contents, or its structure element an /Alt.",
  ),
  "pdf/tabs": r(
    "a page with annotations whose tab order is not the structure order",
    "ISO 14289-1 7.18.3 (veraPDF 7.18.3-1; Matterhorn 28-008, 28-009): a page with annotations has /Tabs /S, so Tab follows the structure.",
  ),
  "pdf/link-tag": r(
    "a link annotation outside a Link element",
    "ISO 14289-1 7.18.5 (veraPDF 7.18.5-1; Matterhorn 28-011): every link annotation is the object reference of a Link structure element (after role mapping). Chromium tags a citation link (role doc-noteref) as NonStruct; src/stages/7-pdf/links.ts retags it.",
  ),
  "pdf/link-contents": r(
    "a link annotation without /Contents",
    'ISO 14289-1 7.18.5 (veraPDF 7.18.5-2; Matterhorn 28-012): a link says where it goes in its /Contents: "Note 3: author, title (year)" for a citation, the section title for a contents entry, the URL or e-mail address otherwise.',
  ),
  "pdf/reading-order": r(
    "the structure's reading order differs from the visual order",
    "Matterhorn 09-001 (a human check) made mechanical for a single-column page: on each page the text of the structure tree, in tree order, runs down the page and, on one line, to the right; it may go back up only into a new column to the right; and no page's content comes before an earlier page's.",
  ),
  "pdf/table-columns": r(
    "a table row spans fewer or more columns than the others",
    "ISO 14289-1 7.5 and ISO 32000-1 14.8.4.3.4 (veraPDF 7.2-42; Matterhorn 09-004): every row of a table spans the same number of columns, counting /ColSpan and the /RowSpan of cells above. Chromium drops an empty cell from the structure, leaving its row short; src/stages/7-pdf/table-cells.ts puts an empty TD or TH back where the HTML has it.",
  ),
  "pdf/word-joined": r(
    "two words run together in the tagged text at a line end",
    "ISO 14289-1 7.2 and ISO 32000-1 14.8.2.5 (word breaks; WCAG 1.3.1), checked here against the HTML: a word of the tagged text that the HTML has as two words was joined where the line wrapped, because Chromium draws no space there. src/stages/7-pdf/spaces.ts shows an invisible space at each wrapped line's end, from a font that has one when the line's own subset lacks it (Greek and Cyrillic subsets).",
  ),
  "pdf/form-widget": r(
    "a Form structure element without a widget annotation",
    "ISO 14289-1 7.18.4 (Matterhorn 28-005, 28-010): a Form element stands for a form field and holds its Widget annotation. An empty Form (Chromium tags an HTML checkbox so) announces a control a reader cannot find; a task list's check marks are printed as text instead.",
  ),
  "pdf/font-bundled": r(
    "a font that is not one of the bundled faces (a system fallback font)",
    "Every font embedded in an edition is one the pipeline bundles (npm @fontsource packages, listed in src/stages/5-layout/fonts.ts and docs/authoring.md, Languages and scripts), recognised by its PostScript name. Anything else (DejaVu Sans Mono, Liberation Serif) came from the printing machine: the output would differ from machine to machine, and fonts/missing-glyph did not see the character.",
    "A style or an SVG names a font family that is not bundled, or a character reached a system font: set it in a bundled family (--serif, --sans, --mono) or replace the character.",
  ),
  "pdf/ua-summary": {
    severity: "info",
    kind: "output",
    title: "what the PDF/UA-1 check found in an edition",
    hint: "Informational.",
    docs: "`brief check` reports, for each edition's PDF, how many PDF/UA-1 conditions were checked and how many failed, with what was checked (pages, structure elements, content items, links, figures, tables, headings, fonts). docs/accessibility.md quotes it for the DeepSeek editions.",
    checkOnly: true,
  },
} as const satisfies Record<string, RuleMeta>;
