import { symlinkSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { dataDigest } from "../../src/pipeline/inputs.js";
import { errors, lines } from "../helpers.js";
import { chartProject, inflationWithLine, loadRoot, miniOf } from "../helpers-charts.js";

/** A chart's data file is read at load, checked cell by cell, and keyed into the build cache. */

describe("chart data files", () => {
  it("reads the x column and each series in the author's order, dates recognised", async () => {
    const { value, diagnostics } = await loadRoot(chartProject());
    expect(errors(diagnostics)).toEqual([]);
    const { brief } = miniOf(value);
    const t = brief.tables?.get("inflation");
    expect(t?.file).toBe("content/mini/data/inflation.csv");
    expect(t?.xKind).toBe("date");
    expect(t?.x).toHaveLength(24);
    expect(t?.x[0]).toBe("2023-01");
    expect(t?.series.map((s) => s.label)).toEqual(["Headline inflation", "Core inflation"]);
    expect(t?.series[0]?.values.slice(0, 3)).toEqual([2.1, 2.0, 1.9]);
    expect(brief.tables?.get("spending-bar")?.xKind).toBe("category");
    expect(brief.tables?.get("ranges")?.x).toEqual(["North", "South", "East"]);
  });

  it("a non-numeric cell on line 14 is one error at its line and column", async () => {
    const root = chartProject({ "content/mini/data/inflation.csv": inflationWithLine(14, "2024-01,n/a,2.7") });
    const { diagnostics } = await loadRoot(root);
    expect(lines(errors(diagnostics))).toEqual([
      'content/mini/data/inflation.csv:14:9: error chart "inflation": column "headline" has "n/a", which is not a number charts/data-non-numeric',
    ]);
  });

  it("a bad cell in a JSON data file is reported at its row's line", async () => {
    const root = chartProject({
      "content/mini/data/ranges.json":
        '[\n  { "region": "North", "low": 1.2, "high": 3.4 },\n  { "region": "South", "low": "low", "high": 2.1 }\n]\n',
    });
    const found = errors((await loadRoot(root)).diagnostics);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      file: "content/mini/data/ranges.json",
      line: 3,
      column: 3,
      ruleId: "charts/data-non-numeric",
    });
  });

  it("a data file reached through a symbolic link out of the brief folder is refused", async () => {
    const root = chartProject();
    symlinkSync(
      path.join(root, "content", "mini", "brief.yaml"),
      path.join(root, "content", "mini", "data", "link.csv"),
    );
    const outside = chartProject();
    symlinkSync(
      path.join(outside, "content", "mini", "data", "spending.csv"),
      path.join(root, "content", "mini", "data", "away.csv"),
    );
    const { writeFileSync, readFileSync } = await import("node:fs");
    const charts = path.join(root, "content", "mini", "charts.yaml");
    writeFileSync(
      charts,
      readFileSync(charts, "utf8").replace(
        "data: data/spending.csv\n  x: sector\n  series:\n    - { column: public, label: Public }\n    - { column: private, label: Private }\n  unit: percent\n  x_title: Share of GDP\n  source: src-one\n  as_of: 2025-01-31\nspending-stacked-bar",
        "data: data/away.csv\n  x: sector\n  series:\n    - { column: public, label: Public }\n    - { column: private, label: Private }\n  unit: percent\n  x_title: Share of GDP\n  source: src-one\n  as_of: 2025-01-31\nspending-stacked-bar",
      ),
    );
    const found = errors((await loadRoot(root)).diagnostics);
    expect(found.map((d) => [d.ruleId, d.message])).toEqual([
      ["charts/data-missing", 'chart "spending-bar": data file "data/away.csv" resolves outside the brief\'s folder'],
    ]);
    expect(found[0]?.file).toBe("content/mini/charts.yaml");
  });

  it("an edited data file changes the digest of exactly the charts that draw it", async () => {
    const before = miniOf((await loadRoot(chartProject())).value).brief;
    const after = miniOf(
      (await loadRoot(chartProject({ "content/mini/data/inflation.csv": inflationWithLine(14, "2024-01,2.95,2.7") })))
        .value,
    ).brief;
    const changed = [...before.charts.keys()].filter(
      (id) => dataDigest(before, "charts", id) !== dataDigest(after, "charts", id),
    );
    expect(changed).toEqual(["inflation", "inflation-columns"]);
  });
});

describe("chart data's age", () => {
  it("is flagged by brief check, naming the chart, when older than the review period", async () => {
    const { check } = await import("../../src/index.js");
    const root = chartProject({
      "content/mini/charts.yaml": (await import("node:fs"))
        .readFileSync(path.join(chartProject(), "content", "mini", "charts.yaml"), "utf8")
        .replace("  as_of: 2024-12-31\ninflation-columns", "  as_of: 2023-06-30\ninflation-columns"),
    });
    const result = await check({ root, render: false });
    const stale = result.diagnostics.filter((d) => d.ruleId === "charts/stale");
    expect(lines(stale)).toEqual([
      'content/mini/charts.yaml:18:10: warning chart "inflation" shows data as of 2023-06-30, 593 days before the edition date 2025-02-12 (review period 365 days) charts/stale',
    ]);
  });
});

describe("the preview", () => {
  it("re-prepares the editions of a brief whose chart data file was saved", async () => {
    const { plan } = await import("../../src/stages/2-plan/index.js");
    const { affectedBy, inputsOf } = await import("../../src/preview/deps.js");
    const root = chartProject();
    const { value } = await loadRoot(root);
    if (!value) throw new Error("the chart fixture did not load");
    const inputs = plan(value).editions.map(({ edition }) => inputsOf(edition, root, []));
    const csv = path.join(root, "content", "mini", "data", "inflation.csv");
    const watched = {
      contentDir: path.join(root, "content"),
      templatesDir: path.join(root, "templates"),
      fontDirs: [],
    };
    expect([...affectedBy([csv], inputs, watched)].sort()).toEqual(["mini-alpha", "mini-beta"]);
    const unused = path.join(root, "content", "mini", "data", "notes.csv");
    expect([...affectedBy([unused], inputs, watched)]).toEqual([]);
  });
});
