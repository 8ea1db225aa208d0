import type { Element, Root } from "hast";
import Handlebars from "handlebars";
import rehypeStringify from "rehype-stringify";
import { unified } from "unified";
import { visit } from "unist-util-visit";
import { hasErrors, type Diagnostic, type Reported } from "../../diagnostics/index.js";
import { compileSpec, environment, parseTemplate, runtimeDiagnostic, type Parsed } from "../../lib/handlebars.js";
import { textOf } from "../../lib/hast.js";
import type {
  Asset,
  AudienceDef,
  Edition,
  LaidOut,
  RenderedChart,
  SectionHtml,
  SourceText,
  TocEntry,
} from "../../model.js";
import { smarten } from "../../lib/typography.js";
import { noteTargets } from "./accessibility.js";
import { CitationNumbering } from "./citations.js";
import { checkPrinted } from "./printed.js";
import { numberCaptions, type SectionTree } from "./crossrefs.js";
import { CslCitations } from "./csl.js";
import { EndnoteNumbering } from "./endnotes.js";
import { citationsFor, referencesContext } from "./references.js";
import { fontsFor } from "./fonts.js";
import { missingGlyphs } from "./glyph-origin.js";
import { aboutContext, briefContext, commonAccessed, notesContext, unnamedContext } from "./matter.js";
import { pageCss } from "./page-css.js";

/**
 * Stage 5, layout: one complete HTML document per edition, from
 * `templates/layout.hbs` and its partials. Citations are numbered in reading
 * order, charts are placed, the table of contents is built (with page
 * numbers once pagination knows them), and the stylesheet is assembled:
 * bundled fonts, the base styles, the audience's accent and page rules.
 * Pure: data in, HTML and an asset list out.
 *
 * Its parts, in the order they are used: citations.ts (numbering and the
 * sources list), charts.ts (Vega-Lite → SVG), images.ts (local images
 * checked), fonts.ts (bundled faces the text needs), page-css.ts (page size
 * and furniture), measure.ts (reading grade of the body text),
 * accessibility.ts (what the PDF stage needs to describe links and mark
 * languages), endnotes.ts (footnotes numbered per edition, the Notes list),
 * crossrefs.ts (captions numbered, @tbl-/@fig- references filled in) and
 * printed.ts (the sections' #anchors checked against the finished document).
 */

/** Helpers the layout templates may call. */
const LAYOUT_HELPERS: ReadonlySet<string> = new Set(["if", "unless", "each", "with"]);

const stringify = unified().use(rehypeStringify, { allowDangerousHtml: true });
const toHtml = (tree: Root): Handlebars.SafeString => new Handlebars.SafeString(stringify.stringify(tree));

function slug(s: string): string {
  return (
    s
      .toLowerCase()
      .normalize("NFKD")
      .replace(/[^a-z0-9]+/g, "-")
      .replace(/^-|-$/g, "")
      .slice(0, 48) || "part"
  );
}

/** Give level-3+ headings stable ids under their section. */
function idHeadings(tree: Root, sectionId: string): void {
  const used = new Set<string>();
  visit(tree, "element", (node: Element) => {
    if (!/^h[3-6]$/.test(node.tagName)) return;
    const text = textOf(node);
    let id = `${sectionId}--${slug(text)}`;
    for (let i = 2; used.has(id); i++) id = `${sectionId}--${slug(text)}-${i}`;
    used.add(id);
    node.properties.id = id;
  });
}

/** One section as the layout template sees it. */
interface RenderedSection {
  readonly id: string;
  readonly title: string;
  readonly kind: "body" | "takeaways";
  readonly analysis: boolean;
  readonly html: Handlebars.SafeString;
}

