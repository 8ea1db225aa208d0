import { resolvePaths } from "../pipeline/options.js";
import { mkdir, rm } from "node:fs/promises";
import path from "node:path";
import { checkPageBudget } from "../checks/index.js";
import { diagnostic, type Diagnostic } from "../diagnostics/index.js";
import type { BrowserQueue } from "./browser-queue.js";
import { measure } from "./measure.js";
import { renderPdf } from "./pdf.js";
import type { PreviewEvent } from "./preview.js";
import type { EditionState, Session } from "./session.js";

/**
 * What the preview prints, in the one browser it shares (BrowserQueue, one
 * job at a time): page-break measurements, queued after each save and run
 * in the background, newest version first and once per version; and PDFs,
 * printed on request once per version.
 */

/** How long after a save measuring starts, so tabs fetch the new page first and a burst of saves is measured once. */
const MEASURE_DELAY_MS = 150;

/** Measurements and PDFs for the editions of a session. */
export class Printing {
  private readonly waiting = new Set<string>();
  private draining = false;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly pdfs = new Map<string, { hash: string; bytes: Promise<Uint8Array> }>();

  constructor(
    private readonly session: Session,
    private readonly browser: BrowserQueue,
    private readonly tmp: string,
    private readonly o: { timeoutMs: number; env: NodeJS.ProcessEnv; onEvent: (e: PreviewEvent) => void },
    /** Called after each measurement, done or failed. */
    private readonly measured: () => void,
  ) {}

  /** Whether an edition is waiting to be measured, or being measured. */
  measuring(name: string): boolean {
    return this.waiting.has(name);
  }

  /** Queue editions for measuring. */
  measureLater(names: readonly string[]): void {
    for (const n of names) this.waiting.add(n);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.drain(), MEASURE_DELAY_MS);
  }

  /** Stop measuring. */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
  }

  private async drain(): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      for (const name of this.waiting) {
        if (this.closed) return;
        const state = this.session.editions.get(name);
        const good = state?.good;
        if (!state || !good || state.measured?.hash === good.hash) {
          this.waiting.delete(name);
          continue;
        }
        await this.measureOne(state, good);
        if (this.closed) return;
        if (state.good === good) this.waiting.delete(name);
        this.measured();
      }
    } finally {
      this.draining = false;
    }
    if (this.waiting.size && !this.closed) void this.drain();
  }

  /** Measure one version of an edition into its state. */
  private async measureOne(state: EditionState, good: NonNullable<EditionState["good"]>): Promise<void> {
    const started = performance.now();
    const dir = path.join(this.tmp, "measure", state.name);
    try {
      const m = await this.browser.run(async (renderer) => {
        await rm(dir, { recursive: true, force: true });
        await mkdir(dir, { recursive: true });
        const page = await renderer.openPage(dir);
        try {
          return await measure(good.prepared, page, dir, this.o.timeoutMs);
        } finally {
          await page.close();
        }
      });
      state.measured = { hash: good.hash, m };
      state.measureDiagnostics = [
        ...checkPageBudget(good.prepared.edition, m.pages, false, m.layout),
        ...blockedDiagnostics(state, m.blocked),
      ];
      delete state.measureError;
      const ms = Math.round(performance.now() - started);
      this.o.onEvent({ kind: "measured", edition: state.name, pages: m.pages, ms });
    } catch (e) {
      if (this.closed) return;
      state.measureError = e instanceof Error ? (e.message.split("\n")[0] ?? "") : String(e);
      this.o.onEvent({ kind: "measure-failed", edition: state.name, message: state.measureError });
    }
  }

  /** The edition's PDF from its current good version, printed once per version. */
  pdf(state: EditionState): Promise<Uint8Array> | undefined {
    const good = state.good;
    if (!good) return undefined;
    const hit = this.pdfs.get(state.name);
    if (hit?.hash === good.hash) return hit.bytes;
    const dir = path.join(this.tmp, "pdf", state.name);
    const { timeoutMs, env } = this.o;
    const root = resolvePaths(this.session.options).root;
    const bytes = this.browser.run((renderer) => renderPdf(good.prepared, { renderer, dir, timeoutMs, env, root }));
    this.pdfs.set(state.name, { hash: good.hash, bytes });
    bytes.catch(() => this.pdfs.delete(state.name));
    return bytes;
  }
}

/** Requests the printing page made and was refused, as `build` reports them. */
function blockedDiagnostics(state: EditionState, urls: readonly string[]): Diagnostic[] {
  return urls.map((url) =>
    diagnostic({
      rule: "render/blocked-request",
      at: { file: state.good?.prepared.edition.audience.templates.layout.file ?? "templates", line: 0, column: 0 },
      message: `blocked a request to ${url.slice(0, 100)} while rendering ${state.name}`,
    }),
  );
}
