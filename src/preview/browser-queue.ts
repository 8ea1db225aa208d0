import { RenderError, type Renderer, type RendererFactory, type RendererOptions } from "../stages/6-render/index.js";

/**
 * One browser for the whole preview session, opened when first needed and
 * used by one job at a time (measuring page breaks, printing a PDF), since
 * the machine's cores are better spent on one print than on three. A
 * browser that crashed or hung is closed and a fresh one serves the next
 * job. Closing is bounded in time: the caller then removes whatever is left.
 */

/** Failures after which the browser is not trusted with another job. */
const FATAL = new Set<RenderError["reason"]>(["launch", "crash", "timeout"]);

/** Jobs for one lazily opened browser, run in order. */
export class BrowserQueue {
  private renderer: Promise<Renderer> | undefined;
  private tail: Promise<unknown> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly open: RendererFactory,
    private readonly options: RendererOptions,
  ) {}

  /** Run `job` with the browser once the jobs queued before it are done. */
  run<T>(job: (renderer: Renderer) => Promise<T>): Promise<T> {
    const result = this.tail.then(async () => {
      if (this.closed) throw new RenderError("failed", "the preview is stopping");
      const opening = (this.renderer ??= this.open(this.options));
      let renderer: Renderer;
      try {
        renderer = await opening;
      } catch (cause) {
        this.renderer = undefined;
        throw cause;
      }
      try {
        return await job(renderer);
      } catch (cause) {
        if (cause instanceof RenderError && FATAL.has(cause.reason) && this.renderer === opening) {
          this.renderer = undefined;
          await renderer.close().catch(() => undefined);
        }
        throw cause;
      }
    });
    this.tail = result.catch(() => undefined);
    return result;
  }

  /** Refuse further jobs, close the browser and let the running job end, waiting at most `withinMs`. */
  async close(withinMs: number): Promise<void> {
    this.closed = true;
    const opening = this.renderer;
    this.renderer = undefined;
    const closing = opening ? opening.then((r) => r.close()).catch(() => undefined) : undefined;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      Promise.all([closing, this.tail]),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, withinMs))),
    ]);
    clearTimeout(timer);
  }
}
