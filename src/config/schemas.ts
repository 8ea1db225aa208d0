import { z } from "zod";
import { contrast } from "../lib/contrast.js";

/**
 * The content model, as zod schemas. These are the single source of truth:
 * every type the pipeline uses for content is inferred from them, and the
 * README's "Content model" section documents exactly these fields.
 *
 * All objects are strict: an unknown key is an error, never silently dropped.
 */

/** What an id may look like: lower-case letters, digits and hyphens, not starting with a hyphen. */
export const ID_PATTERN = /^[a-z0-9][a-z0-9-]*$/;

/**
 * Keys that moved, keyed `<file kind>:<dotted key>`: an author who writes
 * one is told where it lives now instead of only "unknown key".
 */
export const MOVED_KEYS: Readonly<Record<string, string>> = {
  "audience:sections":
    "An audience no longer lists sections: a brief owns its editions. List them in each brief's brief.yaml, under editions.<audience>.sections, or let each section's audiences and order decide.",
  "brief:subtitles": "Per-edition subtitles now live under editions.<audience>.subtitle in brief.yaml.",
};

/** Lower-case identifiers used for briefs, sections, facts, sources and audiences. */
export const Id = z.string().regex(ID_PATTERN, "must be lower-case letters, digits and hyphens");

/** An ISO calendar date, `YYYY-MM-DD`, validated as a real date. */
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "must be a date written YYYY-MM-DD")
  .refine(
    (s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    "is not a real calendar date",
  );

/**
 * A date that may be partial: a year, a month or a day. A bare year may be
 * written unquoted (YAML reads `2021` as a number).
 */
export const PartialDate = z.preprocess(
  (v) => (typeof v === "number" && Number.isInteger(v) ? String(v) : v),
  z
    .string()
    .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, "must be a date written YYYY, YYYY-MM or YYYY-MM-DD")
    .refine(
      (s) => s.length === 4 || IsoDate.safeParse(s.length === 7 ? `${s}-01` : s).success,
      "is not a real calendar date",
    ),
);

/**
 * Front and back matter: who is responsible for the brief, how to reach
 * them, who reviewed it and when, how it was made, and who paid for it.
 * Printed on the last page of every edition.
 */
export const About = z
  .object({
    /** The responsible unit (or authors). */
    unit: z.string().min(1),
    /** An email address readers can write to. */
    contact: z.string().email("must be an email address"),
    /** Who reviewed this edition (a person or a role). */
    reviewed_by: z.string().min(1),
    reviewed_on: IsoDate,
    /** How sources were chosen and what "our assessment" means. */
    method: z.string().min(1),
    /** Funding and conflicts of interest. */
    interests: z.string().min(1),
  })
  .strict();
export type About = z.infer<typeof About>;

/** Accent colour, `#rrggbb`; must reach 4.5:1 against white and the takeaways tint. */
export const Accent = z
  .string()
  .regex(/^#[0-9a-fA-F]{6}$/, "must be a colour written #rrggbb")
  .refine(
    (c) => contrast(c, "#ffffff") >= 4.5 && contrast(c, "#f3f5f8") >= 4.5,
    "must contrast at least 4.5:1 with white and the takeaways tint (WCAG AA); choose a darker colour",
  );

/** The paper an edition is printed on. */
export const PageSize = z.enum(["A4", "Letter"]);

/**
 * One of a brief's editions (`editions.<audience>` in brief.yaml): which of
 * the brief's sections it prints and in what order, and the brief's own
 * settings for that audience, overriding the audience file for this brief
 * only. Nothing here can change another brief's editions.
 */
export const EditionSettings = z
  .object({
    /** Section ids in reading order; absent means every section for this audience, by `order`. */
    sections: z.array(Id).min(1).optional(),
    /** The cover subtitle of this edition, replacing the brief's `subtitle` (each edition promises only what it has). */
    subtitle: z.string().min(1).optional(),
    /** Page size and budget for this brief's edition, overriding the audience file's. */
    page: z.object({ size: PageSize.optional(), budget: z.number().int().positive().optional() }).strict().optional(),
    accent: Accent.optional(),
    /** This edition's citation style, replacing the brief's `citation_style`. */
    citation_style: z.string().min(1).optional(),
  })
  .strict();
export type EditionSettings = z.infer<typeof EditionSettings>;

/** `brief.yaml`: the publication as a whole. */
export const BriefConfig = z
  .object({
    title: z.string().min(1),
    subtitle: z.string().min(1).optional(),
    /**
     * Where the brief stands. `draft` and `specimen` editions say so on the
     * cover, in the running footer and in "About this brief", and `brief
     * release` refuses them without --allow-specimen; a `final` brief may not
     * carry placeholders (an example.org address, a role for a reviewer).
     */
    status: z.enum(["draft", "specimen", "final"]).default("final"),
    short_title: z.string().min(1),
    organisation: z.string().min(1),
    subject: z.string().min(1),
    keywords: z.array(z.string().min(1)).default([]),
    lang: z.string().min(2).default("en-GB"),
    edition_date: IsoDate,
    information_as_of: IsoDate,
    review_period_days: z.number().int().positive().default(365),
    /** The audiences this brief is published for: one edition each. */
    audiences: z.array(Id).min(1),
    /** Per-audience settings of this brief's editions (sections, subtitle, page, accent). */
    editions: z.record(Id, EditionSettings).default({}),
    /** Acronyms that need no spelling out (e.g. "US"). */
    acronyms: z.array(z.string().regex(/^[A-Z0-9][A-Z0-9-]+$/)).default([]),
    /**
     * Words that may stand before a number which then takes a citation mark
     * ("Rule 12¹"), besides the built-in legal references (Article, Section,
     * Regulation…): see `citations/after-figure`.
     */
    cite_after: z.array(z.string().regex(/^\S+$/, "must be one word")).default([]),
    /**
     * How citations print: `numbered` (the house style, the default), a
     * bundled CSL style (`apa`, `chicago-author-date`, `chicago-notes`,
     * `harvard`) or the path of a `.csl` file inside the project.
     */
    citation_style: z.string().min(1).default("numbered"),
    about: About,
  })
  .strict()
  .superRefine((b, ctx) => {
    if (b.information_as_of > b.edition_date)
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["information_as_of"],
        message: `is after the edition date ${b.edition_date}`,
      });
    if (b.about.reviewed_on > b.edition_date)
      ctx.addIssue({
        code: z.ZodIssueCode.custom,
        path: ["about", "reviewed_on"],
        message: `is after the edition date ${b.edition_date}; an edition is reviewed before it is published`,
      });
    const published = new Set(b.audiences);
    for (const name of Object.keys(b.editions))
      if (!published.has(name))
        ctx.addIssue({
          code: z.ZodIssueCode.custom,
          path: ["editions", name],
          message: `names audience "${name}", which is not in this brief's audiences (${b.audiences.join(", ")})`,
          params: { rule: "brief/unknown-audience" },
        });
  });