/** Number citations and notes, fill charts, id headings and number captions in a copy of each section's tree. */
function renderSections(
  sections: readonly SectionHtml[],
  charts: ReadonlyMap<string, RenderedChart>,
  numbering: CitationNumbering,
  endnotes: EndnoteNumbering,
): { rendered: RenderedSection[]; trees: SectionTree[]; targets: Map<string, string>; diagnostics: Diagnostic[] } {
  const trees = sections.map((s): SectionTree => {
    const tree = structuredClone(s.tree);
    const f = s.merged.section.front;
    numbering.numberTree(tree);
    visit(tree, "element", (node) => {
      const id = node.properties.dataChart;
      if (node.tagName !== "figure" || typeof id !== "string") return;
      const chart = charts.get(id);
      if (chart) numbering.fillChart(node, chart);
    });
    idHeadings(tree, `sec-${f.id}`);
    // After the heading ids, so a note's mark is not part of its heading's id.
    endnotes.numberSection(tree, `sec-${f.id}`);
    return { tree, section: s.merged.section };
  });
  const noteRoots: Root[] = endnotes.notes.map((note) => ({ type: "root", children: note.content }));
  for (const root of noteRoots) numbering.numberTree(root);
  // A CSL style formats every citation of the edition at once, in reading order: the body, then the notes
  // (in a note style every citation is a note, so this is the notes' order).
  if (numbering instanceof CslCitations) numbering.finish([...trees.map((t) => t.tree), ...noteRoots]);
  const captions = numberCaptions(trees);
  const rendered = trees.map(({ tree, section }): RenderedSection => {
    const f = section.front;
    return {
      id: `sec-${f.id}`,
      title: smarten(f.title),
      kind: f.kind,
      analysis: f.analysis,
      html: toHtml(tree),
    };
  });
  return { rendered, trees, targets: captions.targets, diagnostics: captions.diagnostics };
}

const COMPILE: CompileOptions = { strict: true, knownHelpersOnly: true };

/** A layout template parsed, checked and compiled; `spec` is bound to each edition's environment. */
interface CompiledTemplate {
  readonly parsed: Parsed;
  readonly spec?: TemplateSpecification;
}

/**
 * Layout templates by their file's text object: audiences share the base
 * layout and partials, and every edition of a load and each contents pass
 * lays out again, so each is parsed and compiled once per load.
 */
const compiledTemplates = new WeakMap<SourceText, CompiledTemplate>();

function compiled(t: SourceText): CompiledTemplate {
  let c = compiledTemplates.get(t);
  if (!c) {
    const parsed = parseTemplate(t, LAYOUT_HELPERS);
    const spec = parsed.ast ? compileSpec(parsed.ast, COMPILE) : undefined;
    c = spec ? { parsed, spec } : { parsed };
    compiledTemplates.set(t, c);
  }
  return c;
}

/** One compiled template in the environment `hb`. */
function bound(hb: typeof Handlebars, c: CompiledTemplate): HandlebarsTemplateDelegate | undefined {
  if (c.spec) return hb.template(c.spec);
  return c.parsed.ast ? hb.compile(c.parsed.ast, COMPILE) : undefined;
}

/** Render the layout template with its partials; errors at the template that failed. */
function renderTemplates(audience: AudienceDef, context: object): Reported<string> {
  const diagnostics: Diagnostic[] = [];
  const hb = environment();
  for (const [name, t] of audience.templates.partials) {
    const c = compiled(t);
    diagnostics.push(...c.parsed.diagnostics);
    const partial = bound(hb, c);
    if (partial) hb.registerPartial(name, partial);
  }
  const layout = compiled(audience.templates.layout);
  diagnostics.push(...layout.parsed.diagnostics);
  const template = bound(hb, layout);
  if (!template || hasErrors(diagnostics)) return { diagnostics };
  try {
    const html = template(context, {
      allowProtoPropertiesByDefault: false,
      allowProtoMethodsByDefault: false,
    });
    return { value: html, diagnostics };
  } catch (cause) {
    const partial = [...audience.templates.partials.values()].find((p) =>
      String((cause as Error).message).includes(p.file),
    );
    return {
      diagnostics: [...diagnostics, runtimeDiagnostic(partial ?? audience.templates.layout, cause)],
    };
  }
}

/** The text of the HTML's code elements (set in the monospace face). */
function codeText(html: string): string {
  return [...html.matchAll(/<(code|pre|kbd|samp)\b[^>]*>([\s\S]*?)<\/\1>/g)]
    .map((m) => visibleText(m[2] ?? ""))
    .join(" ");
}

