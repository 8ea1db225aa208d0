import type Handlebars from "handlebars";
import type { HelperOptions } from "handlebars";
import { diagnostic, hasErrors, type Diagnostic, type Reported } from "../../diagnostics/index.js";
import { citedAs, formatDate, formatValue, qualifierOf } from "../../lib/format.js";
import { citableIds, isCitable } from "../../lib/citable.js";
import { didYouMean } from "../../lib/suggest.js";
import {
  environment,
  parseTemplate,
  runtimeDiagnostic,
  type HelperCall,
  type HelperOptionSpec,
} from "../../lib/handlebars.js";
import { smarten } from "../../lib/typography.js";
import type { CitePlacement, Edition, Insert, MergedSection, Section } from "../../model.js";

/**
 * Stage 3, merge: run each section's Handlebars against the facts and the
 * edition's audience, producing Markdown.
 *
 * Helper output never goes through the Markdown parser as text. `{{fact}}`,
 * `{{cite}}` and `{{chart}}` emit a private-use sentinel, and the markdown
 * stage swaps each sentinel for real nodes. A fact value containing `*`,
 * `_`, `[`, `<` or `&` therefore appears literally, never as markup.
 */

/** Start and end of a sentinel; private-use code points never typed by authors. */
export const SENTINEL = /\uE000(\d+)\uE001/g;
const sentinel = (i: number): string => `\uE000${i}\uE001`;

/**
 * Partials a section may use: none. A section is text from a contributor;
 * a partial block (`{{#> x}}…{{/x}}`) would render its block unchecked.
 * Add a name here only with a partial the pipeline registers for sections.
 */
export const SECTION_PARTIALS: ReadonlySet<string> = new Set();

/** Helpers a section may call. */
export const SECTION_HELPERS: ReadonlySet<string> = new Set([
  "fact",
  "value",
  "cite",
  "chart",
  "audience",
  "if",
  "unless",
]);

/** The options section helpers take: `{{fact "id" cite="here"}}` pins the citation beside the figure. */
export const SECTION_HELPER_OPTIONS: HelperOptionSpec = new Map([
  ["fact", { cite: ["here"], qualifier: ["false"] }],
  ["value", { qualifier: ["false"] }],
]);