export type BriefConfig = z.infer<typeof BriefConfig>;

/** Front matter at the top of `sections/*.md`. */
export const SectionFrontMatter = z
  .object({
    id: Id,
    title: z.string().min(1),
    order: z.number(),
    audiences: z.array(Id).min(1).optional(),
    /** `takeaways` renders as the key-takeaways box on page one. */
    kind: z.enum(["body", "takeaways"]).default("body"),
    /** Marks a section as the brief's own analysis rather than sourced fact. */
    analysis: z.boolean().default(false),
  })
  .strict();
export type SectionFrontMatter = z.infer<typeof SectionFrontMatter>;

const FactCommon = {
  as_of: IsoDate,
  /** An id in sources.yaml; required unless `attribution: editorial`. */
  source: Id.optional(),
  /** For editors: context, and why the source is attributed as it is. */
  note: z.string().min(1).optional(),
  /**
   * `editorial` when the source is the editors' attribution rather than
   * stated in the research notes; `note` then says why. `brief check`
   * lists these for review (facts/attribution).
   */
  attribution: z.literal("editorial").optional(),
  /**
   * Printed, with `attribution: editorial`: what the reader is told in place
   * of a source number ("DeepSeek's own figure, as summarised in the unit's
   * research notes; the notes do not name the publication").
   */
  attribution_note: z.string().min(1).optional(),
  label: z.string().min(1).optional(),
};

/** Words that qualify a figure; printed before it wherever it prints, charts included. */
export const Qualifier = z.enum(["about", "over", "under", "up to", "at least", "nearly"]);
export type Qualifier = z.infer<typeof Qualifier>;
const Qualified = { qualifier: Qualifier.optional() };

/** The longest text a `format: text` fact may hold; longer text belongs in a section. */
export const MAX_FACT_TEXT = 2000;

/** One figure the brief quotes; the `format` decides how it is written. */
export const Fact = z.discriminatedUnion("format", [
  z
    .object({
      format: z.literal("money"),
      value: z.number(),
      currency: z.enum(["USD", "EUR", "GBP", "CNY"]).default("USD"),
      ...Qualified,
      ...FactCommon,
    })
    .strict(),
  z.object({ format: z.literal("percent"), value: z.number(), ...Qualified, ...FactCommon }).strict(),
  z
    .object({
      format: z.literal("number"),
      value: z.number(),
      unit: z.string().min(1).optional(),
      ...Qualified,
      ...FactCommon,
    })
    .strict(),
  z.object({ format: z.literal("date"), value: PartialDate, ...FactCommon }).strict(),
  z
    .object({
      format: z.literal("text"),
      value: z
        .string()
        .min(1)
        .max(MAX_FACT_TEXT, `must be at most ${MAX_FACT_TEXT} characters (a fact is a value, not a section)`),
      ...FactCommon,
    })
    .strict(),
]);
export type Fact = z.infer<typeof Fact>;

/** `facts.yaml`: facts keyed by id. */
export const FactsFile = z.record(Id, Fact);
export type FactsFile = z.infer<typeof FactsFile>;

