import { readdir, readFile, rm, stat } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import type { Chart, Fact } from "../config/schemas.js";
import { sha256 } from "../lib/hash.js";
import type { RenderedChart } from "../model.js";
import type { ChartStyle } from "../stages/5-layout/charts.js";
import { CACHE_DIR, sealed, unsealed, writeAtomic } from "./cache.js";
import { pipelineFingerprint } from "./fingerprint.js";

/**
 * Charts drawn before, by content: a chart whose spec, plotted facts and
 * style are unchanged, drawn by the same pipeline code and dependencies, is
 * the same SVG, so it is read back instead of drawn, and Vega (the largest
 * module the pipeline loads) is not loaded at all. This is what keeps
 * `brief check --no-render` and a build after a text edit quick.
 *
 *   <root>/.cache/brief/charts/<key>.json
 *
 * The key hashes everything `renderChart` reads. A file is served only
 * when it passes its own checksum and schema and names the key it is
 * stored under; anything else is a miss, drawn again and rewritten.
 * `--no-cache` neither reads nor writes here; `brief clean` removes it.
 */

export interface ChartStore {
  get(key: string): Promise<RenderedChart | undefined>;
  put(key: string, chart: RenderedChart): Promise<void>;
}

const FORMAT_VERSION = 2;
/** Chart files kept by `prune` (the most recently written). */
const KEEP = 200;

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/);
const Stored = z
  .object({
    version: z.literal(FORMAT_VERSION),
    key: Hex64,
    chart: z
      .object({
        id: z.string(),
        title: z.string(),
        alt: z.string(),
        svg: z.string(),
        sources: z.array(z.string()),
        sourceLine: z.string().optional(),
        asOf: z.string().optional(),
        data: z
          .object({ head: z.array(z.string()), rows: z.array(z.array(z.string())) })
          .strict()
          .optional(),
      })
      .strict(),
    checksum: Hex64,
  })
  .strict();

const chartsDir = (root: string): string => path.join(root, CACHE_DIR, "charts");

/** What else a chart's drawing depends on: the brief's language, its data file's hash, whether its source is cited. */
export interface ChartContext {
  readonly lang: string;
  readonly table: string | undefined;
  readonly cited: boolean;
}

/** The key of a chart: its id and spec, the facts (or data file) it plots, its style, and the pipeline's identity. */
export async function chartKey(
  id: string,
  chart: Chart,
  facts: readonly (Fact | undefined)[],
  style: ChartStyle,
  context: ChartContext,
): Promise<string> {
  const pipeline = await pipelineFingerprint();
  return sha256(JSON.stringify({ v: FORMAT_VERSION, pipeline, id, chart, facts, style, context }));
}

/** The chart store of the project at `root`. */
export function chartStore(root: string): ChartStore {
  const file = (key: string): string => path.join(chartsDir(root), `${key}.json`);
  return {
    get: async (key) => {
      const text = await readFile(file(key), "utf8").catch(() => undefined);
      const stored = text === undefined ? undefined : unsealed(text, Stored);
      return stored?.key === key ? stored.chart : undefined;
    },
    put: async (key, chart) => {
      await writeAtomic(file(key), sealed({ version: FORMAT_VERSION, key, chart }));
    },
  };
}

/** Keep the KEEP most recently written charts: facts change, and old charts would otherwise pile up. */
export async function pruneCharts(root: string): Promise<void> {
  const dir = chartsDir(root);
  const names = await readdir(dir).catch(() => [] as string[]);
  if (names.length <= KEEP) return;
  const dated = await Promise.all(
    names.map(async (n) => ({ n, t: (await stat(path.join(dir, n)).catch(() => undefined))?.mtimeMs ?? 0 })),
  );
  dated.sort((a, b) => b.t - a.t);
  for (const { n } of dated.slice(KEEP)) await rm(path.join(dir, n), { force: true });
}
