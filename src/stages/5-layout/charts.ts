import * as vega from "vega";
import * as vl from "vega-lite";
import type { Chart, Fact } from "../../config/schemas.js";
import { formatDate } from "../../lib/format.js";
import { citedAs } from "../../lib/format.js";
import { smarten } from "../../lib/typography.js";
import type { ChartTable, RenderedChart } from "../../model.js";
import { altText } from "./chart-alt.js";
import { plotOf, type Plot } from "./chart-plot.js";
import { chartSpec, type ChartStyle } from "./chart-spec.js";

/**
 * Charts drawn at build time with Vega-Lite and Vega's SVG renderer: no
 * browser scripts, no network. A chart plots facts (the same formatted
 * figures the text quotes, so they cannot disagree) or a data file read at
 * load (1-load/chart-data). Each spec is compiled once, drawn once.
 */

export type { ChartStyle } from "./chart-spec.js";

/** What a chart is drawn from besides its own entry. */
export interface ChartInputs {
  readonly facts: ReadonlyMap<string, Fact>;
  /** The chart's data file, read at load, when it has one. */
  readonly table?: ChartTable | undefined;
  /** The brief's language: dates on the axis print in it. */
  readonly lang: string;
  /** The ids of sources.yaml: a chart's `source` that names one is cited, any other is printed as written. */
  readonly sourceIds: ReadonlySet<string>;
}

/** The values as a table: the x column, then one column per series. */
function dataTable(chart: Chart, plot: Plot): NonNullable<RenderedChart["data"]> {
  const xHead = smarten(
    chart.x_title && !["bar", "stacked-bar", "dot"].includes(chart.type) ? chart.x_title : (chart.x ?? ""),
  );
  return {
    head: [xHead, ...plot.series.map((s) => s.label)],
    rows: plot.xLong.map((x, i) => [x, ...plot.series.map((s) => s.texts[i] ?? "")]),
  };
}

/** What the chart's source marks point to, and its own words when `source` is not a source id. */
function sourcesOf(chart: Chart, inputs: ChartInputs): { sources: string[]; sourceLine?: string } {
  if (chart.source && inputs.sourceIds.has(chart.source)) return { sources: [chart.source] };
  const fromFacts = [
    ...new Set(
      (chart.facts ?? []).flatMap((f) => {
        const fact = inputs.facts.get(f);
        return fact ? [citedAs(fact)] : [];
      }),
    ),
  ];
  return chart.source ? { sources: fromFacts, sourceLine: chart.source } : { sources: fromFacts };
}

/** Render one chart to an SVG string, with its alternative text, data table and source. */
export async function renderChart(
  id: string,
  chart: Chart,
  inputs: ChartInputs,
  style: ChartStyle,
): Promise<RenderedChart> {
  const plot = plotOf(id, chart, inputs.facts, inputs.table, inputs.lang);
  const spec = vl.compile(chartSpec(chart, plot, style), { logger: vega.logger(vega.Error) }).spec;
  const view = new vega.View(vega.parse(spec), { renderer: "none", logLevel: vega.Error });
  const raw = await view.toSVG();
  view.finalize();
  const title = smarten(chart.title);
  const alt = chart.alt ? smarten(chart.alt) : altText(chart.type, title, plot);
  const svg = raw.replace("<svg ", `<svg role="img" aria-label="${escapeAttr(alt)}" `);
  const { sources, sourceLine } = sourcesOf(chart, inputs);
  return {
    id,
    title,
    alt,
    svg,
    sources,
    ...(sourceLine ? { sourceLine } : {}),
    ...(chart.as_of ? { asOf: formatDate(chart.as_of) } : {}),
    ...(inputs.table ? { data: dataTable(chart, plot) } : {}),
  };
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}
