import { stringify } from "yaml";
/**
 * `brief new <id>`: a complete, commented brief that builds at once and
 * passes `brief check`, for an author to edit rather than to start from an
 * empty folder. Every value is a placeholder that says what to put there;
 * the figures are marked as placeholders in their notes, and the brief is
 * a `draft` until its author says otherwise. Pure: options in, files out.
 */

/** What the new brief is called and who it is for. */
export interface NewBrief {
  readonly id: string;
  readonly title: string;
  readonly audiences: readonly string[];
  /** `YYYY-MM-DD`: the edition, information and access dates to start from. */
  readonly date: string;
}

/** Quote a value for YAML through the yaml library (double-quoted, every character escaped as YAML needs). */
export const yamlString = (s: string): string =>
  stringify(s, { defaultStringType: "QUOTE_DOUBLE", lineWidth: 0 }).trimEnd();

/** A value as one comment line: line breaks (which would end the comment and start a key) become spaces. */
const commentText = (s: string): string => s.replace(/[\r\n\u0085\u2028\u2029]+/gu, " ");

function briefYaml(b: NewBrief): string {
  const first = b.audiences[0] ?? "government";
  return `# ${commentText(b.title)}: a new brief. Replace every value below; \`brief check\` lists what
# is still a placeholder. Field reference: docs/authoring.md.
# draft: every page says so, and \`brief release\` refuses it. Set final once the placeholders are replaced.
status: draft
title: ${yamlString(b.title)}
subtitle: What this brief covers, in one line
short_title: ${yamlString(b.title.length > 40 ? `${b.title.slice(0, 37)}…` : b.title)}  # the running header
organisation: Your unit  # the publisher; the PDF's Author
subject: One sentence on what the brief is about (the PDF's Subject).
keywords: [policy brief]
lang: en-GB  # en-GB or en-US decides the house spelling
# The day the responsible unit signs this edition off; change it only when the content is reviewed again.
edition_date: ${b.date}
# The date the information is current to, printed on the cover.
information_as_of: ${b.date}
# How long the information stays current; older facts are flagged by \`brief check\`.
review_period_days: 180
# One edition for each audience (templates/audiences/<name>.yaml; \`brief new --audience NAME\` adds one).
audiences: [${b.audiences.join(", ")}]
# Optional, per edition: the sections it prints (in order), its cover subtitle, and its own
# page size, page budget or accent colour. Without a list, an edition prints every section whose
# \`audiences\` name it (or that names none), by \`order\`.
editions:
  ${first}:
    subtitle: What the ${first} edition covers, in one line
# Acronyms readers know without spelling out.
acronyms: []
# Printed as "About this brief" at the end of every edition.
about:
  unit: Your unit
  contact: briefs@example.org  # a real address before publication (brief check warns until then)
  reviewed_by: the reviewing editor  # the person who reviewed this edition
  reviewed_on: ${b.date}
  method: >-
    How sources were chosen, and what "Our assessment" means in this brief.
  interests: >-
    Who paid for this brief, and any interest the unit has in what it covers.
`;
}

function factsYaml(b: NewBrief): string {
  return `# Every figure the brief quotes, with its source and the date it is true of.
# In a section, {{fact "id"}} prints the value (and its qualifier) and cites its source.
# Formats: money (with currency USD, EUR, GBP or CNY), percent, number (with unit), date, text.
# These three are placeholders: replace them with figures from your sources.
example-budget:
  label: Planned budget  # the chart's label for this figure
  value: 2000000
  format: money
  currency: EUR
  qualifier: up to  # about, over, under, up to, at least or nearly; printed before the value
  as_of: ${b.date}
  source: example-report
  note: A placeholder figure; replace it with one from your sources.
example-spent:
  label: Spent so far
  value: 500000
  format: money
  currency: EUR
  as_of: ${b.date}
  source: example-report
  note: A placeholder figure; replace it with one from your sources.
example-share:
  value: 25
  format: percent
  as_of: ${b.date}
  source: example-report
  note: A placeholder figure; replace it with one from your sources.
`;
}

