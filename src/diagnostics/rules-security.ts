import type { RuleMeta } from "./rules.js";

/**
 * Rules that keep untrusted content (a contributor's pull request) inside
 * its bounds: files outside the project, unsafe SVG, oversized data, brief
 * folder names, colliding outputs, invisible characters. Kept beside the
 * main catalogue (rules.ts spreads them into `RULES`, so they are one
 * catalogue); docs/security.md is the threat model they serve.
 */

const content = (title: string, hint: string, docs: string): RuleMeta => ({
  severity: "error",
  kind: "content",
  title,
  hint,
  docs,
});

/** Rule ids for untrusted-content defences. */
export const SECURITY_RULES = {
  "file/outside-project": content(
    "a file the build reads resolves outside the project (a symbolic link)",
    "Replace the link with the file itself, inside the project.",
    "Every file the build reads (sections, data, images, references, templates) must resolve, after following symbolic links, inside the project folder. Otherwise a pull request could add a link to /etc/passwd or to a CI secret file and have it printed into a published edition. A brief folder that is itself a link is refused for the same reason.",
  ),
  "file/too-large": content(
    "a data file is larger than its limit",
    "Split the file, or shorten what is in it; the limits are listed in docs/security.md.",
    "Every file type the build reads has a size limit (sections 1 MB; facts, sources, charts and brief.yaml 4 MB; references 4 MB; CSV data 8 MB; images 10 MB; SVG 2 MB), so a file from a pull request cannot stall a build or exhaust its memory. The limit is checked before the file is parsed.",
  ),
  "markdown/unsafe-svg": content(
    "an SVG image holds script, event handlers, foreignObject, external references or text",
    "Export a plain SVG (e.g. Inkscape's 'Optimized SVG' or svgo) with no scripts, links or external images, without editor metadata, and with text converted to outlines (Inkscape: Path > Object to Path).",
    "Text in an SVG image is refused too: an image is isolated from the page, so it cannot use the bundled faces and would print in whatever font the building machine has (a system font, which the PDF checker refuses). An SVG is a document: opened at its own URL on the published site, a script in it runs on the site's origin. Every SVG a brief ships is checked with DOMPurify's SVG profile; if the sanitiser would remove anything, or the file refers to anything outside itself (an href or CSS url() that is not #fragment, @import, an xml-stylesheet, entities), it is refused rather than changed silently, so the published file is exactly the author's.",
  ),
  "brief/invalid-id": content(
    "a brief folder name that is not an id",
    "Rename the folder to lower-case letters, digits and single hyphens (e.g. content/energy-2025).",
    "A brief's id is its folder name; it becomes part of every output file name, progress line and URL, so it must be an id (the same rule as section and fact ids). Quotes, angle brackets, spaces and line breaks in a name could otherwise reach HTML, file names and logs.",
  ),
  "edition/output-collision": content(
    "two editions would write the same output file",
    "Rename one of the briefs or audiences so that <brief>-<audience> differs.",
    "Editions are written to output/<brief>-<audience>.*. Brief p with audience policy-makers and brief p-policy with audience makers both make p-policy-makers; the second would silently overwrite the first, and a release would record both as one edition.",
  ),
  "template/partial": content(
    "a section uses a partial or partial block",
    "Remove the {{> name}} or {{#> name}}…{{/name}}; sections use the helpers listed in docs/authoring.md.",
    'Sections may not use partials (the allow-list, SECTION_PARTIALS in src/stages/3-merge, is empty). A partial block whose partial is missing renders its block, so `{{#> x}}{{log "::error::…"}}{{/x}}` would otherwise run helpers that are not allowed and print a forged CI annotation. The static check visits partials\' arguments and blocks in every template.',
  ),
  "text/invisible-character": {
    severity: "warning",
    kind: "content",
    title: "a direction-override or zero-width character in content",
    hint: "Delete the invisible character (most editors show it with 'render control characters'); if it is needed (a joiner in Persian or Indic text, an emoji sequence), keep it knowingly.",
    docs: 'Direction overrides (U+202A–U+202E, U+2066–U+2069) and zero-width characters (U+200B–U+200F, U+2060, U+FEFF) change how text is displayed without changing its characters, or the reverse: a source written `gnitov` behind U+202E displays as "voting" in a review, and a zero-width space splits a word a search would find. This is the Trojan Source attack (CVE-2021-42574). Pull-request reviews show the displayed text, so every such character in content is reported at its line, for a human to look at. A byte-order mark at the very start of a file is not reported.',
  },
} as const satisfies Record<string, RuleMeta>;
