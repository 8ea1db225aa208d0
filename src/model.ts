import type { Root as HastRoot } from "hast";
import type { Audience, BriefConfig, Chart, Fact, SectionFrontMatter, Source } from "./config/schemas.js";
import type { Location } from "./diagnostics/index.js";
import type { Readability } from "./lib/readability.js";
import type { PositionedYaml } from "./lib/yaml.js";

/**
 * The typed data that flows between stages, in the order it is made. Each
 * stage takes some of these and returns new values; none mutates its input
 * or reaches back into an earlier stage.
 *
 *   1-load      → Project (Brief, Section, AudienceDef, TemplateSet)
 *   2-plan      → Edition
 *   3-merge     → MergedSection (Markdown text + Inserts)
 *   4-markdown  → SectionHtml (a hast tree + ImageRefs)
 *   5-layout    → LaidOut (one HTML document, its CSS and Assets)
 *   pipeline/prepare bundles these into a PreparedEdition
 *   6-render    → RenderedPdf
 *   7-pdf       → a finished PDF (bytes and page count)
 *   8-write     → files in output/
 *
 * Content schemas (Fact, Source, …) are inferred from config/schemas.ts;
 * diagnostics types live in diagnostics/; the API's options and results in
 * pipeline/options.ts and pipeline/outcome.ts.
 */

/** An input file and the sha256 of its bytes: what the build cache keys on. */
export interface InputFile {
  /** Project-relative path. */
  readonly file: string;
  readonly sha256: string;
}

/** A value together with where it was written. */
export interface Located<T> {
  readonly value: T;
  readonly at: Location;
}

/** One `sections/*.md` file, front matter validated, body still a template. */
export interface Section {
  readonly file: string;
  readonly sha256: string;
  readonly front: SectionFrontMatter;
  /** The Markdown/Handlebars body after the front matter. */
  readonly body: string;
  /** 1-based line of the body's first line in the file. */
  readonly bodyLine: number;
  /** The parsed front matter, to point diagnostics at its fields. */
  readonly frontYaml: PositionedYaml;
}

/** A brief folder, loaded and validated. */
export interface Brief {
  readonly id: string;
  /** Project-relative folder, e.g. `content/deepseek`. */
  readonly dir: string;
  /** Absolute folder, for resolving images. */
  readonly absDir: string;
  readonly config: Located<BriefConfig>;
  readonly sections: readonly Section[];
  readonly facts: ReadonlyMap<string, Located<Fact>>;
  readonly sources: ReadonlyMap<string, Located<Source>>;
  readonly charts: ReadonlyMap<string, Located<Chart>>;
  /** The data of each chart drawn from a data file, by chart id (1-load/chart-data). */
  readonly tables?: ReadonlyMap<string, ChartTable>;
  /** Parsed YAML files, to point diagnostics at individual fields. */
  readonly yaml: {
    readonly brief: PositionedYaml;
    readonly facts: PositionedYaml;
    readonly sources: PositionedYaml;
    readonly charts?: PositionedYaml;
  };
  /** brief.yaml and its hash (facts, sources and charts are keyed one by one, by what an edition uses). */
  readonly configFile: InputFile;
  /** References from `references.json` and `references.bib`, as CSL-JSON, by id (absent: none). */
  readonly references?: ReadonlyMap<string, Located<CslItem>>;
  /** `references.json` and `references.bib` with their hashes, when present. */
  readonly referenceFiles?: readonly InputFile[];
  /** Each edition's citation style, by audience name, resolved at load (absent: numbered). */
  readonly citationStyles?: ReadonlyMap<string, CitationStyle>;
}

/** One CSL-JSON item (https://citeproc-js.readthedocs.io/en/latest/csl-json/markup.html): the fields citeproc-js reads. */
export interface CslItem {
  readonly id: string;
  readonly type: string;
  readonly [field: string]: unknown;
}

/** How an edition's citations print: the numbered house style, or a CSL style formatted by citeproc-js. */
export type CitationStyle =
  | { readonly kind: "numbered" }
  | {
      readonly kind: "csl";
      /** As written in brief.yaml: a bundled name or a path. */
      readonly name: string;
      /** The style's XML. */
      readonly xml: string;
      /** A note style (`class="note"`): each citation becomes a footnote. */
      readonly note: boolean;
    };

/** A chart's data read from its data file (1-load/chart-data): the x values and each series, in the author's order. */
export interface ChartTable {
  /** Project-relative path of the data file. */
  readonly file: string;
  /** sha256 of the file's bytes: the build cache keys on it. */
  readonly sha256: string;
  /** `date` when every x value is a date written YYYY, YYYY-MM or YYYY-MM-DD (all alike); else categories. */
  readonly xKind: "date" | "category";
  readonly x: readonly string[];
  readonly series: readonly { readonly column: string; readonly label: string; readonly values: readonly number[] }[];
}

/** Text with the file it came from (a template, or a section body). */
export interface SourceText {
  /** Project-relative path, for diagnostics. */
  readonly file: string;
  readonly text: string;
}

/** A Handlebars template or stylesheet file, with the hash of its bytes. */
export interface TemplateFile extends SourceText {
  readonly sha256: string;
}

