import { FALLBACK_STACK } from "./fonts.js";
import * as vega from "vega";
import * as vl from "vega-lite";
import type { Chart, Fact } from "../../config/schemas.js";
import { citedAs, formatFact, formatValue, qualifierOf } from "../../lib/format.js";
import { smarten } from "../../lib/typography.js";
import type { RenderedChart } from "../../model.js";

/**
 * Charts drawn at build time from `facts.yaml` with Vega-Lite and Vega's
 * SVG renderer: no browser scripts, no network. The numbers on the chart
 * are the same formatted facts the text quotes, so they cannot disagree.
 */

/** Typography and colour the chart shares with the page. */
export interface ChartStyle {
  readonly font: string;
  readonly accent: string;
  readonly ink: string;
}

/** One bar: its label, the value plotted and the text printed beside it. */
interface Row {
  readonly order: number;
  readonly label: string;
  readonly value: number;
  /** Where the bar's drawing ends: past `value`, dashed, for a lower bound ("over $1 billion"). */
  readonly end: number;
  readonly text: string;
  /** What a screen reader hears for the bar: its label and the printed figure, qualifier included. */
  readonly spoken: string;
}

/** Qualifiers that make a figure a lower bound: the bar is drawn open-ended. */
const LOWER_BOUNDS: ReadonlySet<string> = new Set(["over", "at least"]);
/** How far past a lower bound its dashed end reaches, as a share of the largest value. */
const OPEN_END = 0.08;

function rowsOf(id: string, chart: Chart, facts: ReadonlyMap<string, Fact>): Row[] {
  const numeric = chart.facts.map((fid) => {
    const fact = facts.get(fid);
    if (!fact || typeof fact.value !== "number")
      throw new Error(`chart "${id}": fact "${fid}" must exist and be numeric (checked at load)`);
    return { fid, fact, value: fact.value / chart.scale };
  });
  const largest = Math.max(...numeric.map((n) => n.value));
  return numeric.map(({ fid, fact, value }, order) => {
    const label = smarten(fact.label ?? fid);
    const lower = LOWER_BOUNDS.has(qualifierOf(fact) ?? "");
    return {
      order,
      label,
      value,
      end: lower ? value + largest * OPEN_END : value,
      text: smarten(chart.qualifiers ? formatFact(fact) : formatValue(fact)),
      spoken: `${label}: ${smarten(formatFact(fact))}`,
    };
  });
}

/** The Vega-Lite spec of a horizontal bar chart in the page's typography: no gridlines, labelled bars. */
function barSpec(rows: readonly Row[], chart: Chart, style: ChartStyle): vl.TopLevelSpec {
  // CSS needs the family quoted: an unquoted "Source Sans 3" is not a valid family name. The bundled fallback
  // faces follow, so a label in Chinese or Arabic is set in a bundled face, not a system one.
  const font = `"${style.font}", ${FALLBACK_STACK}`;
  const label = {
    labelFont: font,
    titleFont: font,
    labelFontSize: 10.5,
    titleFontSize: 10.5,
    titleFontWeight: 600,
  } as const;
  return {
    width: 300,
    height: 34 * rows.length,
    background: "transparent",
    data: { values: [...rows] },
    encoding: {
      y: {
        field: "label",
        type: "nominal",
        sort: { field: "order" },
        title: chart.y_title ? smarten(chart.y_title) : null,
        axis: { labelLimit: 0, labelPadding: 6, ticks: false, domain: false },
      },
      x: {
        field: "value",
        type: "quantitative",
        title: smarten(chart.x_title),
        axis: { grid: false, tickCount: 5, labelFlush: true },
      },
      description: { field: "spoken" },
    },
    layer: [
      { mark: { type: "bar", color: style.accent, height: 20 } },
      // A lower bound goes on past its value as a dashed, open end: the figure is "over" it.
      {
        transform: [{ filter: "datum.end > datum.value" }],
        mark: {
          type: "bar",
          height: 20,
          fill: "transparent",
          stroke: style.accent,
          strokeWidth: 1.25,
          strokeDash: [3, 2],
          aria: false,
        },
        encoding: { x: { field: "value", type: "quantitative" }, x2: { field: "end" } },
      },
      {
        mark: { type: "text", align: "left", dx: 4, fontSize: 10.5, fontWeight: 600, color: style.ink, font },
        encoding: { x: { field: "end", type: "quantitative" }, text: { field: "text" } },
      },
    ],
    config: {
      font,
      view: { stroke: null },
      axis: { ...label, labelColor: style.ink, titleColor: style.ink, domainColor: "#767676", tickColor: "#767676" },
    },
  };
}

/** Render one bar chart to an SVG string. */
export async function renderChart(
  id: string,
  chart: Chart,
  facts: ReadonlyMap<string, Fact>,
  style: ChartStyle,
): Promise<RenderedChart> {
  const rows = rowsOf(id, chart, facts);
  const spec = vl.compile(barSpec(rows, chart, style), { logger: vega.logger(vega.Error) }).spec;
  const view = new vega.View(vega.parse(spec), { renderer: "none", logLevel: vega.Error });
  const raw = await view.toSVG();
  view.finalize();
  const svg = raw.replace("<svg ", `<svg role="img" aria-label="${escapeAttr(smarten(chart.alt))}" `);
  const sources = [
    ...new Set(
      chart.facts.flatMap((f) => {
        const fact = facts.get(f);
        return fact ? [citedAs(fact)] : [];
      }),
    ),
  ];
  return {
    id,
    title: smarten(chart.title),
    alt: smarten(chart.alt),
    svg,
    sources,
    ...(chart.source ? { sourceLine: chart.source } : {}),
  };
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");
}
