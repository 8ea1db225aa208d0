import type { Element, ElementContent } from "hast";
import type { RenderedChart } from "../../model.js";

/**
 * The values of a chart drawn from a data file, as an HTML table in a
 * `<details>` under the chart: a reader who cannot see the chart, or wants
 * the exact figures, opens it. Print hides it (print.css); the PDF carries
 * the written alternative text instead.
 */

const text = (value: string): ElementContent => ({ type: "text", value });
const el = (tagName: string, children: ElementContent[], properties: Element["properties"] = {}): Element => ({
  type: "element",
  tagName,
  properties,
  children,
});

/** The `<details>` holding a chart's data table, or nothing when the chart has no table. */
export function chartDataDetails(chart: RenderedChart): Element[] {
  if (!chart.data) return [];
  const [first = "", ...rest] = chart.data.head;
  const head = el("tr", [
    el("th", [text(first)], { scope: "col" }),
    ...rest.map((h) => el("th", [text(h)], { scope: "col" })),
  ]);
  const rows = chart.data.rows.map(([x = "", ...values]) =>
    el("tr", [el("th", [text(x)], { scope: "row" }), ...values.map((v) => el("td", [text(v)]))]),
  );
  return [
    el("details", [el("summary", [text("The chart’s data")]), el("table", [el("thead", [head]), el("tbody", rows)])], {
      className: ["chart-data"],
    }),
  ];
}

/** The as-of sentence after a chart's source ("Data as of 31 December 2025."), when it gives a date. */
export function asOfText(chart: RenderedChart): ElementContent[] {
  return chart.asOf ? [text(`. Data as of ${chart.asOf}.`)] : [];
}
