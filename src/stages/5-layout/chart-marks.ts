import type { ChartType } from "../../config/schemas.js";
import type { Plot } from "./chart-plot.js";

/**
 * The marks of each chart type, as Vega-Lite layers over the shared
 * encodings (chart-spec.ts builds those). Series are told apart without
 * colour: lines by dash pattern and marker shape, dots by shape, bars and
 * stacks by lightness and a legend in the author's order, with a white
 * rule between stacked parts.
 */

/** One plotted row: an x value of one series. */
export interface Datum {
  readonly xi: number;
  readonly x: string;
  readonly series: string;
  readonly si: number;
  readonly value: number;
  /** Where the bar's drawing ends: past `value`, dashed, for a lower bound. */
  readonly end: number;
  /** The stack part's lower and upper edge. */
  readonly start: number;
  readonly stop: number;
  readonly text: string;
  /** What a screen reader hears for the mark. */
  readonly spoken: string;
}

/** The encodings and context every type's layers use. */
export interface Parts {
  readonly category: Record<string, unknown>;
  readonly value: Record<string, unknown>;
  readonly series: Record<string, unknown>;
  readonly flat: boolean;
  readonly plot: Plot;
  readonly rows: readonly Datum[];
  readonly style: { readonly accent: string; readonly ink: string };
  readonly font: string;
  readonly labelPx: number;
}

type Layer = Record<string, unknown>;

const DASHES = [
  [1, 0],
  [6, 3],
  [2, 2],
  [8, 3, 2, 3],
  [4, 4],
];
const SHAPES = ["circle", "square", "triangle-up", "diamond", "cross"];
/** Value labels beside bars only when they fit: up to this many bars (columns: fewer, they sit above narrow bars). */
const MOST_LABELLED = { flat: 24, upright: 12 };

/** A channel telling series apart by another property than colour, sharing the colour's legend. */
function byShape(p: Parts, range: readonly unknown[]): Record<string, unknown> {
  const labels = p.plot.series.map((s) => s.label);
  return {
    field: "series",
    type: "nominal",
    sort: labels,
    scale: { domain: labels, range: labels.map((_, i) => range[i % range.length]) },
    legend: p.series["legend"],
  };
}

/** Bars (or columns), grouped side by side when there are several series, with their values printed when they fit. */
function bars(p: Parts): Layer[] {
  const [c, v, off] = p.flat ? ["y", "x", "yOffset"] : ["x", "y", "xOffset"];
  const many = p.plot.series.length > 1;
  const offset = many ? { [off]: { field: "series", type: "nominal", sort: p.series["sort"] } } : {};
  const band = p.flat ? { height: { band: 0.8 } } : { width: { band: 0.8 } };
  const labelled = p.rows.length <= (p.flat ? MOST_LABELLED.flat : MOST_LABELLED.upright);
  return [
    {
      mark: { type: "bar", ...band },
      encoding: {
        [c]: p.category,
        [v]: { ...p.value, field: "value" },
        color: p.series,
        ...offset,
        description: { field: "spoken" },
      },
    },
    // A lower bound goes on past its value as a dashed, open end: the figure is "over" it.
    {
      transform: [{ filter: "datum.end > datum.value" }],
      mark: {
        type: "bar",
        ...band,
        fill: "transparent",
        stroke: p.style.accent,
        strokeWidth: 1.25,
        strokeDash: [3, 2],
        aria: false,
      },
      encoding: {
        [c]: p.category,
        [v]: { field: "value", type: "quantitative" },
        [`${v}2`]: { field: "end" },
        ...offset,
      },
    },
    ...(labelled
      ? [
          {
            mark: {
              type: "text",
              ...(p.flat
                ? { align: "left", baseline: "middle", dx: 4 }
                : { align: "center", baseline: "bottom", dy: -3 }),
              fontSize: p.labelPx,
              fontWeight: 600,
              color: p.style.ink,
              font: p.font,
              aria: false,
            },
            encoding: {
              [c]: p.category,
              [v]: { field: "end", type: "quantitative" },
              text: { field: "text" },
              ...offset,
            },
          },
        ]
      : []),
  ];
}

/** Stacked bars (or columns): each series a part, the first at the base, parts parted by a white rule. */
function stacks(p: Parts): Layer[] {
  const [c, v] = p.flat ? ["y", "x"] : ["x", "y"];
  return [
    {
      mark: {
        type: "bar",
        stroke: "#ffffff",
        strokeWidth: 1,
        ...(p.flat ? { height: { band: 0.7 } } : { width: { band: 0.7 } }),
      },
      encoding: {
        [c]: p.category,
        [v]: { ...p.value, field: "start" },
        [`${v}2`]: { field: "stop" },
        color: p.series,
        description: { field: "spoken" },
      },
    },
  ];
}

/** Lines, one per series, each with its own dash pattern and a marker of its own shape at every row. */
function lines(p: Parts): Layer[] {
  const y = { ...p.value, field: "value" };
  return [
    {
      mark: { type: "line", strokeWidth: 2, interpolate: "linear", aria: false },
      encoding: { x: p.category, y, color: p.series, strokeDash: byShape(p, DASHES) },
    },
    {
      mark: { type: "point", filled: true, size: 28, opacity: 1 },
      encoding: { x: p.category, y, color: p.series, shape: byShape(p, SHAPES), description: { field: "spoken" } },
    },
  ];
}

/** Dots: a grey rule from each category's lowest to its highest value, and one marker per series. */
function dots(p: Parts): Layer[] {
  return [
    {
      transform: [
        {
          aggregate: [
            { op: "min", field: "value", as: "lo" },
            { op: "max", field: "value", as: "hi" },
          ],
          groupby: ["x", "xi"],
        },
      ],
      mark: { type: "rule", color: "#9e9e9e", strokeWidth: 2, aria: false },
      encoding: { y: p.category, x: { ...p.value, field: "lo" }, x2: { field: "hi" } },
    },
    {
      mark: { type: "point", filled: true, size: 80, opacity: 1 },
      encoding: {
        y: p.category,
        x: { ...p.value, field: "value" },
        color: p.series,
        shape: byShape(p, SHAPES),
        description: { field: "spoken" },
      },
    },
  ];
}

/** The layers that draw a chart of `type`. */
export function layersOf(type: ChartType, p: Parts): Layer[] {
  switch (type) {
    case "bar":
    case "column":
      return bars(p);
    case "stacked-bar":
    case "stacked-column":
      return stacks(p);
    case "line":
      return lines(p);
    case "dot":
      return dots(p);
  }
}
