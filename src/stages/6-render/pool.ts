import { withDeadline } from "../../lib/deadline.js";
import { RenderError, type EditionPage, type Renderer } from "./index.js";

/**
 * A pool of browser pages for rendering editions concurrently (`--jobs`).
 *
 * `jobs` slots each own one browser and reuse it (strategy "browsers"), or
 * share a single browser with one page each (strategy "pages"); see
 * DEFAULT_STRATEGY for which one a build uses and why. A browser is
 * recycled after `recycleAfter` editions, so a long build's memory does not
 * grow with the number of editions. A crash or a time-out closes the
 * browser it happened in, and the next edition gets a fresh one. When no
 * browser can be started at all, every later job fails at once with the
 * same error instead of trying again.
 */

export type PoolStrategy = "browsers" | "pages";

/**
 * Pages of one browser. Measured with `make bench` on the 2-core reference
 * machine (docs/benchmark.md): 12 editions with --jobs 2 took 15.74 s as
 * two pages of one browser, 15.70 s as two browsers and 16.72 s with
 * --jobs 1 (an earlier run: 17.4 s, 22.1 s and 20.0 s). A Chromium already
 * spreads one print over several processes (browser, renderer, GPU), so a
 * second browser buys no parallelism on two cores; it adds a launch and
 * ~150 MB. A machine with more cores may measure otherwise: set
 * BRIEF_POOL_STRATEGY=browsers and run `make bench`.
 */
export const DEFAULT_STRATEGY: PoolStrategy = "pages";
/**
 * The strategy a build uses: DEFAULT_STRATEGY, unless the environment sets
 * BRIEF_POOL_STRATEGY to "pages" or "browsers" (how `make bench` measures the
 * other one; any other value is ignored).
 */
export function poolStrategy(env: NodeJS.ProcessEnv): PoolStrategy {
  const asked = env.BRIEF_POOL_STRATEGY;
  return asked === "pages" || asked === "browsers" ? asked : DEFAULT_STRATEGY;
}
/** Editions a browser renders before it is replaced. */
export const DEFAULT_RECYCLE_AFTER = 20;

/** How the pool starts browsers and how many pages it runs at once. */
export interface PoolOptions {
  readonly jobs: number;
  /** Start a browser; `onLaunching` as in RendererOptions. */
  readonly open: (hooks: { readonly onLaunching?: () => void }) => Promise<Renderer>;
  readonly strategy?: PoolStrategy;
  readonly recycleAfter?: number;
}

/** A browser and how many editions it has served; `active` pages are open in it. */
interface Browser {
  readonly renderer: Promise<Renderer>;
  /** Settles once its process runs (or it failed to start): see `warm`. */
  readonly launching: Promise<void>;
  served: number;
  active: number;
  retired: boolean;
}

const PAGE_CLOSE_MS = 2000;
const FATAL_TO_BROWSER = new Set<RenderError["reason"]>(["crash", "timeout"]);
const FATAL_TO_POOL = new Set<RenderError["reason"]>(["no-browser", "launch"]);

/** Runs jobs on pages, at most `jobs` at a time. */
export class RenderPool {
  private readonly jobs: number;
  private readonly strategy: PoolStrategy;
  private readonly recycleAfter: number;
  private readonly slots: (Browser | undefined)[];
  private readonly free: number[];
  private readonly waiting: ((slot: number) => void)[] = [];
  private readonly open: PoolOptions["open"];
  private readonly all = new Set<Browser>();
  private dead: RenderError | undefined;
  private closed = false;
  private closing: Promise<void> | undefined;

  constructor(options: PoolOptions) {
    this.jobs = Math.max(1, Math.floor(options.jobs));
    this.strategy = options.strategy ?? DEFAULT_STRATEGY;
    this.recycleAfter = options.recycleAfter ?? DEFAULT_RECYCLE_AFTER;
    this.open = options.open;
    this.slots = Array.from({ length: this.strategy === "browsers" ? this.jobs : 1 }, () => undefined);
    this.free = Array.from({ length: this.jobs }, (_, i) => i);
  }

