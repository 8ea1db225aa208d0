import type { Severity } from "./diagnostic.js";
import { CITATION_RULES } from "./rules-citations.js";
import { CHART_RULES } from "./rules-charts.js";
import { DISTRIBUTE_RULES } from "./rules-distribute.js";
import { NOTE_RULES } from "./rules-notes.js";
import { PACKAGE_RULES } from "./rules-package.js";
import { PDF_RULES } from "./rules-pdf.js";
import { RELEASE_RULES } from "./rules-release.js";
import { SILENT_RULES } from "./rules-silent.js";
import { SECURITY_RULES } from "./rules-security.js";

/**
 * The one catalogue of diagnostics. Like ESLint's rule `meta` or
 * `rustc --explain`, every rule id the pipeline can report lives here with
 * its default severity, a one-line title, a default hint and a longer
 * explanation. `diagnostic()` only accepts ids from this table (a typo is a
 * compile error), `brief explain RULE-ID` prints an entry, and the
 * README's rules table is generated from it (`make docs`; a test checks the
 * two agree).
 *
 * `kind` decides the exit code (see pipeline/outcome.ts): `usage` is wrong
 * usage (2), `render` a renderer failure (3), `delivery` a failed delivery
 * (4), `unreached` a recipient still refused or unknown (5); everything
 * else is a content or output problem (1) when it is an error.
 */

/** What a rule is about; decides the exit code of an error. */
export type RuleKind = "content" | "usage" | "render" | "output" | "delivery" | "unreached";

/** One catalogue entry. */
export interface RuleMeta {
  readonly severity: Severity;
  readonly kind: RuleKind;
  /** One line: what the rule finds. */
  readonly title: string;
  /** What to do, when a finding does not give a more specific hint. */
  readonly hint: string;
  /** Why the rule exists and how to satisfy it, for `brief explain`. */
  readonly docs: string;
  /** Reported only by `brief check` (editorial rules), not by `build`. */
  readonly checkOnly?: boolean;
  /** Reported only by this command (e.g. `distribute`), not by build and check. */
  readonly command?: "distribute" | "release";
}

const rule = (
  severity: Severity,
  kind: RuleKind,
  title: string,
  hint: string,
  docs: string,
  checkOnly = false,
): RuleMeta => (checkOnly ? { severity, kind, title, hint, docs, checkOnly } : { severity, kind, title, hint, docs });
const content = (title: string, hint: string, docs: string): RuleMeta => rule("error", "content", title, hint, docs);

/** Files validated against a schema; each gets the same three schema rules. */
const SCHEMA_FILES = ["brief", "section", "facts", "sources", "charts", "audience", "distribution"] as const;
export type SchemaFile = (typeof SCHEMA_FILES)[number];
/** Files that map ids to entries. */
const KEYED_FILES = ["facts", "sources", "charts"] as const;
export type KeyedFile = (typeof KEYED_FILES)[number];

type SchemaRuleId = `${SchemaFile}/${"unknown-key" | "missing-field" | "invalid"}` | `${KeyedFile}/invalid-id`;

function schemaRules(): Record<SchemaRuleId, RuleMeta> {
  const out: Partial<Record<SchemaRuleId, RuleMeta>> = {};
  const where = (f: SchemaFile): string =>
    f === "section" ? "a section's front matter" : f === "audience" ? "an audience file" : `${f}.yaml`;
  for (const f of SCHEMA_FILES) {
    const scoped = (m: RuleMeta): RuleMeta => (f === "distribution" ? { ...m, command: "distribute" } : m);
    out[`${f}/unknown-key`] = scoped(
      content(
        `an unknown key in ${where(f)}`,
        "Remove the key or fix its spelling; unknown keys are rejected rather than ignored.",
        `Every object in ${where(f)} is strict: a key the content model does not define is an error, so a misspelt field never silently disappears. See docs/authoring.md for the fields.`,
      ),
    );
    out[`${f}/missing-field`] = scoped(
      content(
        `a required field is missing in ${where(f)}`,
        "Add the field; see docs/authoring.md.",
        `${where(f)} lacks a field the content model requires. The diagnostic names the field by its dotted path and points at the object that should hold it.`,
      ),
    );
    out[`${f}/invalid`] = scoped(
      content(
        `a value of the wrong type or format in ${where(f)}`,
        "Fix the value's type or format; see docs/authoring.md.",
        `A value in ${where(f)} does not match its schema (a date that is not YYYY-MM-DD, a number written as text, a colour that is not #rrggbb…). The message says what was expected.`,
      ),
    );
  }
  for (const f of KEYED_FILES) {
    out[`${f}/invalid-id`] = content(
      `an id in ${f}.yaml that is not lower-case letters, digits and hyphens`,
      "Rename the key.",
      `Ids appear in helpers ({{fact "id"}}), anchors and file names, so they are restricted to lower-case letters, digits and hyphens.`,
    );
  }
  return out as Record<SchemaRuleId, RuleMeta>;
}

