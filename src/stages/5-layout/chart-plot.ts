import type { Chart, Fact } from "../../config/schemas.js";
import { dateLabel } from "../../lib/date-label.js";
import { formatFact, formatMoney, formatNumber, formatValue, qualifierOf } from "../../lib/format.js";
import { smarten } from "../../lib/typography.js";
import type { ChartTable } from "../../model.js";

/**
 * What a chart plots, whichever way it was given (facts, or a data file):
 * the x values with their printed labels, and each series in the author's
 * order with its values and their printed text. The spec, the alternative
 * text and the data table are all built from this one shape.
 */

/** One series: its name, the values plotted and each value as printed. */
export interface PlotSeries {
  readonly label: string;
  readonly values: readonly number[];
  readonly texts: readonly string[];
  /** Where each value's drawing ends: past the value for a lower bound ("over $1 billion"). */
  readonly ends: readonly number[];
}

/** The data of one chart, ready to draw and describe. */
export interface Plot {
  readonly xKind: "date" | "category";
  /** The x values as given (ISO dates or category names). */
  readonly x: readonly string[];
  /** Each x value as the axis prints it (dates short, in the brief's language). */
  readonly xShort: readonly string[];
  /** Each x value written out (dates long), for the alternative text and the data table. */
  readonly xLong: readonly string[];
  readonly series: readonly PlotSeries[];
  /** A value written with the chart's unit, e.g. `2.4%`, `$1.2 million`, `12 tonnes`. */
  readonly format: (value: number) => string;
}

/** Qualifiers that make a figure a lower bound: the bar is drawn open-ended. */
const LOWER_BOUNDS: ReadonlySet<string> = new Set(["over", "at least"]);
/** How far past a lower bound its dashed end reaches, as a share of the largest value. */
const OPEN_END = 0.08;
const CURRENCIES: ReadonlySet<string> = new Set(["USD", "EUR", "GBP", "CNY"]);

/** How a value prints under a chart's `unit`: percent, a currency, a plain number or a number with a unit word. */
export function unitFormat(unit: string | undefined): (value: number) => string {
  if (unit === "percent") return (v) => `${formatNumber(v, 2)}%`;
  if (unit && CURRENCIES.has(unit)) return (v) => formatMoney(v, unit);
  if (!unit || unit === "number") return (v) => formatNumber(v);
  return (v) => `${formatNumber(v)} ${unit}`;
}

/** The plot of a chart drawn from facts: one series, one bar (or point) per fact, in the author's order. */
function fromFacts(id: string, chart: Chart, facts: ReadonlyMap<string, Fact>): Plot {
  const numeric = (chart.facts ?? []).map((fid) => {
    const fact = facts.get(fid);
    if (!fact || typeof fact.value !== "number")
      throw new Error(`chart "${id}": fact "${fid}" must exist and be numeric (checked at load)`);
    return { fid, fact, value: fact.value / chart.scale };
  });
  const largest = Math.max(...numeric.map((n) => n.value));
  const labels = numeric.map(({ fid, fact }) => smarten(fact.label ?? fid));
  const first = numeric[0]?.fact;
  return {
    xKind: "category",
    x: labels,
    xShort: labels,
    xLong: labels,
    series: [
      {
        label: smarten(chart.x_title ?? chart.title),
        values: numeric.map((n) => n.value),
        texts: numeric.map(({ fact }) => smarten(chart.qualifiers ? formatFact(fact) : formatValue(fact))),
        ends: numeric.map(({ fact, value }) =>
          LOWER_BOUNDS.has(qualifierOf(fact) ?? "") ? value + largest * OPEN_END : value,
        ),
      },
    ],
    format:
      first && first.format !== "date" && first.format !== "text"
        ? (v) => smarten(formatValue({ ...first, value: v * chart.scale }))
        : (v) => formatNumber(v),
  };
}

/** The plot of a chart drawn from a data file. */
function fromTable(chart: Chart, table: ChartTable, lang: string): Plot {
  const money = chart.unit !== undefined && CURRENCIES.has(chart.unit);
  const base = unitFormat(chart.unit);
  // Money is plotted divided by `scale` (millions) but printed in full.
  const format = money ? (v: number): string => base(v * chart.scale) : base;
  const plotted = (v: number): number => (money ? v / chart.scale : v);
  const dates = table.xKind === "date";
  return {
    xKind: table.xKind,
    x: table.x,
    xShort: table.x.map((x) => (dates ? dateLabel(x, lang, true) : smarten(x))),
    xLong: table.x.map((x) => (dates ? dateLabel(x, lang, false) : smarten(x))),
    series: table.series.map((s) => {
      const values = s.values.map(plotted);
      return { label: smarten(s.label), values, texts: values.map(format), ends: values };
    }),
    format,
  };
}

/** What chart `id` plots: from its data file when it has one, else from its facts. */
export function plotOf(
  id: string,
  chart: Chart,
  facts: ReadonlyMap<string, Fact>,
  table: ChartTable | undefined,
  lang: string,
): Plot {
  return table ? fromTable(chart, table, lang) : fromFacts(id, chart, facts);
}
