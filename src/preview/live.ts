import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import type { ServerResponse } from "node:http";
import path from "node:path";
import { formatReport } from "../diagnostics/index.js";
import { RenderError } from "../stages/6-render/index.js";
import type { BrowserQueue } from "./browser-queue.js";
import type { EventHub } from "./events.js";
import { editionPage, indexPage } from "./page.js";
import { Printing } from "./printing.js";
import type { Body, PreviewApp } from "./server.js";
import type { Session, EditionState } from "./session.js";
import { liveReloadScript } from "./client.js";
import { EVENTS_PATH } from "./routes.js";
import { PREVIEW_CSS } from "./style.js";
import { pageData, servedCss, shownOf } from "./view.js";
import type { PreviewEvent } from "./preview.js";

/**
 * The running preview: applies changes to the session, has page breaks
 * measured in the background (printing.ts), keeps each page's revision,
 * tells open tabs through the event stream, and answers the server's
 * requests.
 */

const TYPES: Readonly<Record<string, string>> = {
  ".css": "text/css; charset=utf-8",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".ttf": "font/ttf",
  ".otf": "font/otf",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".gif": "image/gif",
  ".webp": "image/webp",
  ".svg": "image/svg+xml",
};

const html = (data: string): Body => ({ type: "text/html; charset=utf-8", data });

/** The preview's moving parts, put together. */
export class Live implements PreviewApp {
  readonly instance = randomBytes(6).toString("hex");
  private indexRevision = 0;
  private readonly signatures = new Map<string, string>();
  private readonly pages = new Map<string, { revision: number; body: Body }>();
  private updating: Promise<void> = Promise.resolve();
  private readonly printing: Printing;
  private lastReport = "";
  private closed = false;

  constructor(
    private readonly session: Session,
    browser: BrowserQueue,
    private readonly hub: EventHub,
    tmp: string,
    private readonly o: { timeoutMs: number; env: NodeJS.ProcessEnv; onEvent: (e: PreviewEvent) => void },
  ) {
    this.printing = new Printing(session, browser, tmp, o, () => {
      this.report(false);
      this.publish();
    });
  }

  /** Stop: no more updates, measurements or events. */
  close(): void {
    this.closed = true;
    this.printing.close();
  }

  /** Prepare every edition, then start measuring them all. */
  async start(): Promise<void> {
    const r = await this.session.update("all");
    this.report(true);
    this.printing.measureLater(r.good);
    this.publish();
  }

  /** Files changed: apply them after any update still running, one update at a time. */
  changed(files: readonly string[]): Promise<void> {
    this.updating = this.updating
      .then(() => this.apply(files))
      .catch((e: unknown) => this.o.onEvent({ kind: "failed", error: e }));
    return this.updating;
  }

  private async apply(files: readonly string[]): Promise<void> {
    if (this.closed) return;
    const started = performance.now();
    const r = await this.session.update(files);
    if (this.closed) return;
    this.printing.measureLater(r.good);
    this.publish();
    const ms = Math.round(performance.now() - started);
    this.o.onEvent({ kind: "updated", files, editions: r.prepared, ms });
    this.report(true);
  }

  /** Tell the terminal about the problems: after a save always (when there are any), otherwise when they change. */
  private report(afterSave: boolean): void {
    const all = this.session.allProblems();
    const text = formatReport(all);
    if (text === this.lastReport && !(afterSave && all.length)) return;
    this.lastReport = text;
    this.o.onEvent({ kind: "problems", diagnostics: all });
  }

  /** Bump the revision of every page whose content changed, and tell the open tabs. */
  private publish(): void {
    const revisions: Record<string, number> = {};
    let any = false;
    for (const state of this.session.editions.values()) {
      const sig = this.signature(state);
      if (this.signatures.get(state.name) !== sig) {
        this.signatures.set(state.name, sig);
        state.revision++;
        any = true;
        this.edition(state.name); // build the page now, so every tab that asks gets it at once
      }
      revisions[`edition:${state.name}`] = state.revision;
    }
    for (const name of this.signatures.keys()) {
      if (this.session.editions.has(name)) continue;
      this.signatures.delete(name); // an edition that is gone: the index changes
      any = true;
    }
    if (any) this.indexRevision++;
    revisions.index = this.indexRevision;
    this.hub.broadcast({ instance: this.instance, revisions });
  }

  private signature(state: EditionState): string {
    const shown = shownOf(state, this.printing.measuring(state.name));
    return JSON.stringify([
      state.good?.hash,
      state.fresh,
      shown?.status,
      shown?.pages,
      shown?.breaks,
      shown && shown.laid.html.length,
      state.label,
      state.budget,
      formatReport(this.session.problems(state.name)),
    ]);
  }

  index(): Body {
    const entries = [...this.session.editions.values()].map((s) => {
      const shown = shownOf(s, this.printing.measuring(s.name));
      const errors = this.session.problems(s.name).filter((d) => d.severity === "error").length;
      return {
        name: s.name,
        title: s.title,
        label: s.label,
        budget: s.budget,
        fresh: s.fresh,
        errors,
        ...(shown?.pages ? { pages: shown.pages } : {}),
      };
    });
    return html(indexPage(entries, this.session.allProblems(), this.instance, this.indexRevision));
  }

  edition(name: string): Body | undefined {
    const state = this.session.editions.get(name);
    if (!state) return undefined;
    const cached = this.pages.get(name);
    if (cached?.revision === state.revision) return cached.body;
    const shown = shownOf(state, this.printing.measuring(name));
    const body = html(editionPage(pageData(state, shown, this.session.problems(name), this.instance)));
    this.pages.set(name, { revision: state.revision, body });
    return body;
  }

  async file(name: string, rel: string): Promise<Body | undefined> {
    const state = this.session.editions.get(name);
    if (!state?.good) return undefined;
    if (rel === `${name}.pdf`) {
      try {
        const data = await this.printing.pdf(state);
        return data && { type: "application/pdf", data };
      } catch (e) {
        const why = e instanceof RenderError ? e.message : String(e);
        return { type: "text/plain; charset=utf-8", data: `The PDF could not be printed: ${why}\n`, status: 503 };
      }
    }
    const shown = shownOf(state, false);
    if (!shown) return undefined;
    if (rel === shown.laid.cssHref) return { type: TYPES[".css"] ?? "", data: servedCss(shown.laid) };
    const asset = shown.laid.assets.find((a) => a.to === rel);
    const type = asset && TYPES[path.extname(asset.to).toLowerCase()];
    if (!asset || !type) return undefined;
    try {
      return { type, data: await readFile(asset.from) };
    } catch {
      return undefined;
    }
  }

  script(): Body {
    return { type: "text/javascript; charset=utf-8", data: liveReloadScript(EVENTS_PATH) };
  }

  style(): Body {
    return { type: "text/css; charset=utf-8", data: PREVIEW_CSS };
  }

  events(res: ServerResponse, headers: Record<string, string>): void {
    const revisions: Record<string, number> = { index: this.indexRevision };
    for (const s of this.session.editions.values()) revisions[`edition:${s.name}`] = s.revision;
    this.hub.attach(res, headers, { instance: this.instance, revisions });
  }
}