/** The edition's stylesheet: the bundled font faces its text needs, the styles, and the page rules. */
function stylesheet(
  edition: Edition,
  html: string,
  sections: readonly SectionHtml[],
): Reported<{ css: string; fonts: readonly Asset[] }> {
  const { audience } = edition;
  const page = pageCss(edition);
  const fonts = fontsFor(visibleText(html) + page.text, edition.brief.absDir, codeText(html));
  const fallback = { file: audience.file, line: 1, column: 1 };
  const styles = audience.templates.styles.map((s) => `/* ${s.file} */\n${s.text}`);
  const css = [`/* ${edition.name}: generated by the brief pipeline */`, fonts.css, ...styles, page.css].join("\n\n");
  return {
    value: { css, fonts: fonts.assets },
    diagnostics: missingGlyphs(fonts.missing, edition.sections, sections, fallback),
  };
}

/** Stage entry: lay out one edition. `pages` maps heading ids to printed page numbers. */
export function layout(
  edition: Edition,
  sections: readonly SectionHtml[],
  charts: ReadonlyMap<string, RenderedChart>,
  pages: ReadonlyMap<string, number> = new Map(),
  images: readonly Asset[] = [],
): Reported<LaidOut> {
  const { brief, audience } = edition;
  const c = brief.config.value;
  const a = audience.config;
  const numbering = citationsFor(edition);
  const endnotes = new EndnoteNumbering();
  const sectioned = renderSections(sections, charts, numbering, endnotes);
  const rendered = sectioned.rendered;
  const endnoteList = endnotes.list();
  const csl = numbering instanceof CslCitations ? numbering : undefined;
  const body = rendered.filter((r) => r.kind === "body");
  const toc: TocEntry[] = body.map((r) => {
    const page = pages.get(r.id);
    return page === undefined ? { id: r.id, title: r.title } : { id: r.id, title: r.title, page };
  });
  const cssHref = `assets/css/${edition.name}.css`;
  const html = renderTemplates(audience, {
    lang: c.lang,
    cssHref,
    brief: briefContext(edition),
    about: aboutContext(edition, csl ? csl.references.length : numbering.notes.length),
    audience: {
      name: audience.name,
      label: a.label,
      description: a.description,
      kicker: a.cover.kicker,
      edition: a.cover.edition,
    },
    docTitle: `${c.title} — ${a.cover.edition}`,
    takeaways: rendered.filter((r) => r.kind === "takeaways"),
    toc: a.toc ? toc.map((t) => ({ ...t, page: t.page ?? "" })) : [],
    showToc: a.toc,
    sections: body,
    endnotes: endnoteList ? toHtml({ type: "root", children: [endnoteList] }) : "",
    notes: notesContext(numbering.notes),
    notesAccessed: commonAccessed(numbering.notes),
    unnamed: unnamedContext(numbering.unnamed),
    references: csl ? referencesContext(csl.references) : [],
  });
  if (html.value === undefined) return { diagnostics: html.diagnostics };
  const style = stylesheet(edition, html.value, sections);
  const diagnostics = [
    ...html.diagnostics,
    ...style.diagnostics,
    ...sectioned.diagnostics,
    ...checkPrinted(sectioned.trees, html.value, endnotes.notes.length > 0, audience.templates.layout.file),
  ];
  if (!style.value) return { diagnostics };
  const laidOut: LaidOut = {
    html: html.value,
    css: style.value.css,
    cssHref,
    assets: [...style.value.fonts, ...images],
    toc,
    cited: csl ? csl.citedIds : numbering.notes.map((n) => n.id),
    notes: new Map([...noteTargets(numbering.notes, numbering.unnamed), ...endnotes.targets(), ...sectioned.targets]),
  };
  return { value: laidOut, diagnostics };
}

export { htmlAccessibility, type LangPassage } from "./accessibility.js";

/** Headings of the finished document in order, as a reader sees them (inline labels left out). */
export function headingsOf(html: string, level?: number): string[] {
  const out: string[] = [];
  for (const m of html.matchAll(/<h([1-6])\b[^>]*>([\s\S]*?)<\/h\1>/g)) {
    if (level !== undefined && m[1] !== String(level)) continue;
    const inner = (m[2] ?? "")
      .replace(/<span class="label">[\s\S]*?<\/span>/g, "")
      .replace(/<sup class="(?:cite|fn)">[\s\S]*?<\/sup>/g, "");
    out.push(visibleText(inner).replace(/\s+/g, " ").trim());
  }
  return out;
}

/** Text a reader sees, for choosing font subsets: tags, styles and entities resolved. */
export function visibleText(html: string): string {
  return html
    .replace(/<style[\s\S]*?<\/style>/g, " ")
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}
