import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { runBuild } from "../../src/pipeline/index.js";
import { tempProject } from "../helpers.js";
import { eventually, faultyChromium, ourChromium, rssMb, survivors } from "./support.js";
import { limit } from "../slowness.js";

/**
 * 50 builds in a row in one process, through the API (HTML and PDF of one
 * small edition each, so a browser is started and closed 50 times).
 * Afterwards memory is back near where it started and no Chromium process
 * of ours remains. RSS is read after a forced full GC; the first ten builds
 * warm up module caches, so the baseline is their average and it is
 * compared with the average of the last ten.
 */

const BUILDS = 50;
const ALLOWED_GROWTH_MB = 150;

describe("soak", () => {
  it(
    `${BUILDS} builds in a row: RSS returns near baseline, no Chromium left`,
    async () => {
      const root = tempProject();
      const { seen, seams } = faultyChromium();
      const rss: number[] = [];
      const started = performance.now();
      for (let i = 0; i < BUILDS; i++) {
        // No cache: every build must start, use and close a browser.
        const r = await runBuild({ root, audiences: ["beta"], cache: false }, seams);
        expect(r.exitCode).toBe(0);
        rss.push(rssMb());
      }
      const avg = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;
      const first = avg(rss.slice(0, 10));
      const last = avg(rss.slice(-10));
      console.log(
        `${BUILDS} builds in ${Math.round((performance.now() - started) / 1000)} s; RSS after GC: first-10 avg ${first.toFixed(1)} MB, last-10 avg ${last.toFixed(1)} MB, max ${Math.max(...rss).toFixed(1)} MB`,
      );
      expect(last - first).toBeLessThan(ALLOWED_GROWTH_MB);
      expect(seen).toHaveLength(BUILDS);
      expect(await eventually(() => survivors(seen).length === 0)).toBe(true);
      expect(ourChromium()).toEqual([]);
      for (const s of seen) expect(existsSync(s.userDataDir)).toBe(false);
    },
    limit(480_000),
  );
});