  /**
   * Start browsers now, for up to `editions` editions, and open the pages
   * they will print on, so that both happen while the editions are still
   * being prepared. Resolves once each browser's process is running (or
   * failed to start; the first print reports that): a caller that awaits it
   * before its own CPU-heavy work lets the browsers boot alongside that
   * work instead of after it (on two cores, starting Chromium while the
   * editions were prepared delayed the launch by the whole preparation).
   */
  warm(editions = 1): Promise<void> {
    if (this.dead || this.closed) return Promise.resolve();
    const pages = this.strategy === "browsers" ? 1 : Math.min(editions, this.jobs);
    const launching: Promise<void>[] = [];
    for (let i = 0; i < Math.min(editions, this.slots.length); i++) {
      const browser = this.browserFor(i);
      launching.push(browser.launching);
      void browser.renderer.then(
        (r) => r.preopen?.(pages),
        () => undefined,
      );
    }
    return Promise.all(launching).then(() => undefined);
  }

  /** Run `job` on a fresh page allowed to load files under `allowedDir`. */
  async withPage<T>(allowedDir: string, job: (page: EditionPage) => Promise<T>): Promise<T> {
    const slot = await this.acquire();
    try {
      if (this.dead) throw this.dead;
      const browser = this.browserFor(this.strategy === "browsers" ? slot : 0);
      browser.active++;
      try {
        const page = await this.openPage(browser, allowedDir);
        try {
          return await job(page);
        } finally {
          // A page wedged by a hung print may never close; its browser is closed below in that case.
          await withDeadline(page.close(), PAGE_CLOSE_MS, () => new Error("page close timed out")).catch(
            () => undefined,
          );
        }
      } catch (e) {
        if (e instanceof RenderError && FATAL_TO_BROWSER.has(e.reason)) browser.retired = true;
        throw e;
      } finally {
        browser.active--;
        browser.served++;
        if (browser.served >= this.recycleAfter) browser.retired = true;
        if (browser.retired && browser.active === 0) await this.retire(browser);
      }
    } finally {
      this.release(slot);
    }
  }

  /** Close every browser; the pool cannot be used afterwards. */
  close(): Promise<void> {
    this.closed = true;
    this.closing ??= Promise.all([...this.all].map((b) => this.retire(b))).then(() => undefined);
    return this.closing;
  }

  private async openPage(browser: Browser, allowedDir: string): Promise<EditionPage> {
    try {
      return await (await browser.renderer).openPage(allowedDir);
    } catch (e) {
      if (e instanceof RenderError && FATAL_TO_POOL.has(e.reason)) this.dead ??= e;
      browser.retired = true;
      throw this.dead ?? e;
    }
  }

  /** The live browser for a slot, starting one if it has none or its browser is retired. */
  private browserFor(index: number): Browser {
    const current = this.slots[index];
    if (current && !current.retired) return current;
    let launched = (): void => undefined;
    const launching = new Promise<void>((resolve) => (launched = resolve));
    const renderer = this.open({ onLaunching: () => launched() });
    void renderer.then(launched, launched);
    const browser: Browser = { renderer, launching, served: 0, active: 0, retired: false };
    this.slots[index] = browser;
    this.all.add(browser);
    return browser;
  }

  private async retire(browser: Browser): Promise<void> {
    browser.retired = true;
    if (!this.all.delete(browser)) return;
    const renderer = await browser.renderer.catch(() => undefined);
    await renderer?.close();
  }

  private acquire(): Promise<number> {
    const slot = this.free.shift();
    if (slot !== undefined) return Promise.resolve(slot);
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private release(slot: number): void {
    const next = this.waiting.shift();
    if (next) next(slot);
    else this.free.push(slot);
  }
}
