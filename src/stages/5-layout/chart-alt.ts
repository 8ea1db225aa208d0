import type { ChartType } from "../../config/schemas.js";
import type { Plot, PlotSeries } from "./chart-plot.js";

/**
 * The alternative text of a chart whose author wrote none, from its data:
 * the kind of chart, the series (in the author's order), the period or the
 * categories, and each series' first, last, lowest and highest values with
 * their units. A screen reader user hears what a sighted reader sees.
 */

const KIND: Record<ChartType, string> = {
  bar: "Bar chart",
  column: "Column chart",
  line: "Line chart",
  "stacked-bar": "Stacked bar chart",
  "stacked-column": "Stacked column chart",
  dot: "Dot chart",
};

/** "a", "a and b", "a, b and c". */
function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1] ?? ""}`;
}

/** Index of the smallest (or largest) value; the first one on a tie. */
function extreme(values: readonly number[], largest: boolean): number {
  let best = 0;
  values.forEach((v, i) => {
    const b = values[best] ?? v;
    if (largest ? v > b : v < b) best = i;
  });
  return best;
}

/** One series' first, last, lowest and highest values, each with where it is. */
function summary(s: PlotSeries, plot: Plot, named: boolean): string {
  const at = (i: number): string => `${s.texts[i] ?? ""} (${plot.xLong[i] ?? ""})`;
  const n = s.values.length;
  const head = named ? `${s.label}: ` : "";
  if (n === 1) return `${head}${at(0)}.`;
  if (plot.xKind === "category" && n <= 6)
    return `${head}${plot.xLong.map((x, i) => `${x} ${s.texts[i] ?? ""}`).join("; ")}.`;
  const parts = [
    ...(plot.xKind === "date" ? [`first ${at(0)}`, `last ${at(n - 1)}`] : []),
    `lowest ${at(extreme(s.values, false))}`,
    `highest ${at(extreme(s.values, true))}`,
  ];
  return `${head}${parts.join(", ")}.`;
}

/** The written alternative text of a chart of `type` plotting `plot`. */
export function altText(type: ChartType, title: string, plot: Plot): string {
  const first = plot.xLong[0] ?? "";
  const last = plot.xLong[plot.xLong.length - 1] ?? "";
  const span =
    plot.xKind === "date" ? `, ${first} to ${last}` : plot.x.length > 6 ? ` across ${plot.x.length} categories` : "";
  const many = plot.series.length > 1;
  const of = ` of ${list(plot.series.map((s) => s.label))}`;
  const lead = `${KIND[type]}${of}${span}: ${title.replace(/[.:]$/, "")}.`;
  return [lead, ...plot.series.map((s) => summary(s, plot, many))].join(" ");
}
