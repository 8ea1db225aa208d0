import type { Plot } from "./chart-plot.js";

/**
 * The axes a chart shares whatever its type: which x values are labelled
 * (a time line labels every month, quarter or year, never all 24 months
 * at once), the label each prints, and where the value axis starts.
 */

/** At most this many labels along a category or time axis. */
const MOST_LABELS = 8;

/** The x values that get a label, in order. */
export function labelledX(plot: Plot): string[] {
  const n = plot.x.length;
  if (n <= MOST_LABELS) return [...plot.x];
  if (plot.xKind === "date" && (plot.x[0]?.length ?? 0) === 7) {
    // Months: label every 1, 2, 3, 6 or 12 months, on a calendar boundary (Jan, Apr, Jul, Oct).
    const step = [1, 2, 3, 6, 12].find((s) => n / s <= MOST_LABELS) ?? 12;
    return plot.x.filter((x) => (Number(x.slice(5, 7)) - 1) % step === 0);
  }
  if (plot.xKind === "date" && (plot.x[0]?.length ?? 0) === 4) {
    const step = [1, 2, 5, 10, 20, 50].find((s) => n / s <= MOST_LABELS) ?? 50;
    return plot.x.filter((x) => Number(x) % step === 0);
  }
  const step = Math.ceil(n / MOST_LABELS);
  return plot.x.filter((_, i) => i % step === 0);
}

/** Words of `label` in lines of about `width` characters (a long word keeps its own line). */
export function wrapLabel(label: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of label.split(/\s+/).filter(Boolean)) {
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/**
 * A Vega expression printing each x value's label (dates short, in the
 * brief's language); with `wrap`, a long category label prints on two or
 * more lines, so a horizontal chart's bars keep most of its width.
 */
export function xLabelExpr(plot: Plot, wrap?: number): string {
  const labels: Record<string, string | string[]> = {};
  plot.x.forEach((x, i) => {
    const label = plot.xShort[i] ?? x;
    const lines = wrap && label.length > wrap ? wrapLabel(label, wrap) : [label];
    labels[x] = lines.length > 1 ? lines : label;
  });
  return `${JSON.stringify(labels)}[datum.value]`;
}

/** The smallest and largest value plotted, over every series. */
export function valueRange(plot: Plot): { min: number; max: number } {
  const all = plot.series.flatMap((s) => s.values);
  return { min: Math.min(...all), max: Math.max(...all) };
}

/**
 * Whether a line chart's value axis may leave out zero: when every value
 * is well above it (the lowest more than a third of the highest), zero
 * would flatten the line, so the axis starts near the data and says so.
 */
export function lineLeavesZero(plot: Plot): boolean {
  const { min, max } = valueRange(plot);
  return min > 0 && min > max / 3;
}

/** A Vega expression printing a value-axis label: `%` after percentages, else the number alone. */
export function valueLabelExpr(unit: string | undefined): string {
  return unit === "percent" ? "format(datum.value, ',') + '%'" : "format(datum.value, ',')";
}