/** One entry of `sources.yaml`. */
export const Source = z
  .object({
    author: z.string().min(1),
    title: z.string().min(1),
    /** BCP 47 language of the title, when it is not the brief's language. */
    title_lang: z.string().min(2).optional(),
    /** An English translation of a title in another language, printed in brackets after it. */
    title_en: z.string().min(1).optional(),
    publisher: z.string().min(1),
    /** When it was published: a full date, a year-month or a year; absent when the source gives none (printed "n.d."). */
    published: PartialDate.optional(),
    url: z
      .string()
      .url()
      .refine((u) => /^https?:\/\//.test(u), "must be an http(s) URL"),
    accessed: IsoDate,
  })
  .strict();
export type Source = z.infer<typeof Source>;

/** `sources.yaml`: sources keyed by id. */
export const SourcesFile = z.record(Id, Source);
export type SourcesFile = z.infer<typeof SourcesFile>;

/** The kinds of chart `charts.yaml` can ask for (see docs/authoring.md, "Charts"). */
export const ChartType = z.enum(["bar", "column", "line", "stacked-bar", "stacked-column", "dot"]);
export type ChartType = z.infer<typeof ChartType>;

/** One series of a chart drawn from a data file: a column of the file, and what the chart calls it. */
export const ChartSeries = z
  .object({
    column: z.string().min(1),
    /** The series' name on the chart and in its alternative text; default: the column's name. */
    label: z.string().min(1).optional(),
  })
  .strict();
export type ChartSeries = z.infer<typeof ChartSeries>;

/**
 * A chart drawn at build time (`charts.yaml`): from facts (`facts:`, one
 * series, as before) or from a CSV or JSON file in the brief's folder
 * (`data:`, `x:`, `series:`, `as_of:`).
 */
export const Chart = z
  .object({
    type: ChartType,
    title: z.string().min(1),
    /** Alternative text; when absent it is written from the data. */
    alt: z.string().min(1).optional(),
    facts: z.array(Id).min(1).optional(),
    /** A CSV or JSON file inside the brief's folder, e.g. `data/inflation.csv`. */
    data: z
      .string()
      .regex(/^[^/\\].*\.(csv|json)$/i, "must be a path inside the brief's folder ending .csv or .json")
      .optional(),
    /** The data file's column on the x axis: dates (YYYY, YYYY-MM, YYYY-MM-DD) or categories. */
    x: z.string().min(1).optional(),
    series: z.array(ChartSeries).min(1).optional(),
    /** How values print: `percent`, a currency (`USD`, `EUR`, `GBP`, `CNY`), `number`, or a unit word ("tonnes"). */
    unit: z.string().min(1).optional(),
    /** The date the data is true of; printed under the chart and checked against the review period. */
    as_of: IsoDate.optional(),
    x_title: z.string().min(1).optional(),
    /** Optional title for the category axis; the bar labels usually say enough. */
    y_title: z.string().min(1).optional(),
    /** Divide money values by this before plotting, e.g. 1e6 for millions. */
    scale: z.number().positive().default(1),
    /** A source id from sources.yaml (cited), or the source line's own words ("DeepSeek's reported figure; some AI experts' estimate"). Default: the publishers cited. */
    source: z.string().min(1).optional(),
    /** Print each bar's qualifier in its label ("over $1 billion"); false when the title or axis already says it. */
    qualifiers: z.boolean().default(true),
  })
  .strict()
  .superRefine((c, ctx) => {
    const need = (path: string, message: string): void => ctx.addIssue({ code: "custom", path: [path], message });
    if (c.facts && c.data) need("data", "give either facts or data, not both");
    if (!c.facts && !c.data) need("facts", "give the facts to plot, or a data file (data, x, series)");
    if (c.data) {
      if (!c.x) need("x", "a chart drawn from a data file names its x column");
      if (!c.series) need("series", "a chart drawn from a data file names its series columns");
      if (!c.source) need("source", "a chart drawn from a data file names its source");
      if (!c.as_of) need("as_of", "a chart drawn from a data file says the date its data is true of");
    } else if (c.series || c.x) need(c.series ? "series" : "x", "series and x name columns of a data file; add data");
  });
export type Chart = z.infer<typeof Chart>;

/** `charts.yaml`: charts keyed by id (optional file). */
export const ChartsFile = z.record(Id, Chart);
export type ChartsFile = z.infer<typeof ChartsFile>;

/** `templates/audiences/<name>.yaml`: one reader group. */
export const Audience = z
  .object({
    label: z.string().min(1),
    description: z.string().min(1),
    cover: z
      .object({
        kicker: z.string().min(1),
        edition: z.string().min(1),
      })
      .strict(),
    page: z
      .object({
        size: PageSize.default("A4"),
        budget: z.number().int().positive(),
      })
      .strict(),
    toc: z.boolean().default(true),
    reading_grade_max: z.number().positive().optional(),
    /** What this edition is not (for investors: not investment advice); printed on the cover and the last page. */
    disclaimer: z.string().min(1),
    /** Accent colour, `#rrggbb`; must reach 4.5:1 against white. */
    accent: Accent.default("#1f3a5f"),
  })
  .strict();
export type Audience = z.infer<typeof Audience>;
