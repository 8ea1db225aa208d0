import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { chartStore } from "../../src/pipeline/chart-store.js";
import { prepareProject } from "../../src/pipeline/prepare.js";
import type { RenderedChart } from "../../src/model.js";
import { tempProject } from "../helpers.js";

/**
 * The chart store: a chart drawn before is read back instead of drawn
 * (Vega is then not loaded), only when it is the same chart, and only
 * when the stored file is intact.
 */

const KEY = "a".repeat(64);
const chart: RenderedChart = { id: "c", title: "T", alt: "A", svg: "<svg>1</svg>", sources: ["s"] };
const chartsDir = (root: string): string => path.join(root, ".cache", "brief", "charts");

describe("chart store", () => {
  it("gives back what was put under the same key, and nothing under another", async () => {
    const root = tempProject();
    const store = chartStore(root);
    expect(await store.get(KEY)).toBeUndefined();
    await store.put(KEY, chart);
    expect(await store.get(KEY)).toEqual(chart);
    expect(await store.get("b".repeat(64))).toBeUndefined();
  });

  it("never serves a corrupt, truncated or foreign file", async () => {
    const root = tempProject();
    const store = chartStore(root);
    await store.put(KEY, chart);
    const file = path.join(chartsDir(root), `${KEY}.json`);
    const good = readFileSync(file, "utf8");
    writeFileSync(file, good.replace("<svg>1</svg>", "<svg>2</svg>"));
    expect(await store.get(KEY)).toBeUndefined();
    writeFileSync(file, good.slice(0, good.length - 10));
    expect(await store.get(KEY)).toBeUndefined();
    // A valid file of another key, copied under this one.
    const other = "c".repeat(64);
    await store.put(other, chart);
    writeFileSync(file, readFileSync(path.join(chartsDir(root), `${other}.json`)));
    expect(await store.get(KEY)).toBeUndefined();
    // Rewritten, it is served again.
    await store.put(KEY, chart);
    expect(await store.get(KEY)).toEqual(chart);
  });
});

describe("preparing with the chart store", () => {
  /** The chart's SVG in the edition that places it (the beta audience). */
  const svgOf = async (root: string, cache = true): Promise<string> => {
    const { prepared } = await prepareProject({ root, audiences: ["beta"], cache });
    const svg = [...(prepared[0]?.charts.values() ?? [])][0]?.svg;
    if (!svg) throw new Error("the beta edition placed no chart");
    return svg;
  };

  it("reads a chart drawn before, and draws again when a plotted fact changes", async () => {
    const root = tempProject();
    const drawn = await svgOf(root);
    expect(drawn).toContain("<svg");
    const stored = readdirSync(chartsDir(root));
    expect(stored).toHaveLength(1);
    // Mark the stored chart (a valid entry under the same key): the next prepare must show the mark.
    const key = (stored[0] ?? "").replace(/\.json$/, "");
    const store = chartStore(root);
    const known = await store.get(key);
    expect(known?.svg).toBe(drawn);
    await store.put(key, { ...(known as RenderedChart), svg: `${drawn}<!-- from the store -->` });
    expect(await svgOf(root)).toContain("<!-- from the store -->");
    // A changed value is a different chart: drawn, not read.
    const facts = path.join(root, "content/mini/facts.yaml");
    writeFileSync(facts, readFileSync(facts, "utf8").replace("value: 5576000", "value: 6000000"));
    const redrawn = await svgOf(root);
    expect(redrawn).not.toContain("<!-- from the store -->");
    expect(redrawn).not.toBe(drawn);
    expect(readdirSync(chartsDir(root))).toHaveLength(2);
  });

  it("with the cache off, neither reads nor writes", async () => {
    const root = tempProject();
    await svgOf(root, false);
    expect(existsSync(chartsDir(root))).toBe(false);
  });
});
