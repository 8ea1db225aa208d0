import path from "node:path";
import { withDeadline } from "../../lib/deadline.js";
import type { RenderedPdf } from "../../model.js";

/**
 * Stage 6, render: Chromium turns a staged HTML file into a PDF.
 *
 * The stage is a small interface, so that the pipeline does not depend on
 * puppeteer and tests can pass a faulty implementation (a seam, not a
 * hook): a `RendererFactory` starts a `Renderer` (one browser), which opens
 * an `EditionPage` per edition, which may print several times (contents
 * passes). The real implementation is chromium.ts; browser.ts finds the
 * browser binary. Every print is bounded in time here, whatever the
 * implementation does.
 */

/** The default per-edition render time limit. */
export const DEFAULT_TIMEOUT_MS = 60_000;

/** Why rendering failed: exit code 3 territory (rule ids `render/<reason>`). */
export class RenderError extends Error {
  constructor(
    readonly reason: "no-browser" | "launch" | "crash" | "timeout" | "font" | "failed",
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "RenderError";
  }

  /** The rule id this failure is reported under. */
  get ruleId(): `render/${RenderError["reason"]}` {
    return `render/${this.reason}`;
  }
}

/** How a print is used. */
export interface PrintOptions {
  /**
   * Only to learn where headings fall (the first contents pass): the PDF
   * may leave out what does not move anything on the page (tags, the
   * outline, backgrounds), which makes it cheaper to print and to read.
   */
  readonly measure?: boolean;
  /**
   * The page last printed an earlier version of this same file, and only
   * its body changed (the head and the stylesheet are the same): the page
   * may swap in the new body instead of loading the file again, which
   * saves the navigation, the style sheets and the fonts. An
   * implementation may ignore it.
   */
  readonly bodyOnly?: boolean;
}

/** A page serving one edition; it may print several times (contents passes). */
export interface EditionPage {
  print(htmlFile: string, options?: PrintOptions): Promise<RenderedPdf>;
  close(): Promise<void>;
  /** The browser's own version string (e.g. "HeadlessChrome/156.0.8078.108"), for the edition's record. */
  readonly browserVersion: string;
}

/** A browser session; closing it ends every process it started. */
export interface Renderer {
  /** A page for one edition, allowed to load files under `allowedDir` only. */
  openPage(allowedDir: string): Promise<EditionPage>;
  /** Open up to `count` pages ahead of need (while editions are still being prepared); optional. */
  preopen?(count: number): void;
  close(): Promise<void>;
}

/** Options for starting a renderer. */
export interface RendererOptions {
  readonly timeoutMs: number;
  readonly env: NodeJS.ProcessEnv;
  /**
   * Called once the browser's process has been started and boots on its
   * own, before the renderer is ready: a caller with CPU-heavy work to do
   * meanwhile (preparing editions) starts it then, so that the work does
   * not hold up the launch itself. Optional for implementations.
   */
  readonly onLaunching?: () => void;
}

/** Starts a renderer; `openChromium` in production, something faulty in tests. */
export type RendererFactory = (options: RendererOptions) => Promise<Renderer>;

/** Print under the time limit; a print that takes longer fails with a `timeout` RenderError. */
export function printWithin(
  page: EditionPage,
  htmlFile: string,
  timeoutMs: number,
  options: PrintOptions = {},
): Promise<RenderedPdf> {
  return withDeadline(
    page.print(htmlFile, options),
    timeoutMs,
    () => new RenderError("timeout", `rendering ${path.basename(htmlFile)} took longer than ${timeoutMs} ms`),
  );
}

export { openChromium } from "./chromium.js";
export { poolStrategy, RenderPool, type PoolOptions, type PoolStrategy } from "./pool.js";
