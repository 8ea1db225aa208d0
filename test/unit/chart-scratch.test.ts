import { writeFileSync } from "node:fs";
import { it, expect } from "vitest";
import { renderChart } from "../../src/stages/5-layout/charts.js";
import { chartProject, loadRoot, miniOf } from "../helpers-charts.js";

it("scratch", async () => {
  const { value, diagnostics } = await loadRoot(chartProject());
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  const { brief, facts } = miniOf(value);
  for (const [id, c] of brief.charts) {
    const r = await renderChart(id, c.value, { facts, table: brief.tables?.get(id), lang: "en-GB", sourceIds: new Set(brief.sources.keys()) }, { font: "Source Sans 3", accent: "#1f4e79", ink: "#1a1a1a" });
    writeFileSync(`/tmp/i31-${id}.svg`, r.svg);
    writeFileSync(`/tmp/i31-${id}.alt.txt`, r.alt);
  }
});
