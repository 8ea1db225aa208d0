import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import type { RenderedChart } from "../../src/model.js";
import { plotOf } from "../../src/stages/5-layout/chart-plot.js";
import { chartSpec } from "../../src/stages/5-layout/chart-spec.js";
import { renderChart } from "../../src/stages/5-layout/charts.js";
import { REPO } from "../helpers.js";
import { chartProject, loadRoot, miniOf } from "../helpers-charts.js";

/**
 * Golden Vega-Lite specs of every chart in the chart fixture (one per type,
 * from facts and from CSV and JSON files), compared byte for byte with
 * test/golden/charts/<id>.vl.json (`UPDATE=1` rewrites them; a reviewer
 * reads the diff), and what the drawn SVGs must hold: the author's order,
 * one point per row, labels of at least 7 pt in the bundled face.
 */

const DIR = path.join(REPO, "test", "golden", "charts");
const STYLE = { font: "Source Sans 3", accent: "#1f4e79", ink: "#1a1a1a" };
const drawn = new Map<string, RenderedChart>();
const specs = new Map<string, string>();

beforeAll(async () => {
  const { value } = await loadRoot(chartProject());
  const { brief, facts } = miniOf(value);
  const sourceIds = new Set(brief.sources.keys());
  for (const [id, c] of brief.charts) {
    const table = brief.tables?.get(id);
    specs.set(id, `${JSON.stringify(chartSpec(c.value, plotOf(id, c.value, facts, table, "en-GB"), STYLE), null, 2)}\n`);
    drawn.set(id, await renderChart(id, c.value, { facts, table, lang: "en-GB", sourceIds }, STYLE));
  }
});

const svgOf = (id: string): string => drawn.get(id)?.svg ?? "";
/** Each text element's content and its y position, in document order. */
const texts = (svg: string): { text: string; y: number }[] =>
  [...svg.matchAll(/<text[^>]*transform="translate\(([-\d.]+),([-\d.]+)\)"[^>]*>([^<]*)<\/text>/g)].map((m) => ({
    text: m[3] ?? "",
    y: Number(m[2]),
  }));

describe("charts", () => {
  it("match their golden Vega-Lite specs", () => {
    expect([...specs.keys()].sort()).toEqual([
      "costs",
      "inflation",
      "inflation-columns",
      "ranges",
      "spending-bar",
      "spending-stacked-bar",
      "spending-stacked-column",
    ]);
    for (const [id, spec] of specs) {
      const file = path.join(DIR, `${id}.vl.json`);
      if (process.env.UPDATE === "1" || !existsSync(file)) {
        mkdirSync(DIR, { recursive: true });
        writeFileSync(file, spec);
      }
      expect(spec, `${id} differs from test/golden/charts/${id}.vl.json (UPDATE=1 to accept)`).toBe(
        readFileSync(file, "utf8"),
      );
    }
  });

  it("draw a line of one point per row, one line per series", () => {
    const lines = [...svgOf("inflation").matchAll(/<g class="mark-line[^>]*>((?:<path[^>]*>)+)/g)].flatMap((m) =>
      [...(m[1] ?? "").matchAll(/d="(M[^"]*)"/g)].map((d) => d[1] ?? ""),
    );
    expect(lines).toHaveLength(2);
    for (const d of lines) expect(d.split(/[ML]/).filter(Boolean)).toHaveLength(24);
  });

  it("keep the author's order: the first category is drawn at the top", () => {
    const order = (id: string, names: string[]): number[] =>
      names.map((n) => texts(svgOf(id)).find((t) => t.text === n)?.y ?? NaN);
    const costs = order("costs", ["Reported cost", "Estimate"]);
    expect(costs[0]).toBeLessThan(costs[1] ?? NaN);
    const sectors = order("spending-bar", ["Health", "Education", "Defence", "Transport"]);
    expect([...sectors].sort((a, b) => a - b)).toEqual(sectors);
    expect(texts(svgOf("inflation")).map((t) => t.text).filter((t) => /inflation/.test(t))).toEqual([
      "Headline inflation",
      "Core inflation",
    ]);
  });

  it("print their labels at 7 pt or more, in the bundled sans face", () => {
    for (const [id] of drawn) {
      const svg = svgOf(id);
      const width = Number(/<svg[^>]* width="([\d.]+)"/.exec(svg)?.[1]);
      // 122 mm text measure = 461 CSS px: a narrower SVG prints at its own size, 1 px = 0.75 pt.
      expect(width, id).toBeLessThanOrEqual(461);
      const sizes = [...svg.matchAll(/font-size="([\d.]+)px"/g)].map((m) => Number(m[1]));
      expect(sizes.length, id).toBeGreaterThan(0);
      expect(Math.min(...sizes) * 0.75, id).toBeGreaterThanOrEqual(7);
      const families = new Set([...svg.matchAll(/font-family="([^"]*)"/g)].map((m) => m[1]));
      expect([...families], id).toEqual(["&quot;Source Sans 3&quot;, &quot;Noto Sans SC&quot;, &quot;Noto Sans Arabic&quot;"]);
    }
  });

  it("write alternative text from the data when the author gives none; the author's wins", () => {
    expect(drawn.get("inflation")?.alt).toBe(
      "Line chart of Headline inflation and Core inflation, January 2023 to December 2024: Headline inflation rose above core inflation in 2024. " +
        "Headline inflation: first 2.1% (January 2023), last 3.4% (December 2024), lowest 1.9% (March 2023), highest 3.6% (September 2024). " +
        "Core inflation: first 2.6% (January 2023), last 3.1% (December 2024), lowest 2.4% (June 2023), highest 3.1% (November 2024).",
    );
    expect(svgOf("inflation")).toContain('aria-label="Line chart of Headline inflation and Core inflation, January 2023');
    expect(drawn.get("costs")?.alt).toBe("Bar chart comparing the reported cost with the estimate.");
  });

  it("start bar, column and stacked value axes at zero; mark a line axis that does not", () => {
    for (const id of ["spending-bar", "spending-stacked-bar", "spending-stacked-column", "inflation-columns"])
      expect(texts(svgOf(id)).some((t) => t.text === "0%"), id).toBe(true);
    expect(texts(svgOf("inflation")).some((t) => t.text === "0%")).toBe(false);
    expect(svgOf("inflation")).toContain("The value axis does not start at zero.");
    expect(svgOf("spending-bar")).not.toContain("does not start at zero");
  });

  it("carry their data table, source and as-of date", () => {
    const c = drawn.get("inflation");
    expect(c?.data?.head).toEqual(["month", "Headline inflation", "Core inflation"]);
    expect(c?.data?.rows).toHaveLength(24);
    expect(c?.data?.rows[13]).toEqual(["February 2024", "3%", "2.7%"]);
    expect(c?.sources).toEqual(["src-three"]);
    expect(c?.asOf).toBe("31 December 2024");
    expect(drawn.get("inflation-columns")?.sourceLine).toBe("Statistics office, monthly release");
  });

  it("label a time axis at calendar steps, dates in the house style", () => {
    const labels = texts(svgOf("inflation")).map((t) => t.text).filter((t) => /20\d\d$/.test(t));
    expect(labels).toEqual(["Jan 2023", "Apr 2023", "Jul 2023", "Oct 2023", "Jan 2024", "Apr 2024", "Jul 2024", "Oct 2024"]);
  });
});
