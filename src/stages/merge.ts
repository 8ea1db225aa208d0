import type { HelperOptions } from "handlebars";
import type { Fact } from "../config/schemas.js";
import { diagnostic, type Diagnostic } from "../diagnostics/index.js";
import { formatFact } from "../lib/format.js";
import { environment, parseTemplate, runtimeDiagnostic, type HelperCall } from "../lib/handlebars.js";
import type { Edition, Section } from "../model.js";

/**
 * Stage 2, merge: run each section's Handlebars against the facts and the
 * edition's audience, producing Markdown.
 *
 * Helper output never goes through the Markdown parser as text. `{{fact}}`,
 * `{{cite}}` and `{{chart}}` emit a private-use sentinel, and the markdown
 * stage swaps each sentinel for real nodes. A fact value containing `*`,
 * `_`, `[`, `<` or `&` therefore appears literally, never as markup.
 */

/** What a sentinel stands for. */
export type Insert =
  | { readonly kind: "fact"; readonly id: string; readonly fact: Fact; readonly text: string; readonly source: string; readonly cite: boolean }
  | { readonly kind: "cite"; readonly source: string }
  | { readonly kind: "chart"; readonly id: string };

/** One section after merging. */
export interface MergedSection {
  readonly section: Section;
  readonly markdown: string;
  /** `inserts[i]` replaces the sentinel `\uE000i\uE001`. */
  readonly inserts: readonly Insert[];
}

/** Start and end of a sentinel; private-use code points never typed by authors. */
export const SENTINEL = /\uE000(\d+)\uE001/g;
const sentinel = (i: number): string => `\uE000${i}\uE001`;

/** Helpers a section may call. */
export const SECTION_HELPERS: ReadonlySet<string> = new Set(["fact", "value", "cite", "chart", "audience", "if", "unless"]);

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

/** Static checks on helper calls: every fact, source, chart and audience must exist. */
function checkCalls(edition: Edition, section: Section, calls: readonly HelperCall[], audiences: ReadonlySet<string>): Diagnostic[] {
  const { brief } = edition;
  const out: Diagnostic[] = [];
  for (const c of calls) {
    const where = { file: section.file, line: c.line, column: c.column };
    const first = c.args[0];
    if ((c.name === "fact" || c.name === "value" || c.name === "cite" || c.name === "chart" || c.name === "audience") && (c.args.length === 0 || c.args.some((a) => a === undefined))) {
      out.push(diagnostic(where, "error", "template/bad-arguments", `{{${c.name}}} needs quoted names as arguments`, `Write {{${c.name} "id"}}.`));
      continue;
    }
    if ((c.name === "fact" || c.name === "value") && first !== undefined && !brief.facts.has(first)) {
      out.push(diagnostic(where, "error", "facts/undefined", `fact "${first}" is used in section "${section.front.id}" but not defined in ${brief.dir}/facts.yaml`, `Add "${first}" to facts.yaml with value, format, as_of and source, or fix the id.`));
    }
    if (c.name === "cite" && first !== undefined && !brief.sources.has(first)) {
      out.push(diagnostic(where, "error", "sources/undefined", `source "${first}" is cited but not defined in ${brief.dir}/sources.yaml`, `Add "${first}" to sources.yaml, or use one of: ${[...brief.sources.keys()].join(", ")}.`));
    }
    if (c.name === "chart" && first !== undefined && !brief.charts.has(first)) {
      out.push(diagnostic(where, "error", "charts/undefined", `chart "${first}" is not defined in ${brief.dir}/charts.yaml`, "Define the chart in charts.yaml, or fix the id."));
    }
    if (c.name === "audience") {
      for (const a of c.args) {
        if (a !== undefined && !audiences.has(a)) {
          out.push(diagnostic(where, "error", "section/unknown-audience", `{{#audience}} names "${a}", which is not defined`, `Use one of: ${[...audiences].join(", ")}.`));
        }
      }
    }
  }
  return out;
}

/** Merge one section for one edition. */
export function mergeSection(edition: Edition, section: Section, audiences: ReadonlySet<string>): { merged?: MergedSection; diagnostics: Diagnostic[] } {
  const template = { file: section.file, text: section.body };
  const offset = section.bodyLine - 1;
  // Standalone block tags stay as (blank) lines so Markdown positions match the file.
  const parsed = parseTemplate(template, SECTION_HELPERS, offset, true);
  const diagnostics = [...parsed.diagnostics, ...checkCalls(edition, section, parsed.calls, audiences)];
  if (!parsed.ast || diagnostics.some((d) => d.severity === "error")) return { diagnostics };

  const { brief, audience } = edition;
  const inserts: Insert[] = [];
  const push = (i: Insert): string => sentinel(inserts.push(i) - 1);
  const hb = environment();
  const factHelper = (cite: boolean) => (id: string) => {
    const fact = brief.facts.get(id)?.value;
    if (!fact) throw new Error(`fact "${id}" is not defined`);
    return push({ kind: "fact", id, fact, text: formatFact(fact), source: fact.source, cite });
  };
  hb.registerHelper("fact", factHelper(true));
  hb.registerHelper("value", factHelper(false));
  hb.registerHelper("cite", (id: string) => push({ kind: "cite", source: id }));
  hb.registerHelper("chart", (id: string) => push({ kind: "chart", id }));
  hb.registerHelper("audience", function (this: unknown, ...args: unknown[]) {
    const options = args.pop() as HelperOptions;
    return keepLines(this, options, args.includes(audience.name));
  });
  hb.registerHelper("if", function (this: unknown, value: unknown, options: HelperOptions) {
    return keepLines(this, options, Array.isArray(value) ? value.length > 0 : Boolean(value));
  });
  hb.registerHelper("unless", function (this: unknown, value: unknown, options: HelperOptions) {
    return keepLines(this, options, !(Array.isArray(value) ? value.length > 0 : Boolean(value)));
  });
  const c = brief.config.value;
  const context = {
    brief: { title: escapeMarkdown(c.title), short_title: escapeMarkdown(c.short_title), organisation: escapeMarkdown(c.organisation) },
    audience: { name: audience.name, label: escapeMarkdown(audience.config.label) },
  };
  try {
    const render = hb.compile(parsed.ast, { strict: true, noEscape: true, ignoreStandalone: true, knownHelpers: { fact: true, value: true, cite: true, chart: true, audience: true }, knownHelpersOnly: true });
    const markdown = render(context, { allowProtoPropertiesByDefault: false, allowProtoMethodsByDefault: false });
    return { merged: { section, markdown, inserts }, diagnostics };
  } catch (cause) {
    return { diagnostics: [...diagnostics, runtimeDiagnostic(template, cause, offset)] };
  }
}

/** Stage entry: merge every section of an edition; a failing section does not stop the rest. */
export function merge(edition: Edition, audiences: ReadonlySet<string>): { sections: MergedSection[]; diagnostics: Diagnostic[] } {
  const sections: MergedSection[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const s of edition.sections) {
    const r = mergeSection(edition, s, audiences);
    diagnostics.push(...r.diagnostics);
    if (r.merged) sections.push(r.merged);
  }
  return { sections, diagnostics };
}