/** The template set an audience sees: base templates with its overrides applied. */
export interface TemplateSet {
  readonly layout: TemplateFile;
  readonly partials: ReadonlyMap<string, TemplateFile>;
  /** Stylesheets in cascade order (base first, audience overrides last). */
  readonly styles: readonly TemplateFile[];
}

/** `templates/audiences/<name>.yaml`, validated, with its template set. */
export interface AudienceDef {
  readonly name: string;
  readonly file: string;
  readonly sha256: string;
  readonly config: Audience;
  /** The parsed file, to point diagnostics at its fields. */
  readonly yaml: PositionedYaml;
  readonly templates: TemplateSet;
}

/** Everything the load stage produces. */
export interface Project {
  readonly root: string;
  /** Fully valid briefs, ready to plan. */
  readonly briefs: readonly Brief[];
  /** Every brief folder found under content/, valid or not. */
  readonly briefIds: readonly string[];
  readonly audiences: ReadonlyMap<string, AudienceDef>;
}

/** A file to place beside the HTML edition. */
export interface Asset {
  /** Absolute source path. */
  readonly from: string;
  /** Path relative to the output folder, e.g. `assets/fonts/x.woff2`. */
  readonly to: string;
}

/** One brief for one audience: the unit that is merged, laid out and rendered. */
export interface Edition {
  readonly brief: Brief;
  readonly audience: AudienceDef;
  /** Sections in reading order for this audience. */
  readonly sections: readonly Section[];
  /** File stem, `<brief>-<audience>`. */
  readonly name: string;
}

/**
 * Where a fact's citation goes: `end` of its clause or sentence (the
 * default for `{{fact}}`), `here` beside the figure (`cite="here"`), or
 * `none` (`{{value}}`).
 */
export type CitePlacement = "end" | "here" | "none";

/** What a merge sentinel stands for (3-merge), with the position of the helper call that made it. */
export type Insert =
  | {
      readonly kind: "fact";
      readonly id: string;
      readonly fact: Fact;
      /** What prints: the qualifier (unless turned off) and the value, "up to €35 million". */
      readonly text: string;
      /** The qualifier as printed in `text`, when there is one; the markdown stage may drop or capitalise it by context. */
      readonly qualifier?: string;
      readonly source: string;
      readonly cite: CitePlacement;
      readonly line: number;
      readonly column: number;
    }
  | { readonly kind: "cite"; readonly source: string; readonly line: number; readonly column: number }
  | { readonly kind: "chart"; readonly id: string };

/** One section after merging (3-merge): Markdown with sentinels, and what each stands for. */
export interface MergedSection {
  readonly section: Section;
  readonly markdown: string;
  /** `inserts[i]` replaces the sentinel `\uE000i\uE001`. */
  readonly inserts: readonly Insert[];
}

/** A local image a section uses (4-markdown). */
export interface ImageRef {
  /** Path inside the brief folder, e.g. `images/chart.png`. */
  readonly path: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

/** One section as HTML (4-markdown), ready for layout. */
export interface SectionHtml {
  readonly merged: MergedSection;
  readonly tree: HastRoot;
  /** Local images the section uses, to be copied beside the HTML edition. */
  readonly images: readonly ImageRef[];
}

/** A chart drawn at build time (5-layout/charts). */
export interface RenderedChart {
  readonly id: string;
  readonly title: string;
  readonly alt: string;
  readonly svg: string;
  /** What the plotted facts' marks point to (source ids, or "~statement" for a fact whose source the notes do not name), in order, without repeats. */
  readonly sources: readonly string[];
  /** The source line's own words (charts.yaml `source`), when given. */
  readonly sourceLine?: string | undefined;
  /** The date the data is true of, as printed ("31 December 2025"), when the chart gives one. */
  readonly asOf?: string | undefined;
  /** The plotted values as a table (a chart drawn from a data file), shown under the chart in HTML. */
  readonly data?: { readonly head: readonly string[]; readonly rows: readonly (readonly string[])[] } | undefined;
}

/** A heading the table of contents and the PDF outline list (5-layout). */
export interface TocEntry {
  readonly id: string;
  readonly title: string;
  /** Printed page number, once known. */
  readonly page?: number;
}

/** One edition's HTML document (5-layout). */
export interface LaidOut {
  readonly html: string;
  readonly css: string;
  /** Where the HTML links its stylesheet, relative to the HTML file. */
  readonly cssHref: string;
  /** Fonts and images to copy beside the HTML. */
  readonly assets: readonly Asset[];
  readonly toc: readonly TocEntry[];
  /** Source ids in the order they are cited. */
  readonly cited: readonly string[];
  /** What each note says in a few words, by its id ("note-3" → "Note 3: author, title (year)"), for PDF link descriptions. */
  readonly notes: ReadonlyMap<string, string>;
}

/** Everything an edition needs before the browser (pipeline/prepare). */
export interface PreparedEdition {
  readonly edition: Edition;
  readonly sections: readonly SectionHtml[];
  readonly charts: ReadonlyMap<string, RenderedChart>;
  /** The layout without contents page numbers (pagination fills them in). */
  readonly laidOut: LaidOut;
  /** Checked local images, to copy beside the HTML. */
  readonly images: readonly Asset[];
  readonly readability: Readability;
}

/** One print of an edition (6-render). */
export interface RenderedPdf {
  readonly pdf: Uint8Array;
  /** URLs the page tried to load and was refused. */
  readonly blocked: readonly string[];
}