/** Rule ids and their metadata; grouped by the part of the project they are about. */
export const RULES = {
  ...schemaRules(),
  ...DISTRIBUTE_RULES,
  ...RELEASE_RULES,
  ...PDF_RULES,
  ...SILENT_RULES,
  ...NOTE_RULES,
  ...CITATION_RULES,
  ...CHART_RULES,
  ...SECURITY_RULES,
  ...PACKAGE_RULES,

  // Files and YAML
  "file/missing": content(
    "a file the project needs does not exist",
    "Create the file, or remove whatever refers to it.",
    "A brief needs brief.yaml, facts.yaml, sources.yaml and sections/; templates need layout.hbs. The diagnostic names the missing path.",
  ),
  "file/unreadable": content(
    "a file cannot be read",
    "Check the file's permissions (it must be readable by the build).",
    "The build could not read the file (permissions, a directory where a file was expected, an I/O error). The error code is in the message.",
  ),
  "file/invalid-utf8": content(
    "a file is not valid UTF-8",
    "Save the file as UTF-8 (most editors offer this under 'Save with encoding').",
    "Content files must be UTF-8. Invalid bytes are never replaced silently, because they would print as � in a published edition. The position of the first bad byte is given. A byte-order mark and CRLF line endings are accepted.",
  ),
  "yaml/syntax": content(
    "YAML that does not parse",
    "Fix the YAML syntax at this position (check indentation, colons and quotes).",
    "The YAML parser's first error is reported at its position; later errors usually follow from it.",
  ),
  "yaml/duplicate-key": content(
    "a key repeated in one YAML mapping",
    "Each key may appear once in a mapping; remove or rename the repeated key.",
    "YAML parsers disagree on which of two equal keys wins, so a brief must say each thing once.",
  ),
  "yaml/unknown-tag": content(
    "a custom YAML tag (!something)",
    "Custom YAML tags (!something) are not allowed; write a plain value.",
    "Tags can make a YAML loader construct arbitrary objects. Content is data, so only plain values are accepted.",
  ),
  "yaml/alias-limit": content(
    "YAML aliases that expand too far",
    "Avoid deeply nested aliases (&anchor / *alias); write the values out.",
    "Alias expansion is bounded (a 'billion laughs' file would otherwise exhaust memory).",
  ),

  // Project structure
  "brief/none": content(
    "no brief folders under content/",
    "Create content/<brief-id>/ with brief.yaml, facts.yaml, sources.yaml and sections/.",
    "A project holds one or more briefs, each a folder under content/.",
  ),
  "brief/no-sections": content(
    "a brief without sections",
    "Add Markdown files to the sections/ folder.",
    "A brief's text lives in sections/*.md, one file per section.",
  ),
  "brief/unknown-audience": content(
    "brief.yaml lists an audience that is not defined",
    "Use a defined audience, or add templates/audiences/<name>.yaml.",
    "Audiences are discovered from templates/audiences/*.yaml. A name in a brief's audiences list must match one of those files. Only that audience's edition is lost; the others build.",
  ),
  "audience/none": content(
    "no audience files",
    "Add templates/audiences/<name>.yaml (see docs/audiences.md).",
    "Every edition is a brief for an audience; without audiences there is nothing to build.",
  ),
  "edition/empty": content(
    "an edition with no sections",
    "Give a section this audience in its front matter, or list sections under editions.<audience>.sections in brief.yaml.",
    "An edition prints a brief's sections for one audience. If none is for that audience, the edition would be a cover, an empty contents page and the back matter: it is an error, never a one-page PDF reported as built. Nothing is written for that edition.",
  ),
  "edition/unknown-section": content(
    "a brief's edition lists a section the brief does not have",
    "Fix the id (the id in the section's front matter), or add the section.",
    "editions.<audience>.sections in brief.yaml lists the brief's own section ids, in reading order. An id that names no section of this brief, or one listed twice, fails that edition rather than silently dropping a section.",
  ),
  "edition/unlisted-section": content(
    "a section written for an edition that the edition's list leaves out",
    "Add the section to editions.<audience>.sections, or take the audience out of the section's audiences.",
    "When a brief lists an edition's sections, a section whose own audiences name that edition must be on the list: otherwise the edition would print without it. The edition fails rather than ship partial.",
  ),

  "brief/information-age": rule(
    "warning",
    "content",
    "the information is older than the brief's review period at its edition date",
    "Bring the content up to date and move information_as_of forward, or publish knowing the cover tells readers how old the information is.",
    'information_as_of lies more than review_period_days before edition_date. The cover then says so in plain words ("Information as of 10 February 2025, 21 months before this edition; check for later developments before acting on it"), and this rule tells the editor. Both dates come from brief.yaml, never from the clock. --strict makes it an error.',
    true,
  ),
  "brief/placeholder": content(
    "a final brief with a placeholder in its back matter",
    "Replace the placeholder with the real value, or mark the brief status: draft (or specimen) until it is ready.",
    "A brief marked `status: final` (the default) may not print a contact address on a domain reserved for examples (example.org, .test…) or a reviewer given as a role (\"the unit's editorial lead\") instead of a person's name: readers would take it as fact. A draft or specimen says on its cover, in its footer and in About that its details are placeholders, and `brief release` refuses it without --allow-specimen.",
  ),
  "about/placeholder-contact": rule(
    "warning",
    "content",
    "the back matter's contact address is a placeholder",
    "Replace about.contact in brief.yaml with the responsible unit's real address before the brief goes out.",
    "An address at example.org, example.com or example.net, or under .example, .test, .invalid or .localhost, is reserved for examples (RFC 2606, RFC 6761): mail to it never arrives. A draft may carry one; --strict makes it an error, so a release gate catches it.",
    true,
  ),
  // Sections
  "section/empty": content(
    "a section with no text",
    "Write the section, or delete the file.",
    "An empty section file, or front matter with nothing below it, would print as an empty heading.",
  ),
  "section/no-front-matter": content(
    "a section without front matter",
    'Start the file with a "---" block holding id, title and order.',
    "Each section file starts with YAML front matter between --- lines: id, title and order, and optionally audiences, kind and analysis.",
  ),
  "section/duplicate-id": content(
    "two sections with the same id",
    "Give every section a unique id.",
    "Section ids name anchors (#sec-<id>) and appear in the brief's editions lists, so they must be unique within a brief.",
  ),
  "section/unknown-audience": content(
    "a section or {{#audience}} block names an audience its brief is not published for",
    "Use one of the brief's audiences, or add the audience to the brief's audiences in brief.yaml.",
    "Audience names in a section's audiences list, and in {{#audience}} blocks, must be audiences the brief is published for (its brief.yaml `audiences`). A misspelt name would silently drop the section, or the block, from the edition it was meant for; so it is an error that fails every edition of the brief, and nothing of that brief is written until it is fixed.",
  ),
  "section/audience-mismatch": content(
    "a brief's edition lists a section whose audiences exclude it",
    "Add the audience to the section's audiences, or remove the section from editions.<audience>.sections.",
    "A section's audiences list and the brief's editions.<audience>.sections disagree; the build cannot tell which was meant.",
  ),
  "section/too-large": content(
    "a section over the size limit for one section",
    "Split it into several sections, or move bulk data out of the brief; a policy brief section is a few pages.",
    "A section body over 1 MB is refused before merging: 5 MB of Markdown would take about a minute to print thousands of pages, only to fail the page budget.",
  ),

  // Templates and helpers
  "template/syntax": content(
    "a Handlebars syntax error",
    "Check that every {{#block}} has a matching {{/block}} and every {{ has a }}.",
    "The template could not be parsed. The position is where Handlebars noticed the problem, which may be after the actual mistake.",
  ),
  "template/unknown-helper": content(
    "a helper that does not exist",
    'Use one of the helpers listed in docs/authoring.md, "Helpers".',
    "Sections may call fact, value, cite, chart, audience, if and unless; layout templates if, unless, each and with. Anything else is a mistake, reported before anything runs.",
  ),
  "template/bad-arguments": content(
    "a helper called without quoted names",
    'Write {{helper "id"}}.',
    'Helpers take quoted ids, so the pipeline can check them before rendering: {{fact "v3-training-cost"}}, not {{fact v3-training-cost}}.',
  ),
  "template/bad-option": content(
    'a helper option (key="value") the helper does not take',
    'Remove the option or fix its spelling; {{fact}} takes cite="here".',
    'Helpers take a fixed set of options, each with a fixed set of values: {{fact "id" cite="here"}} pins the citation beside the figure instead of moving it to the end of the clause. Any other key or value is an error, so a misspelt option never silently does nothing.',
  ),
  "template/prototype-access": content(
    "a template expression that reaches into JavaScript internals",
    "Templates may only read the brief's own data; remove this expression.",
    "Names such as __proto__, constructor and prototype are refused at parse time: they are the way template injection reaches code.",
  ),
  "template/decorator": content(
    "a Handlebars decorator",
    "Remove the {{* }} decorator.",
    "Decorators run code at compile time and are not part of the brief's template language.",
  ),
  "template/triple-stash": content(
    "unescaped output ({{{ }}} or {{& }})",
    "Use {{value}}: the pipeline escapes values for where they land.",
    "Unescaped output would let a fact's text become markup. Every helper already inserts real nodes, so there is never a need for it.",
  ),
  "template/runtime": content(
    "a template failed while running",
    "Check the names used in {{ }}; templates run in strict mode, so every name must exist.",
    "Handlebars runs in strict mode: a misspelt name is an error at its line, never an empty string.",
  ),

  // Facts, sources, charts
  "facts/undefined": content(
    "a fact used but not defined",
    "Add the fact to facts.yaml with value, format, as_of and source, or fix the id.",
    "{{fact}} and {{value}} name an id in the brief's facts.yaml.",
  ),
  "facts/editorial-citation": content(
    "an editorially attributed fact without a printed statement of what that means",
    "Add attribution_note: the words printed instead of a source number, e.g. \"DeepSeek's own figure, as summarised in the unit's research notes; the notes do not name the publication\".",
    'When the research notes give a figure without naming its source (`attribution: editorial`), the figure must not carry the number of a listed source that does not make the claim: a reader checking that source would not find it. Such a fact prints with a mark (†) that points to its `attribution_note`, printed after the sources list under "Figures without a named source" (a chart plotting it carries the same mark on its source line). The editors may still record their guess in `source` and `note`; it is never printed as the figure\'s source.',
  ),
  "facts/unknown-source": content(
    "a fact whose source is not in sources.yaml",
    "Add the source to sources.yaml, or fix the fact's source id.",
    "Every figure carries its source; the source must be listed so the sources list can print it.",
  ),
  "facts/unused": rule(
    "warning",
    "content",
    "a fact defined but used in no edition",
    'Quote it with {{fact "id"}} in a section, or remove it from facts.yaml.',
    "Data nobody reads is usually a typo elsewhere, or a figure someone meant to quote. A fact counts as used when any edition quotes it or plots it in a chart.",
    true,
  ),
  "facts/stale": rule(
    "warning",
    "content",
    "a fact older than the brief's review period",
    "Check the figure against a current source and update value and as_of, or adjust review_period_days in brief.yaml.",
    "A figure whose as_of date lies more than review_period_days before the edition date needs a fresh look before it is published again. The reference date is the edition date, never today's, so the same content always gives the same findings.",
    true,
  ),
  "facts/attribution": rule(
    "info",
    "content",
    "a fact the research notes give without naming its source, listed for review",
    "Look for the publication that makes the claim; when found, set source to it and drop attribution: editorial.",
    "A fact marked `attribution: editorial` is one the research notes state without saying which source makes it. It prints with a mark that points to its `attribution_note`, never with a listed source's number. `brief check` lists every such fact (with --format json for tools) so an editor can review them before publication, and find a real source where one exists.",
  ),
  "sources/undefined": content(
    "a source cited but not defined",
    "Add the source to sources.yaml, or fix the id.",
    "{{cite}} names an id in the brief's sources.yaml.",
  ),
  "sources/uncited": rule(
    "warning",
    "content",
    "a source nothing cites",
    'Cite it with {{cite "id"}} or through a fact, or remove it from sources.yaml.',
    "A source is cited by {{cite}} and by every use of a fact whose source it is. Editions list only what they cite, so an uncited source never appears.",
    true,
  ),
  "citations/after-figure": content(
    "a citation mark directly after a quantity",
    "End the clause with punctuation so the mark follows it, or use {{value}} and a Source column. If the number names something, add the word before it to cite_after in brief.yaml.",
    'A superscript number right after a quantity ("18%²", "1,000¹") reads as part of it, an exponent or a footnote on the figure. Fact citations move to the end of their clause or sentence, after the punctuation; this rule catches a pinned citation (cite="here"), a {{cite}} or a clause without punctuation that would still leave the mark on a figure. A number that names something is not a quantity: a legal or document reference ("Article 99¹", "Section 230", "Regulation (EU) 2024/1689", "H.R. 1121") or a date ("6 February 2025¹", "February 2025", "in 2021", a `format: date` fact) may carry a mark. A brief adds its own reference words with `cite_after: [RTR]` in brief.yaml.',
  ),
  "charts/undefined": content(
    "a chart used but not defined",
    "Define the chart in charts.yaml, or fix the id.",
    "{{chart}} names an id in the brief's charts.yaml.",
  ),
  "charts/unknown-fact": content(
    "a chart plots a fact that is not defined",
    "Add the fact to facts.yaml or remove it from the chart.",
    "Charts are drawn from facts, so the numbers on the chart are the numbers in the text.",
  ),
  "charts/non-numeric": content(
    "a chart plots a fact that is not a number",
    "Charts can only plot money, percent or number facts.",
    "A bar needs a numeric value; dates and text facts cannot be plotted.",
  ),
  "charts/inline": content(
    "a chart inside running text",
    'Put {{chart "id"}} on its own line with blank lines around it.',
    "A chart is a figure and must stand in a paragraph of its own.",
  ),

  // Markdown
  "markdown/raw-html": rule(
    "warning",
    "content",
    "raw HTML in a section (markup removed, text kept)",
    "Write Markdown instead: tags and their attributes never reach the page, and script, style or an embedded document goes whole; the text between other tags stays. For angle brackets meant as text, write \\< before them.",
    'Content is data, not code: raw HTML markup is removed from the edition so that no content can add scripts, styles or tracking. The words inside it are the author\'s, so they stay: a block of HTML (<div class="callout">Fines are ceilings…</div>) prints as plain paragraphs of its text, and inline tags go, with their attributes, while the text between them stays. Text in angle brackets whose name is not an HTML element (<in workplaces>) is not markup: it is kept, see markdown/angle-text. What is code or an embedded document (script, style, iframe, object, svg…) goes whole. The warning says which happened; write the text as Markdown to format it.',
  ),
  "markdown/unsafe-link": content(
    "a link that is not http(s), mailto or an #anchor",
    "Links must be http(s), mailto or #anchors inside the brief.",
    "javascript:, data: and file: links are refused; the link text is kept without the link.",
  ),
  "markdown/remote-image": content(
    "an image that is not a file inside the brief",
    "Put the image in the brief's images/ folder and refer to it by a relative path.",
    "Editions never load anything from the network, and images outside the brief folder (absolute paths, ..) are refused.",
  ),
  "markdown/image-alt": content(
    "an image whose alt text is only white space",
    "Write ![what the image shows](path), or ![](path) with nothing between the brackets if the image is decorative.",
    "Screen readers and the PDF's tag tree use the alt text; an image without it is inaccessible. Empty brackets, ![](path), mark an image as decorative (markdown/image-decorative); brackets holding only spaces are neither a description nor that mark, so they are refused.",
  ),
  "markdown/image-decorative": rule(
    "info",
    "content",
    "an image with empty alt text, treated as decorative",
    "If the image carries information, describe it: ![what the image shows](path).",
    'CommonMark and WCAG (technique H67) mark a decorative image with empty alternative text: ![](divider.png). It is printed, with alt="" in the HTML (screen readers skip it) and as an Artifact in the PDF (not a Figure). The notice names each such image at its line, so an image that was meant to be described is not skipped silently.',
  ),
  "markdown/lang-invalid": content(
    "a language tag that is not valid BCP 47",
    "Write a registered language tag, such as fr, el, ru, zh-Hans or ar: [text]{lang=fr}.",
    "Bracketed spans ([raison d'être]{lang=fr}) and fenced divs (::: {lang=el} … :::) mark a passage in another language, so a screen reader switches voice (WCAG 3.1.2; PDF/UA /Lang). The tag must be a valid BCP 47 tag (checked against the IANA registry); an invalid one would make a reader guess, so it is refused.",
  ),
  "markdown/attribute-unsupported": rule(
    "warning",
    "content",
    "an attribute in {…} that is not supported",
    "Only lang=… is supported on bracketed spans and fenced divs; remove the other attributes.",
    "Pandoc's attribute blocks can carry ids, classes and any key; this pipeline supports lang=… (and sets dir=rtl itself for right-to-left languages). Anything else would be dropped, so each is named with its position instead.",
  ),
  "markdown/fenced-div": content(
    "a fenced div that is not closed, or a closing fence without an opening one",
    "Close ::: {lang=…} with a line of ::: alone, with blank lines around both fences.",
    "A fenced div (::: {lang=el} … :::) groups blocks in another language. Its fences must pair up inside the same container (the section, a quote or a list item); an unpaired fence would print as text or mark the rest of the section.",
  ),
  "markdown/image-missing": content(
    "an image file that cannot be read",
    "Put the file in the brief folder at the given path, or fix the path.",
    "The image is referenced by a section but is not there.",
  ),
  "markdown/image-corrupt": content(
    "an image file that is not a PNG, JPEG, GIF, WebP or SVG",
    "Re-export the image; the file's contents do not match an image format.",
    "Images are checked by their first bytes, so a renamed or truncated file is caught before it prints as a broken picture.",
  ),
  "markdown/heading-level": content(
    "a level-1 or level-2 heading inside a section",
    "The section title is level 2; start subheadings at ### (level 3).",
    "The section's title (from its front matter) is the level-2 heading; headings inside start at level 3.",
  ),
  "markdown/heading-skip": content(
    "a heading that skips a level",
    "Use the next level down instead.",
    "Skipped heading levels break the document outline, the PDF bookmarks and screen-reader navigation.",
  ),
  "links/broken-anchor": rule(
    "error",
    "content",
    "an internal #link to an id the edition does not have",
    "Link to an id that exists in this edition (sections are #sec-<section id>).",
    "In-document links must land on an element of the same edition. Each edition is read on its own, so a link to another audience's section is broken. Links written in a section are checked by build too (a link that lands nowhere could not be described in the PDF); links a layout template makes are checked by check.",
  ),
  "acronyms/not-spelled-out": rule(
    "warning",
    "content",
    "an acronym not spelled out at its first use in an edition",
    'Write it out the first time, as "Full Name (ABC)", or add it to acronyms in brief.yaml if every reader knows it.',
    'Editions are read on their own, so each spells out an acronym at its first use: "Full Name (ABC)" or "ABC (Full Name)". Words with digits (R1, GPT-4o) are names. brief.yaml\'s acronyms: lists exceptions.',
    true,
  ),

  "text/time-words": rule(
    "warning",
    "content",
    'a word such as "now", "new" or "flagship", or a present-tense statement about a company, in a brief whose information is older than its review period',
    'Tie it to a date ("In January 2025, OpenAI\'s flagship reasoning model was o1"), put it in the past tense, or drop it.',
    'When information_as_of lies beyond the review period before the edition date, words that mean "at the time of reading" (now, currently, recently, so far, to date, this week, today, at present, new, newest, latest, flagship, already, yet) mislead: the reader\'s now is not the sources\' now. So do present-tense statements about how a market stands: an organisation\'s name followed by is, are, has, keeps, leads, funds, admits, does not… ("OpenAI and Anthropic keep their models closed", "Meta\'s Llama models do not perform as well"). A sentence that also names a year is taken as tied to a date and is not flagged; nor are words inside quotation marks (a source\'s own words), acronyms and model numbers ("AGI is"), reporting verbs ("Reuters reports") or names such as New York. --strict makes it an error.',
    true,
  ),
  "text/spelling": rule(
    "warning",
    "content",
    "a spelling that does not follow the brief's language (en-GB or en-US), or a word not in its house form",
    "Use the spelling of the brief's lang, and the house form (open-source).",
    'House style: the brief\'s lang decides between British and American spellings of a small list of words (licence/license as a noun, behaviour/behavior, -ise/-ize verbs…), so the editions do not mix them. Verbs such as "to license" are left alone. Whatever the lang, words the editions would otherwise mix take one form: "open-source", never "open source" or "opensource".',
    true,
  ),
  "text/assessment-inline": rule(
    "warning",
    "content",
    "the brief's own assessment starts in the middle of a paragraph",
    'Start a new paragraph at "Our assessment:" so it prints as its own labelled box.',
    'Sourced fact and the brief\'s own analysis are kept apart: a paragraph (or list item) that starts "Our assessment:" or "Our explanation:" prints as a labelled box. The label in the middle of a paragraph, after a cited sentence, blurs which words the source said.',
    true,
  ),

  // Styles, fonts
  "styles/remote-url": content(
    "a stylesheet that imports or points outside the bundled assets",
    "Editions may use only bundled fonts and images; remove the @import or url().",
    "Stylesheets may not @import anything or refer to URLs outside the bundled assets. The browser blocks such requests anyway; this says so at the line that asked.",
  ),
  "fonts/missing-glyph": content(
    "a character no bundled font covers",
    "Replace the character, or bundle a @fontsource font that covers it (src/stages/5-layout/fonts.ts).",
    "Fonts come from npm, never from the system. A character none of them covers would print in a fallback face, or as a box.",
  ),

  // Editions
  "edition/page-budget": content(
    "an edition over its page budget",
    "Shorten this edition's sections, or raise page.budget in the audience file.",
    "Each audience sets a maximum number of pages (page.budget). The count is taken from the finished PDF. `brief check` reports every edition's count as info.",
  ),
  "edition/reading-grade": content(
    "an edition above its reading-grade limit",
    "Use shorter sentences and plainer words in this edition's sections.",
    "An audience may set reading_grade_max, a Flesch–Kincaid grade for its body text (paragraphs and list items; not tables, headings, charts or sources). `brief check` reports every edition's grade as info.",
  ),

  // Layout of the printed edition (src/checks/layout), build and check
  "layout/heading-at-page-foot": rule(
    "warning",
    "content",
    "a page that ends with a heading",
    "Headings keep with what follows (templates/styles/print.css); a stylesheet that overrides break-after, or two headings with nothing between them, can defeat it. Restore the rule, put a sentence under the first heading, or move text so the heading lands elsewhere.",
    "Read back from the printed PDF's structure tree: when the last content on a page (running header and footer excluded) is a heading and more follows on a later page, the heading is cut off from what it introduces. The diagnostic points at the heading in the Markdown (a section heading: the section's title) and names the edition and page. A warning; an error under --strict, where the edition is not written.",
  ),
  "layout/split-one-line": rule(
    "warning",
    "content",
    "a list item, box or paragraph split across pages leaving a single line",
    "List items and boxes are kept whole and paragraphs keep three lines together (templates/styles/print.css); a stylesheet that overrides that, or an item or box longer than a page, can defeat it. Restore the rule, or shorten the item or box.",
    'Read back from the printed PDF: the lines of each list item, box (an "Our assessment" or "Our explanation" paragraph, the takeaways) and paragraph on each page, from the baselines of its text (a superscript does not make a line). One line alone at the foot or the top of a page is reported at the item\'s line in the Markdown, with the edition and page. A warning; an error under --strict, where the edition is not written.',
  ),

  // Rendering
  "render/no-browser": rule(
    "error",
    "render",
    "no Chromium or Chrome could be found",
    "Run `npx brief setup` (in the tool's own repository, `make setup`): it finds or installs one. Or install Chromium (`apt-get install chromium`), or set PUPPETEER_EXECUTABLE_PATH to a Chrome/Chromium binary.",
    "PDFs are printed by a real headless Chromium. The build looks at PUPPETEER_EXECUTABLE_PATH, then a system Chrome or Chromium, then puppeteer's cache.",
  ),
  "render/launch": rule(
    "error",
    "render",
    "Chromium was found but failed to start",
    "Check that the path is a working Chrome/Chromium, or unset PUPPETEER_EXECUTABLE_PATH; `npx brief setup` (in the tool's own repository, `make setup`) installs one.",
    "The browser binary exists but did not start (wrong architecture, missing libraries, not a browser).",
  ),
  "render/crash": rule(
    "error",
    "render",
    "Chromium crashed or was killed while rendering",
    "Re-run the build; if it recurs, check memory (dmesg: the OOM killer) and the Chromium install.",
    "The browser died mid-render. No PDF was written, the previous output was kept, and the next edition gets a fresh browser.",
  ),
  "render/timeout": rule(
    "error",
    "render",
    "rendering an edition took longer than the time limit",
    "Look for a very large section or table; raise --timeout if the edition is legitimately large.",
    "Each edition's render runs under --timeout (default 60 s). On a time-out the browser is closed and a fresh one serves the next edition.",
  ),
  "render/font": rule(
    "error",
    "render",
    "a bundled font failed to load in the browser",
    "Reinstall dependencies (`rm -rf node_modules && make`); a bundled font file is missing or corrupt.",
    "Every font face the edition uses must load, or the PDF would fall back to another face.",
  ),
  "render/failed": rule(
    "error",
    "render",
    "rendering failed for another reason",
    "Re-run with a single --audience to isolate the edition.",
    "An unexpected error from the browser; the message carries its first line.",
  ),
  "render/blocked-request": rule(
    "error",
    "content",
    "the page asked for something outside the edition and was refused",
    "Editions may only use the project's bundled assets; remove the reference.",
    "The rendering page may load only files in the edition's own staging folder. Every other request (network, other files) is blocked and reported as an error, from every print of the edition (contents pages print more than once), and the edition is not written: a page that asked for something it could not have may print differently from what its author saw.",
  ),

  // Output
  "output/write-failed": rule(
    "error",
    "output",
    "output/ could not be written",
    "Check that output/ is writable and the disk has space; the previous editions were left as they were.",
    "Every edition's files are written to temporary files and renamed into place only when all writes succeeded, so a failure leaves the previous edition intact.",
  ),
  "output/locked": rule(
    "error",
    "output",
    "another build is still writing output/",
    "Wait for it to finish and run again. If no build is running, delete output/.brief-lock.",
    "One build at a time writes output/. A second build waits for up to 5 minutes, then stops with this error.",
  ),
  "output/stale-lock": rule(
    "info",
    "output",
    "a lock left by a build that is no longer running was removed",
    "Nothing to do; the previous build did not finish.",
    "A lock whose owner process is gone (or was replaced under a reused pid) is stale and is removed by the next build.",
  ),
  "output/stale-temp": rule(
    "info",
    "output",
    "temporary files left by a crashed build were removed",
    "Nothing to do; the published editions were never affected.",
    "Temporary files and staging folders of builds that are no longer running are cleaned up by the next build.",
  ),
  "check/rendered": rule(
    "info",
    "content",
    "check rendered editions to count their pages and check their PDFs",
    "Only the page-budget, PDF/UA-1 and layout rules render; pass --no-render to skip them.",
    "`brief check` renders PDFs into a temporary folder (never output/) for the page-budget rule, the PDF/UA-1 check (pdf/…) and the layout rules (layout/…), and says so. An edition the build cache knows is not rendered: its cached PDF is read back instead.",
  ),

  // Command line
  "cli/unknown-brief": rule(
    "error",
    "usage",
    "--brief names a brief that does not exist",
    "Use one of the briefs under content/.",
    "The value of --brief must be a folder name under content/.",
  ),
  "cli/unknown-audience": rule(
    "error",
    "usage",
    "--audience names an audience that does not exist",
    "Use one of the audiences in templates/audiences/.",
    "The value of --audience must be a file name (without .yaml) under templates/audiences/.",
  ),
} as const satisfies Record<string, RuleMeta>;

/** Every rule id the pipeline can report. */
export type RuleId = keyof typeof RULES;

/** The catalogue entry of a rule id, or undefined for an id that is not in the catalogue. */
export function ruleMeta(id: string): RuleMeta | undefined {
  return Object.hasOwn(RULES, id) ? (RULES as Record<string, RuleMeta>)[id] : undefined;
}

/** Every rule id, sorted. */
export function ruleIds(): RuleId[] {
  return (Object.keys(RULES) as RuleId[]).sort();
}
