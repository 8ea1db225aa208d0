import type * as vl from "vega-lite";
import type { Chart } from "../../config/schemas.js";
import { smarten } from "../../lib/typography.js";
import { labelledX, lineLeavesZero, valueLabelExpr, xLabelExpr } from "./chart-axes.js";
import { layersOf, type Datum } from "./chart-marks.js";
import type { Plot } from "./chart-plot.js";
import { FALLBACK_STACK } from "./fonts.js";

/**
 * The Vega-Lite spec of a chart, from its plot: every type in the page's
 * typography (the bundled sans face), 440 px wide in all, which prints at
 * its own size within the text column, so 10.5 px labels print at 7.9 pt.
 * Series keep the author's order in the data, the legend and the stacks.
 */

/** Typography and colour the chart shares with the page. */
export interface ChartStyle {
  readonly font: string;
  readonly accent: string;
  readonly ink: string;
}

/** The whole SVG's width in CSS px: narrower than the 122 mm text measure, so never scaled down in print. */
export const CHART_WIDTH = 440;
/** Label and title size in CSS px: 10.5 px × 0.75 = 7.9 pt printed. */
export const LABEL_PX = 10.5;
/** Series colours after the accent: neutrals, each at least 3:1 against white. */
const NEUTRALS = ["#404040", "#767676", "#1a1a1a", "#595959"];
const MUTED = "#595959";
/** A horizontal chart's category labels wrap after about this many characters. */
const WRAP_AT = 16;

/** The rows Vega-Lite plots: one per x value and series, with stack positions and printed text. */
function rowsOf(plot: Plot): Datum[] {
  const rows: Datum[] = [];
  plot.x.forEach((x, xi) => {
    let below = 0;
    plot.series.forEach((s, si) => {
      const value = s.values[xi] ?? 0;
      rows.push({
        xi,
        x,
        series: s.label,
        si,
        value,
        end: s.ends[xi] ?? value,
        start: below,
        stop: below + value,
        text: s.texts[xi] ?? "",
        spoken: `${plot.xLong[xi] ?? x}${plot.series.length > 1 ? `, ${s.label}` : ""}: ${s.texts[xi] ?? ""}`,
      });
      below += value;
    });
  });
  return rows;
}

const horizontal = (type: Chart["type"]): boolean => type === "bar" || type === "stacked-bar" || type === "dot";

/** The Vega-Lite spec of `chart` drawing `plot`. */
export function chartSpec(chart: Chart, plot: Plot, style: ChartStyle): vl.TopLevelSpec {
  // CSS needs the family quoted: an unquoted "Source Sans 3" is not a valid family name.
  // CSS needs the family quoted: an unquoted "Source Sans 3" is not a valid family name. The bundled fallback
  // faces follow, so a label in Chinese or Arabic is set in a bundled face, not a system one.
  const font = `"${style.font}", ${FALLBACK_STACK}`;
  const type = chart.type;
  const flat = horizontal(type);
  const rows = rowsOf(plot);
  const labels = plot.series.map((s) => s.label);
  const colours = [style.accent, ...NEUTRALS];
  const leavesZero = type === "line" && lineLeavesZero(plot);
  const category = {
    field: "x",
    type: "nominal" as const,
    sort: { field: "xi", op: "min" as const },
    title: (flat ? chart.y_title : chart.x_title) ? smarten((flat ? chart.y_title : chart.x_title) ?? "") : null,
    axis: {
      labelExpr: xLabelExpr(plot, flat ? WRAP_AT : undefined),
      values: labelledX(plot),
      labelAngle: 0,
      labelLimit: flat ? 0 : 90,
      labelPadding: 6,
      ticks: !flat,
      domain: !flat,
    },
    ...(type === "line" ? { scale: { type: "point" as const, padding: 0.3 } } : {}),
  };
  const valueTitle = flat ? chart.x_title : chart.y_title;
  const value = {
    type: "quantitative" as const,
    title: valueTitle ? smarten(valueTitle) : null,
    scale: { zero: type !== "dot" && !leavesZero, nice: true },
    axis: {
      grid: !flat || type === "dot",
      gridColor: "#e3e3e3",
      tickCount: 5,
      labelFlush: flat,
      labelExpr: valueLabelExpr(chart.unit),
      domain: flat,
    },
  };
  const series = {
    field: "series",
    type: "nominal" as const,
    sort: labels,
    scale: { domain: labels, range: colours.slice(0, Math.max(1, labels.length)) },
    legend: labels.length > 1 ? { orient: "top" as const, title: null, symbolStrokeWidth: 1.75 } : null,
  };
  const bandStep =
    Math.max(14, Math.min(22, 60 / plot.series.length)) * (type.startsWith("stacked") ? 1 : plot.series.length) + 12;
  const height = flat ? bandStep * plot.x.length : 220;
  const spec = {
    width: CHART_WIDTH,
    height,
    autosize: { type: "fit-x", contains: "padding" },
    background: "transparent",
    data: { values: rows },
    layer: layersOf(type, { category, value, series, flat, plot, rows, style, font, labelPx: LABEL_PX }),
    ...(leavesZero
      ? {
          title: {
            text: "The value axis does not start at zero.",
            orient: "bottom" as const,
            anchor: "start" as const,
            fontSize: LABEL_PX,
            fontWeight: "normal" as const,
            fontStyle: "italic",
            color: MUTED,
            font,
            offset: 8,
          },
        }
      : {}),
    config: {
      font,
      view: { stroke: null },
      axis: {
        labelFont: font,
        titleFont: font,
        labelFontSize: LABEL_PX,
        titleFontSize: LABEL_PX,
        titleFontWeight: 600,
        labelColor: style.ink,
        titleColor: style.ink,
        domainColor: "#767676",
        tickColor: "#767676",
      },
      legend: { labelFont: font, labelFontSize: LABEL_PX, labelColor: style.ink, symbolSize: 90 },
      text: { font },
    },
  };
  // The layers are assembled from plain objects (chart-marks.ts); vl.compile checks the spec, and the golden specs pin it.
  return spec as unknown as vl.TopLevelSpec;
}
