import { describe, expect, it } from "vitest";
import { poolStrategy, RenderError, RenderPool, type Renderer } from "../../src/stages/6-render/index.js";

/**
 * The render pool without a browser: fake renderers record which browser
 * each page opened in and how many pages were open at once, so the two
 * strategies, recycling, and the failure rules are checked exactly.
 */

interface Fake {
  open: () => Promise<Renderer>;
  /** Per browser started: pages opened, whether it was closed. */
  browsers: { pages: number; closed: boolean }[];
  /** The most pages printing at the same moment. */
  peak: () => number;
  /** Every preopen(count) call, per browser. */
  preopened: number[][];
}

function fakes(fail?: (browser: number) => RenderError | undefined): Fake {
  const browsers: Fake["browsers"] = [];
  const preopened: number[][] = [];
  let active = 0;
  let peak = 0;
  const open = (): Promise<Renderer> => {
    const index = browsers.length;
    const state = { pages: 0, closed: false };
    browsers.push(state);
    preopened.push([]);
    return Promise.resolve({
      preopen: (count: number) => preopened[index]?.push(count),
      openPage: () => {
        const error = fail?.(index);
        if (error) return Promise.reject(error);
        state.pages++;
        active++;
        peak = Math.max(peak, active);
        return Promise.resolve({
          browserVersion: "FakeChrome/1.0",
          print: () => Promise.reject(new Error("not used")),
          close: () => {
            active--;
            return Promise.resolve();
          },
        });
      },
      close: () => {
        state.closed = true;
        return Promise.resolve();
      },
    });
  };
  return { open, browsers, peak: () => peak, preopened };
}

/** A job that holds its page for a few event-loop turns, so jobs overlap when the pool lets them. */
const hold = () => new Promise<void>((resolve) => setTimeout(resolve, 5));

describe("RenderPool", () => {
  it('"browsers": each of the jobs slots has a browser of its own, and pages run jobs at a time', async () => {
    const f = fakes();
    const pool = new RenderPool({ jobs: 2, strategy: "browsers", open: f.open });
    await Promise.all(Array.from({ length: 6 }, () => pool.withPage("/tmp", hold)));
    await pool.close();
    expect(f.browsers.map((b) => b.pages)).toEqual([3, 3]);
    expect(f.peak()).toBe(2);
    expect(f.browsers.every((b) => b.closed)).toBe(true);
  });

  it('"pages": one browser serves every job, still jobs pages at a time', async () => {
    const f = fakes();
    const pool = new RenderPool({ jobs: 2, strategy: "pages", open: f.open });
    await Promise.all(Array.from({ length: 6 }, () => pool.withPage("/tmp", hold)));
    await pool.close();
    expect(f.browsers.map((b) => b.pages)).toEqual([6]);
    expect(f.peak()).toBe(2);
  });

  it("warm starts the browsers and opens the pages the first editions will print on", async () => {
    const pages = fakes();
    const shared = new RenderPool({ jobs: 2, strategy: "pages", open: pages.open });
    void shared.warm(3);
    await shared.close();
    expect(pages.preopened).toEqual([[2]]);

    const one = fakes();
    const single = new RenderPool({ jobs: 2, strategy: "pages", open: one.open });
    void single.warm(1);
    await single.close();
    expect(one.preopened).toEqual([[1]]);

    const own = fakes();
    const separate = new RenderPool({ jobs: 2, strategy: "browsers", open: own.open });
    void separate.warm(3);
    await separate.close();
    expect(own.preopened).toEqual([[1], [1]]);
  });

  it("replaces a browser after recycleAfter editions and closes the old one", async () => {
    const f = fakes();
    const pool = new RenderPool({ jobs: 1, recycleAfter: 2, open: f.open });
    for (let i = 0; i < 5; i++) await pool.withPage("/tmp", hold);
    expect(f.browsers.map((b) => b.pages)).toEqual([2, 2, 1]);
    expect(f.browsers.map((b) => b.closed)).toEqual([true, true, false]);
    await pool.close();
    expect(f.browsers.every((b) => b.closed)).toBe(true);
  });

  it("a crash retires only that browser; no browser at all fails every later job at once", async () => {
    const crashed = fakes((b) => (b === 0 ? new RenderError("crash", "gone") : undefined));
    const pool = new RenderPool({ jobs: 1, open: crashed.open });
    await expect(pool.withPage("/tmp", hold)).rejects.toMatchObject({ reason: "crash" });
    await pool.withPage("/tmp", hold);
    expect(crashed.browsers.map((b) => b.pages)).toEqual([0, 1]);
    await pool.close();

    const missing = fakes(() => new RenderError("no-browser", "none"));
    const dead = new RenderPool({ jobs: 2, open: missing.open });
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => dead.withPage("/tmp", hold)));
    expect(results.map((r) => r.status)).toEqual(["rejected", "rejected", "rejected", "rejected"]);
    expect(missing.browsers.length).toBeLessThanOrEqual(2);
    await dead.close();
  });

  it("warm() resolves once the browser's process is launching, before the browser is ready, or when it fails", async () => {
    let ready: (r: Renderer) => void = () => undefined;
    const slow = new RenderPool({
      jobs: 1,
      open: ({ onLaunching }) => {
        setTimeout(() => onLaunching?.(), 1);
        return new Promise<Renderer>((resolve) => (ready = resolve));
      },
    });
    // Would time out if warm() waited for the renderer, which resolves only below.
    await slow.warm(1);
    ready(await fakes().open());
    await slow.close();

    const failing = new RenderPool({
      jobs: 1,
      open: () => Promise.reject(new RenderError("no-browser", "none")),
    });
    await expect(failing.warm(1)).resolves.toBeUndefined();
    await expect(failing.withPage("/tmp", hold)).rejects.toMatchObject({ reason: "no-browser" });
  });

  it("takes its strategy from BRIEF_POOL_STRATEGY, ignoring anything else", () => {
    expect(poolStrategy({})).toBe("pages");
    expect(poolStrategy({ BRIEF_POOL_STRATEGY: "pages" })).toBe("pages");
    expect(poolStrategy({ BRIEF_POOL_STRATEGY: "browsers" })).toBe("browsers");
    expect(poolStrategy({ BRIEF_POOL_STRATEGY: "threads" })).toBe("pages");
  });
});
