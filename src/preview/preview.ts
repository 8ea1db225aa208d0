import { mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import type { Diagnostic, Reported } from "../diagnostics/index.js";
import { resolvePaths } from "../pipeline/options.js";
import type { EditionFilter } from "../stages/2-plan/index.js";
import { DEFAULT_TIMEOUT_MS, openChromium, type RendererFactory } from "../stages/6-render/index.js";
import { BrowserQueue } from "./browser-queue.js";
import { DEFAULT_PORT } from "./defaults.js";
import { EventHub } from "./events.js";
import { Live } from "./live.js";
import { killOwnBrowsers, removeOwnFolders, removeStaleFolders } from "./orphans.js";
import { editionPath } from "./routes.js";
import { HOST, listen, previewServer } from "./server.js";
import { Session } from "./session.js";
import { fontDirs, watchProject } from "./watch.js";

/**
 * `preview()`: every edition in the browser, updated on save. Prepares the
 * editions, serves them on 127.0.0.1, watches the project, and measures
 * page breaks with the same Chromium printing `build` uses. It writes only
 * to a private temporary folder, never to output/, and `close()` stops the
 * server, the watcher and the browser within a second.
 */

/** How long the (already killed) browser's clean-up and the job it was running may take before the preview goes on. */
const BROWSER_CLOSE_MS = 200;

/** Options for `preview()`. */
export interface PreviewOptions extends EditionFilter {
  readonly root?: string;
  readonly contentDir?: string;
  readonly templatesDir?: string;
  /** Port to listen on (default 4173; 0 for any free port). */
  readonly port?: number;
  /** Per-print time limit in ms (default 60 000). */
  readonly timeoutMs?: number;
  readonly env?: NodeJS.ProcessEnv;
  /** What the preview is doing; the CLI prints it, the API is silent by default. */
  readonly onEvent?: (event: PreviewEvent) => void;
}

/** Something worth telling the person running the preview. */
export type PreviewEvent =
  | {
      readonly kind: "ready";
      readonly url: string;
      readonly editions: readonly { readonly name: string; readonly url: string }[];
      readonly requestedPort: number;
      readonly port: number;
    }
  | {
      readonly kind: "updated";
      readonly files: readonly string[];
      readonly editions: readonly string[];
      readonly ms: number;
    }
  | { readonly kind: "problems"; readonly diagnostics: readonly Diagnostic[] }
  | { readonly kind: "measured"; readonly edition: string; readonly pages: number; readonly ms: number }
  | { readonly kind: "measure-failed"; readonly edition: string; readonly message: string }
  | { readonly kind: "failed"; readonly error: unknown };

/** A running preview. */
export interface PreviewServer {
  readonly url: string;
  readonly port: number;
  /** Stop serving, watching and printing, and remove the preview's temporary files. */
  close(): Promise<void>;
}

/** The side effects tests replace: how a browser is started. */
export interface PreviewSeams {
  readonly openRenderer: RendererFactory;
}

export { DEFAULT_PORT };

/** `preview()` with its seams given explicitly. Wrong --brief/--audience values come back as diagnostics. */
export async function runPreview(o: PreviewOptions, seams: PreviewSeams): Promise<Reported<PreviewServer>> {
  const common = {
    ...(o.root === undefined ? {} : { root: o.root }),
    ...(o.contentDir === undefined ? {} : { contentDir: o.contentDir }),
    ...(o.templatesDir === undefined ? {} : { templatesDir: o.templatesDir }),
    briefs: o.briefs ?? [],
    audiences: o.audiences ?? [],
  };
  const paths = resolvePaths(common);
  const fonts = fontDirs();
  const session = new Session(common, {
    contentDir: paths.contentDir,
    templatesDir: paths.templatesDir,
    fontDirs: fonts,
  });
  const usage = await session.unknownFilters();
  if (usage.length) return { diagnostics: usage };
  const onEvent = o.onEvent ?? ((): void => undefined);
  const timeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const env = o.env ?? process.env;
  await removeStaleFolders();
  const tmp = await mkdtemp(path.join(os.tmpdir(), `brief-preview-${process.pid}-`));
  const browser = new BrowserQueue(seams.openRenderer, { timeoutMs, env });
  const hub = new EventHub();
  const live = new Live(session, browser, hub, tmp, { timeoutMs, env, onEvent });
  const server = previewServer(live, (error) => onEvent({ kind: "failed", error }));
  const watcher = watchProject([paths.contentDir, paths.templatesDir], fonts, (files) => void live.changed(files));
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      live.close();
      hub.close();
      server.close();
      server.closeAllConnections();
      // Nothing a print in progress would give is worth waiting for: end Chromium at once, then tidy up.
      killOwnBrowsers();
      // The running print fails at once without its browser; let it end before its folder is removed.
      await Promise.allSettled([watcher.close(), browser.close(BROWSER_CLOSE_MS)]);
      // Settled, not all: stopping must not fail for a folder; the next preview removes what is left.
      await Promise.allSettled([rm(tmp, { recursive: true, force: true, maxRetries: 2 }), removeOwnFolders()]);
      if (killOwnBrowsers()) await removeOwnFolders(); // one that was still starting
    })());
  try {
    // Load the browser driver now: loading it on first use would hold up the event loop (and a Ctrl-C) just
    // after the URL is printed. Without it, measuring and PDFs fail later with a message; the preview still runs.
    await import("puppeteer-core").catch(() => undefined);
    await live.start();
    const requestedPort = o.port ?? DEFAULT_PORT;
    const port = await listen(server, requestedPort);
    await watcher.ready;
    const url = `http://${HOST}:${port}/`;
    const editions = [...session.editions.keys()].map((name) => ({ name, url: new URL(editionPath(name), url).href }));
    onEvent({ kind: "ready", url, editions, requestedPort, port });
    return { value: { url, port, close }, diagnostics: [] };
  } catch (e) {
    await close();
    throw e;
  }
}

/** Serve every edition on 127.0.0.1 and update open tabs on save. */
export function preview(o: PreviewOptions = {}): Promise<Reported<PreviewServer>> {
  return runPreview(o, { openRenderer: openChromium });
}
