import {
  DEFAULT_TIMEOUT_MS,
  openChromium,
  poolStrategy,
  RenderPool,
  type RendererFactory,
} from "../stages/6-render/index.js";
import { realFs, type WriteFs } from "../stages/8-write/index.js";
import { defaultJobs, type CommonOptions } from "./options.js";

/**
 * The pipeline's side effects that tests replace: how a browser is started
 * and how files reach the disk. `build()` and `check()` always use the real
 * ones; tests call `runBuild(options, seams)` with a faulty one (a killed
 * browser, a hanging print, a full disk). These are not public options.
 */
export interface Seams {
  readonly openRenderer: RendererFactory;
  readonly fs: WriteFs;
}

/** Production seams: Chromium through puppeteer, and the real file system. */
export const REAL_SEAMS: Seams = { openRenderer: openChromium, fs: realFs };

/** The pool build and check print on: `jobs` pages at once, the strategy the environment asks for, browsers from `seams`. */
export function renderPool(seams: Seams, o: CommonOptions): RenderPool {
  const env = o.env ?? process.env;
  const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return new RenderPool({
    jobs: o.jobs ?? defaultJobs(),
    strategy: poolStrategy(env),
    open: (hooks) => seams.openRenderer({ timeoutMs, env, ...hooks }),
  });
}
