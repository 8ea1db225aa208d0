import type { Fact } from "../config/schemas.js";
import { checkReadingGrade } from "../checks/reading-grade.js";
import { diagnostic, hasErrors, strict as strictify, type Diagnostic, type Reported } from "../diagnostics/index.js";
import type { Edition, PreparedEdition, Project, RenderedChart, SectionHtml } from "../model.js";
import { merge } from "../stages/3-merge/index.js";
import { citingOf } from "../stages/4-markdown/citations.js";
import { markdown } from "../stages/4-markdown/index.js";
import { imageTarget, resolveImages } from "../stages/5-layout/images.js";
import { layout } from "../stages/5-layout/index.js";
import { readingGrade } from "../stages/5-layout/measure.js";
import { chartKey, chartStore, type ChartStore } from "./chart-store.js";
import { resolvePaths, type CommonOptions } from "./options.js";
import { loadProject, type PlannedEdition } from "./project.js";

/**
 * Everything before the browser: load and plan the project, then for each
 * edition merge → markdown → charts → layout, and the reading-grade rule.
 * No file is written here, so `brief check` and `brief build` share it
 * exactly.
 */

/** Charts an edition places, drawn with its accent colour (or read back from `store`, drawn before). */
async function drawCharts(
  edition: Edition,
  sections: readonly SectionHtml[],
  store: ChartStore | undefined,
): Promise<Reported<Map<string, RenderedChart>>> {
  const facts = new Map<string, Fact>([...edition.brief.facts].map(([k, v]) => [k, v.value]));
  const charts = new Map<string, RenderedChart>();
  const diagnostics: Diagnostic[] = [];
  const used = new Set(sections.flatMap((s) => s.merged.inserts.flatMap((i) => (i.kind === "chart" ? [i.id] : []))));
  if (used.size === 0) return { value: charts, diagnostics };
  const style = { font: "Source Sans 3", accent: edition.audience.config.accent, ink: "#1a1a1a" };
  const lang = edition.brief.config.value.lang;
  const sourceIds = new Set(edition.brief.sources.keys());
  for (const id of used) {
    const chart = edition.brief.charts.get(id);
    if (!chart) continue;
    const plotted = chart.value.facts ?? [];
    const nonNumeric = plotted.filter((f) => typeof facts.get(f)?.value !== "number");
    if (nonNumeric.length) {
      diagnostics.push(
        diagnostic({
          rule: "charts/non-numeric",
          at: chart.at,
          message: `chart "${id}" plots non-numeric facts: ${nonNumeric.join(", ")}`,
        }),
      );
      continue;
    }
    const table = edition.brief.tables?.get(id);
    const key = store
      ? await chartKey(
          id,
          chart.value,
          plotted.map((f) => facts.get(f)),
          style,
          { lang, table: table?.sha256, cited: chart.value.source ? sourceIds.has(chart.value.source) : false },
        )
      : undefined;
    const known = key ? await store?.get(key) : undefined;
    if (known) {
      charts.set(id, known);
      continue;
    }
    // Vega is large: loaded only when a chart must be drawn.
    const { renderChart } = await import("../stages/5-layout/charts.js");
    const drawn = await renderChart(id, chart.value, { facts, table, lang, sourceIds }, style);
    charts.set(id, drawn);
    // A store that cannot be written costs the next run time, never this one's result.
    if (key) await store?.put(key, drawn).catch(() => undefined);
  }
  return { value: charts, diagnostics };
}

/** Run the pre-render stages for one edition. */
export async function prepareEdition(
  edition: Edition,
  audienceNames: ReadonlySet<string>,
  store?: ChartStore,
): Promise<Reported<PreparedEdition>> {
  const merged = merge(edition, audienceNames);
  const citeAfter = edition.brief.config.value.cite_after;
  const citing = citingOf(edition);
  const html = merged.sections.map((m) => markdown(m, imageTarget(edition.brief.id, ""), citeAfter, citing));
  const sections = html.map((h) => h.value);
  const charts = await drawCharts(edition, sections, store);
  const images = await resolveImages(
    edition.brief,
    sections.flatMap((s) => s.images),
  );
  const diagnostics = [
    ...merged.diagnostics,
    ...html.flatMap((h) => h.diagnostics),
    ...charts.diagnostics,
    ...images.diagnostics,
  ];
  if (hasErrors(diagnostics) || !charts.value) return { diagnostics };
  const readability = readingGrade(sections);
  diagnostics.push(...checkReadingGrade({ edition, readability }));
  const laid = layout(edition, sections, charts.value, new Map(), images.assets);
  diagnostics.push(...laid.diagnostics);
  if (!laid.value || hasErrors(diagnostics)) return { diagnostics };
  return {
    value: {
      edition,
      sections,
      charts: charts.value,
      laidOut: laid.value,
      readability,
      images: images.assets,
    },
    diagnostics,
  };
}

/** The project, its editions ready to render, the editions that failed, and every problem found. */
export interface PreparedProject {
  readonly project: Project;
  readonly prepared: readonly PreparedEdition[];
  readonly failed: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
}

/** One planned edition after preparing: its prepared form when it may be published, and the problems preparing found. */
export interface EditionPrepared {
  readonly planned: PlannedEdition;
  /** Undefined when the edition (or, under --strict, a warning) has an error. */
  readonly prepared?: PreparedEdition;
  /** Problems found while preparing (planning's and the guards' are in `planned`). */
  readonly diagnostics: readonly Diagnostic[];
}

/**
 * Prepare planned editions one at a time, in order, yielding each as soon as
 * it is prepared: `build` prints an edition while the next is prepared.
 */
export async function* prepareEach(
  project: Project,
  editions: readonly PlannedEdition[],
  strict = false,
  store?: ChartStore,
): AsyncGenerator<EditionPrepared, void, undefined> {
  const names = new Set(project.audiences.keys());
  for (const planned of editions) {
    const r = hasErrors(planned.diagnostics)
      ? { diagnostics: [] }
      : await prepareEdition(planned.edition, names, store);
    const all = [...planned.diagnostics, ...r.diagnostics];
    const ok = r.value && !hasErrors(strict ? strictify(all) : all);
    yield { planned, diagnostics: r.diagnostics, ...(ok ? { prepared: r.value } : {}) };
  }
}

/** Prepare planned editions, in order. */
export async function prepareEditions(
  project: Project,
  editions: readonly PlannedEdition[],
  strict = false,
  store?: ChartStore,
): Promise<EditionPrepared[]> {
  const out: EditionPrepared[] = [];
  for await (const r of prepareEach(project, editions, strict, store)) out.push(r);
  return out;
}

/** Load, plan and prepare every edition the options ask for; charts drawn before are read back unless `cache` is false. */
export async function prepareProject(o: CommonOptions): Promise<PreparedProject> {
  const { project, editions, diagnostics } = await loadProject(o);
  const store = o.cache === false ? undefined : chartStore(resolvePaths(o).root);
  const results = await prepareEditions(project, editions, o.strict, store);
  return {
    project,
    prepared: results.flatMap((r) => (r.prepared ? [r.prepared] : [])),
    failed: results.flatMap((r) => (r.prepared ? [] : [r.planned.edition.name])),
    diagnostics: [...diagnostics, ...results.flatMap((r) => [...r.planned.diagnostics, ...r.diagnostics])],
  };
}