function sourcesYaml(b: NewBrief): string {
  return `# The sources the brief cites, keyed by id; an edition lists only those it cites.
example-report:
  author: Surname, Given name  # or an organisation
  title: Title of the report
  publisher: Publisher
  # A full date, a year-month (2026-11) or a year (2026); leave it out when the source has none ("n.d.").
  published: ${b.date.slice(0, 4)}
  url: https://example.org/report
  accessed: ${b.date}  # the day you read it
`;
}

function chartsYaml(): string {
  return `# Bar charts drawn from facts at build time. In a section: {{chart "id"}} on a line of its own.
budget-use:
  type: bar
  title: A quarter of the planned budget has been spent  # the chart's one message
  alt: "Bar chart. Spent so far: EUR 0.5 million, against a planned budget of up to EUR 2 million."
  facts: [example-spent, example-budget]
  scale: 1000000  # plot in millions
  x_title: Euros (millions)
`;
}

function distributionYaml(b: NewBrief): string {
  const first = b.audiences[0] ?? "government";
  return `# Who receives this brief's editions, and how (\`brief distribute\`; docs/distribution.md).
# No secrets here: the SMTP server comes from BRIEF_SMTP_URL.
sender:
  name: Your unit
  email: briefs@example.org
reply_to: analysts@example.org
subject: "{{brief.title}} — {{audience.label}} edition"
# Where releases are published; links in messages point here.
base_url: https://briefs.example.org/${b.id}/latest/
recipients:
  - name: Example recipient
    email: recipient@example.org
    audiences: [${first}]
    channel: email
    attach: pdf
    note: Replace this example with the real recipients.
`;
}

const TAKEAWAYS = `---
id: takeaways
title: Key takeaways
order: 0
kind: takeaways  # prints as the key-takeaways box on page one
---
- Three to five points a busy reader needs. The planned budget is {{fact "example-budget"}}, and {{fact "example-spent"}} has been spent.
- Each point that states a fact cites its source: the project is {{fact "example-share"}} complete.
- Our assessment: a point that is the unit's own judgement starts like this and prints apart from the sourced text.
`;

const background = (first: string): string => `---
id: background
title: Background
order: 10
# audiences: [government]  # optional: only these editions print this section
---
Write each section in Markdown. A figure comes from facts.yaml: {{fact "example-spent"}} of
{{fact "example-budget"}} has been spent. A claim without a figure cites its source directly.{{cite "example-report"}}

{{chart "budget-use"}}

{{#audience "${first}"}}
Text between these lines prints only in that edition.
{{/audience}}

### A subheading (level 3; the section title is level 2)

Our assessment: a paragraph that starts like this prints as a labelled box, apart from the sourced text.
`;

/** Every file of the new brief, by path relative to its folder `content/<id>/`. */
export function scaffoldBrief(b: NewBrief): Map<string, string> {
  return new Map([
    ["brief.yaml", briefYaml(b)],
    ["facts.yaml", factsYaml(b)],
    ["sources.yaml", sourcesYaml(b)],
    ["charts.yaml", chartsYaml()],
    ["distribution.yaml", distributionYaml(b)],
    ["sections/00-takeaways.md", TAKEAWAYS],
    ["sections/10-background.md", background(b.audiences[0] ?? "government")],
  ]);
}

/** An audience's label from its file name: "journalist" → "Journalist". */
export function labelOf(name: string): string {
  const words = name.split("-").join(" ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** `templates/audiences/<name>.yaml` for a new audience: every field, commented. */
export function scaffoldAudience(name: string): string {
  const label = labelOf(name);
  return `# The ${label} audience: who these readers are and how their editions look.
# A brief publishes for it by naming "${name}" in its audiences. Reference: docs/audiences.md.
label: ${yamlString(label)}
description: Who these readers are and what they need from a brief.
cover:
  kicker: Briefing for ${label.toLowerCase()} readers  # the small line above the title
  edition: ${yamlString(`${label} edition`)}  # names the edition on the cover, in the header and in the PDF title
page:
  size: A4  # A4 or Letter
  budget: 6  # the most pages an edition may have (a brief may set its own: editions.${name}.page.budget)
toc: true  # a contents page
# reading_grade_max: 10  # optional: the highest Flesch-Kincaid grade the body text may reach
accent: "#1f3a5f"  # one colour, at least 4.5:1 against white
# What the edition is not; printed on the cover and in "About this brief".
disclaimer: "For information. This brief is the unit's analysis; it is not advice."
`;
}