/** Backslash-escape every ASCII punctuation character so text stays text in Markdown. */
export function escapeMarkdown(s: string): string {
  return s.replace(/[\\`*_{}[\]()#+\-.!|<>&~"'=:]/g, "\\$&");
}

/**
 * Render a block's chosen branch, padded with newlines so the block still
 * spans as many lines as it did in the source. With standalone tags kept
 * (`ignoreStandalone`), every line after a block keeps its line number, and
 * Markdown diagnostics point at the right line of the section file.
 */
function keepLines(context: unknown, options: HelperOptions, take: boolean): string {
  const loc = (options as HelperOptions & { loc?: { start: { line: number }; end: { line: number } } }).loc;
  const out = take ? options.fn(context) : options.inverse(context);
  const missing = Math.max(0, (loc ? loc.end.line - loc.start.line : 0) - (out.match(/\n/g)?.length ?? 0));
  return take ? out + "\n".repeat(missing) : "\n".repeat(missing) + out;
}

const NAMED_HELPERS = new Set(["fact", "value", "cite", "chart", "audience"]);

/** The problem with one helper call, if any: every fact, source, chart and audience must exist. */
function checkCall(edition: Edition, section: Section, c: HelperCall, audiences: ReadonlySet<string>): Diagnostic[] {
  const { brief } = edition;
  const at = { file: section.file, line: c.line, column: c.column };
  const first = c.args[0];
  if (NAMED_HELPERS.has(c.name) && (c.args.length === 0 || c.args.some((a) => a === undefined))) {
    return [
      diagnostic({
        rule: "template/bad-arguments",
        at,
        message: `{{${c.name}}} needs quoted names as arguments`,
        hint: `Write {{${c.name} "id"}}.`,
      }),
    ];
  }
  if (first === undefined) return [];
  if ((c.name === "fact" || c.name === "value") && !brief.facts.has(first)) {
    const message = `fact "${first}" is used in section "${section.front.id}" but not defined in ${brief.dir}/facts.yaml`;
    return [
      diagnostic({
        rule: "facts/undefined",
        at,
        message,
        hint: `${didYouMean(first, brief.facts.keys(), "a fact id")} Or add "${first}" to facts.yaml with value, format, as_of and source.`,
      }),
    ];
  }
  if (c.name === "cite" && !isCitable(brief, first)) {
    const hint = `${didYouMean(first, citableIds(brief), "a source id")} Or add "${first}" to sources.yaml.`;
    return [
      diagnostic({
        rule: "sources/undefined",
        at,
        message: `source "${first}" is cited but not defined in ${brief.dir}/sources.yaml`,
        hint,
      }),
    ];
  }
  if (c.name === "chart" && !brief.charts.has(first)) {
    return [
      diagnostic({
        rule: "charts/undefined",
        at,
        message: `chart "${first}" is not defined in ${brief.dir}/charts.yaml`,
        hint: `${didYouMean(first, brief.charts.keys(), "a chart id")} Or add it to charts.yaml.`,
      }),
    ];
  }
  if (c.name !== "audience") return [];
  // A block for an audience the brief does not publish for would never print: as in a section's audiences, that is an error.
  // One the brief publishes for whose own file is broken was reported there, not again here.
  const published = brief.config.value.audiences;
  return c.args
    .filter((a): a is string => a !== undefined && !published.includes(a))
    .map((a) =>
      diagnostic({
        rule: "section/unknown-audience",
        at,
        message: `{{#audience}} names "${a}", which ${audiences.has(a) ? "this brief is not published for" : "is not defined"}`,
        hint: audiences.has(a)
          ? `Add "${a}" to audiences in ${brief.dir}/brief.yaml, or remove the block.`
          : didYouMean(a, published, "one of this brief's audiences"),
      }),
    );
}

/** Where a helper was called, in the section file. */
function callAt(options: HelperOptions, section: Section): { line: number; column: number } {
  const loc = (options as HelperOptions & { loc?: { start: { line: number; column: number } } }).loc;
  return { line: (loc?.start.line ?? 1) + section.bodyLine - 1, column: (loc?.start.column ?? 0) + 1 };
}

/** A Handlebars environment with the section helpers; each helper call becomes an insert. */
function sectionEnvironment(edition: Edition, section: Section, push: (i: Insert) => string): typeof Handlebars {
  const { brief, audience } = edition;
  const hb = environment();
  const factHelper = (placement: CitePlacement) => (id: string, options: HelperOptions) => {
    const fact = brief.facts.get(id)?.value;
    if (!fact) throw new Error(`fact "${id}" is not defined`);
    const hash = (options.hash ?? {}) as Record<string, unknown>;
    const cite = placement === "end" && hash.cite === "here" ? "here" : placement;
    // qualifier=false: this use prints the bare value ("€35 million"), the sentence carries the qualifier.
    const qualifier = hash.qualifier === false || hash.qualifier === "false" ? undefined : qualifierOf(fact);
    const value = smarten(formatValue(fact));
    const text = qualifier ? `${qualifier} ${value}` : value;
    return push({
      kind: "fact",
      id,
      fact,
      text,
      ...(qualifier ? { qualifier } : {}),
      source: citedAs(fact),
      cite,
      ...callAt(options, section),
    });
  };
  const truthy = (value: unknown): boolean => (Array.isArray(value) ? value.length > 0 : Boolean(value));
  hb.registerHelper("fact", factHelper("end"));
  hb.registerHelper("value", factHelper("none"));
  hb.registerHelper("cite", (id: string, options: HelperOptions) =>
    push({ kind: "cite", source: id, ...callAt(options, section) }),
  );
  hb.registerHelper("chart", (id: string) => push({ kind: "chart", id }));
  hb.registerHelper("audience", function (this: unknown, ...args: unknown[]) {
    const options = args.pop() as HelperOptions;
    return keepLines(this, options, args.includes(audience.name));
  });
  hb.registerHelper("if", function (this: unknown, value: unknown, options: HelperOptions) {
    return keepLines(this, options, truthy(value));
  });
  hb.registerHelper("unless", function (this: unknown, value: unknown, options: HelperOptions) {
    return keepLines(this, options, !truthy(value));
  });
  return hb;
}

/** The plain values a section may name, escaped for Markdown. */
function sectionContext(edition: Edition): object {
  const c = edition.brief.config.value;
  return {
    brief: {
      title: escapeMarkdown(c.title),
      short_title: escapeMarkdown(c.short_title),
      organisation: escapeMarkdown(c.organisation),
      /** The date the information is current to, written out; for "as of" sentences without a citation. */
      information_as_of: escapeMarkdown(formatDate(c.information_as_of)),
    },
    audience: { name: edition.audience.name, label: escapeMarkdown(edition.audience.config.label) },
  };
}

const COMPILE_OPTIONS = {
  strict: true,
  noEscape: true,
  ignoreStandalone: true,
  knownHelpers: { fact: true, value: true, cite: true, chart: true, audience: true },
  knownHelpersOnly: true,
} as const;

/** Merge one section for one edition. */
export function mergeSection(
  edition: Edition,
  section: Section,
  audiences: ReadonlySet<string>,
): Reported<MergedSection> {
  const template = { file: section.file, text: section.body };
  const offset = section.bodyLine - 1;
  // Standalone block tags stay as (blank) lines so Markdown positions match the file.
  const parsed = parseTemplate(template, SECTION_HELPERS, offset, true, SECTION_HELPER_OPTIONS, SECTION_PARTIALS);
  const diagnostics = [
    ...parsed.diagnostics,
    ...parsed.calls.flatMap((c) => checkCall(edition, section, c, audiences)),
  ];
  if (!parsed.ast || hasErrors(diagnostics)) return { diagnostics };
  const inserts: Insert[] = [];
  const hb = sectionEnvironment(edition, section, (i) => sentinel(inserts.push(i) - 1));
  try {
    const markdown = hb.compile(parsed.ast, COMPILE_OPTIONS)(sectionContext(edition), {
      allowProtoPropertiesByDefault: false,
      allowProtoMethodsByDefault: false,
    });
    return { value: { section, markdown, inserts }, diagnostics };
  } catch (cause) {
    return { diagnostics: [...diagnostics, runtimeDiagnostic(template, cause, offset)] };
  }
}

/** Stage entry: merge every section of an edition; a failing section does not stop the rest. */
export function merge(
  edition: Edition,
  audiences: ReadonlySet<string>,
): { sections: MergedSection[]; diagnostics: Diagnostic[] } {
  const sections: MergedSection[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const s of edition.sections) {
    const r = mergeSection(edition, s, audiences);
    diagnostics.push(...r.diagnostics);
    if (r.value) sections.push(r.value);
  }
  return { sections, diagnostics };
}
