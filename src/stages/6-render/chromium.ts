import { spawn, type ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Readable, Writable } from "node:stream";
import type { Browser, ConnectionTransport, HTTPRequest, Page } from "puppeteer";
import { withDeadline } from "../../lib/deadline.js";
import { isProcessAlive } from "../../lib/process.js";
import type { RenderedPdf } from "../../model.js";
import { chromiumCommandLine, findBrowser, type BrowserLocation } from "./browser.js";
import { RenderError, type EditionPage, type PrintOptions, type Renderer, type RendererOptions } from "./index.js";

/**
 * The real renderer: puppeteer driving a headless Chromium.
 *
 * Pages run without JavaScript, and every request that is not a file under
 * the edition's staging folder is blocked and reported. Chromium talks to
 * us over a pipe, so it dies with a killed build; it is always closed, and
 * its process group killed if closing fails, so no Chromium outlives a
 * build. Chromium is started first and boots while puppeteer, imported
 * only when a renderer is opened, loads.
 */

/** Chromium profile folders are named `brief-chromium-<pid>-<random>`. */
export const PROFILE_PREFIX = "brief-chromium-";
/** How long closing may wait for Chromium to exit. */
const CLOSE_GRACE_MS = 5000;

/** Start one browser: the production `RendererFactory`. */
export async function openChromium(options: RendererOptions): Promise<Renderer> {
  const { found, tried } = await findBrowser(options.env);
  if (!found) throw new RenderError("no-browser", `no Chromium or Chrome found (tried ${tried.join("; ")})`);
  await removeStaleProfiles(os.tmpdir());
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), `${PROFILE_PREFIX}${process.pid}-`));
  const { browser, proc } = await launch(found, userDataDir, options);
  const version = await browser.version().catch(() => "unknown");
  let closed = false;
  // Pages opened ahead of need (preopen) or handed back after an edition printed cleanly.
  const idle: Promise<PrintPage>[] = [];
  const spare = (): Promise<PrintPage> => {
    const p = printPage(browser);
    p.catch(() => undefined);
    return p;
  };
  return {
    openPage: (allowedDir) => {
      if (closed || !browser.connected)
        return Promise.reject(new RenderError("crash", "the browser is no longer running"));
      // A page opened ahead that failed (the browser died meanwhile) fails the edition's first print, which names it.
      const raw = idle.shift() ?? spare();
      return Promise.resolve(
        editionPage(browser, proc, raw, allowedDir, options.timeoutMs, version, (again) => {
          if (!closed && browser.connected) idle.push(Promise.resolve(again));
        }),
      );
    },
    preopen: (count) => {
      while (!closed && idle.length < count) idle.push(spare());
    },
    close: async () => {
      if (closed) return;
      closed = true;
      await closeBrowser(proc);
      await rm(userDataDir, { recursive: true, force: true });
    },
  };
}

/** A started browser: puppeteer's handle and the process it drives. */
interface Launched {
  readonly browser: Browser;
  readonly proc: ChildProcess;
}

/**
 * Start Chromium, then attach puppeteer to it over the DevTools pipe.
 * Chromium is spawned first, with the command line puppeteer.launch would
 * use (`chromiumCommandLine`), so it boots on its own core while puppeteer
 * loads on this one; puppeteer.launch would spawn it only after.
 */
async function launch(found: BrowserLocation, userDataDir: string, options: RendererOptions): Promise<Launched> {
  let proc: ChildProcess | undefined;
  try {
    // A process-group leader, as puppeteer starts it: closing kills its zygote, renderers and GPU process with it.
    // Fds 3 and 4 are the pipe: if this process dies (CI cancel, SIGKILL) they close and Chromium exits with it.
    const started = spawn(found.executablePath, chromiumCommandLine(userDataDir, options.env), {
      detached: process.platform !== "win32",
      env: process.env,
      stdio: ["pipe", "pipe", "pipe", "pipe", "pipe"],
    });
    proc = started;
    // As puppeteer does: a build that exits without closing (an uncaught error) takes its browser with it.
    // The profile goes with it: an interrupted build (interrupt.ts exits on SIGINT/SIGTERM) leaves no brief-chromium-* behind.
    const killOnExit = (): void => {
      killGroup(started);
      rmSync(userDataDir, { recursive: true, force: true, maxRetries: 3 });
    };
    process.on("exit", killOnExit);
    started.once("exit", () => process.off("exit", killOnExit));
    const output = recentOutput(started);
    const ended = new Promise<never>((_, reject) => {
      started.once("error", reject);
      started.once("exit", (code, signal) =>
        reject(new Error(`Chromium exited (${signal ?? `code ${code}`}) before it was ready${output()}`)),
      );
    });
    ended.catch(() => undefined);
    if (options.onLaunching) setImmediate(options.onLaunching);
    // puppeteer-core: attaching over a pipe needs nothing of puppeteer's browser download or configuration, and
    // puppeteer-core is bundled into dist/bundle/ (scripts/bundle.mjs), so it starts from the code cache.
    const puppeteer = (await import("puppeteer-core")).default;
    const transport = new PipeTransport(started.stdio[3] as Writable, started.stdio[4] as Readable);
    const browser = await withDeadline(
      Promise.race([puppeteer.connect({ transport, defaultViewport: { width: 800, height: 600 } }), ended]),
      options.timeoutMs,
      () => new Error(`Chromium was not ready within ${options.timeoutMs} ms${output()}`),
    );
    return { browser, proc: started };
  } catch (cause) {
    if (proc) await closeBrowser(proc);
    await rm(userDataDir, { recursive: true, force: true });
    throw new RenderError(
      "launch",
      `Chromium at ${found.executablePath} (${found.how}) failed to start: ${firstLine(cause)}`,
      { cause },
    );
  }
}

/** The last lines Chromium wrote to stdout and stderr (drained, so it never blocks on a full pipe), for a failed start. */
function recentOutput(proc: ChildProcess): () => string {
  const lines: string[] = [];
  for (const stream of [proc.stdout, proc.stderr]) {
    stream?.setEncoding("utf8");
    stream?.on("data", (chunk: string) => {
      lines.push(...chunk.split("\n").filter((l) => l.trim() !== ""));
      lines.splice(0, Math.max(0, lines.length - 5));
    });
  }
  return () => (lines.length ? `: ${lines.join(" | ")}` : "");
}

/**
 * Chromium's DevTools pipe (`--remote-debugging-pipe`): JSON messages ended
 * by a NUL byte, written to its fd 3 and read from its fd 4. Each message is
 * delivered on its own turn of the event loop, in order, as puppeteer's own
 * pipe transport does.
 */
class PipeTransport implements ConnectionTransport {
  onmessage?: (message: string) => void;
  onclose?: () => void;
  #pending: Buffer[] = [];
  #closed = false;

  constructor(
    private readonly toBrowser: Writable,
    fromBrowser: Readable,
  ) {
    fromBrowser.on("data", (chunk: Buffer) => this.#receive(chunk));
    fromBrowser.on("close", () => this.onclose?.());
    // A write after Chromium died fails; the closed pipe reports it as a closed connection.
    fromBrowser.on("error", () => undefined);
    toBrowser.on("error", () => undefined);
  }

  send(message: string): void {
    if (this.#closed) return;
    this.toBrowser.write(message);
    this.toBrowser.write("\0");
  }

  #receive(chunk: Buffer): void {
    if (this.#closed) return;
    let end = chunk.indexOf(0);
    if (end === -1) {
      this.#pending.push(chunk);
      return;
    }
    const buffer = this.#pending.length ? Buffer.concat([...this.#pending, chunk]) : chunk;
    end = buffer.indexOf(0);
    let start = 0;
    while (end !== -1) {
      const message = buffer.toString("utf8", start, end);
      setImmediate(() => this.onmessage?.(message));
      start = end + 1;
      end = buffer.indexOf(0, start);
    }
    this.#pending = start < buffer.length ? [buffer.subarray(start)] : [];
  }

  close(): void {
    this.#closed = true;
  }
}

/**
 * End the browser at once: kill its process group (browser, zygote,
 * renderers, GPU) and wait for it to exit. Nothing in a print profile is
 * worth a graceful shutdown, which costs ~300 ms at the end of every
 * build; the profile folder is removed by the caller.
 */
async function closeBrowser(proc: ChildProcess): Promise<void> {
  const running = proc.exitCode === null && proc.signalCode === null;
  const exited = running ? new Promise<void>((resolve) => proc.once("exit", () => resolve())) : Promise.resolve();
  killGroup(proc);
  if (running) proc.kill("SIGKILL");
  await withDeadline(exited, CLOSE_GRACE_MS, () => new Error("Chromium did not exit")).catch(() => undefined);
}

/**
 * Kill Chromium's process group: it holds the zygote, renderers and GPU
 * process, which outlive a browser process that was killed on its own.
 */
function killGroup(proc: ChildProcess): void {
  if (proc.pid === undefined || process.platform === "win32") return;
  try {
    process.kill(-proc.pid, "SIGKILL");
  } catch {
    // group already gone
  }
}

/**
 * A browser page set up for printing: JavaScript off, and every request
 * that is not a file under `allowed` blocked and recorded. `allowed` is
 * set per edition, so one page can serve several editions in turn.
 */
interface PrintPage {
  readonly page: Page;
  allowed: string | undefined;
  blocked: string[];
}

async function printPage(browser: Browser): Promise<PrintPage> {
  const page = await browser.newPage();
  const raw: PrintPage = { page, allowed: undefined, blocked: [] };
  await page.setJavaScriptEnabled(false);
  await page.setRequestInterception(true);
  page.on("request", (req: HTTPRequest) => {
    const url = req.url();
    if (raw.allowed !== undefined && url.startsWith(raw.allowed) && !url.includes("/../")) void req.continue();
    else {
      raw.blocked.push(url);
      void req.abort("blockedbyclient");
    }
  });
  return raw;
}

/**
 * One edition on a print page, allowed to load files under `allowedDir`
 * only. Closing it hands the page back for the next edition (`handBack`)
 * when every print succeeded; a page that failed is closed.
 */
function editionPage(
  browser: Browser,
  proc: ChildProcess,
  opened: Promise<PrintPage>,
  allowedDir: string,
  timeoutMs: number,
  browserVersion: string,
  handBack: (page: PrintPage) => void,
): EditionPage {
  const allowed = pathToFileURL(allowedDir + path.sep).href;
  let healthy = true;
  let done = false;
  return {
    browserVersion,
    print: async (htmlFile, options = {}) => {
      try {
        const raw = await opened;
        raw.allowed = allowed;
        raw.blocked = [];
        return {
          pdf: await print(raw.page, htmlFile, timeoutMs, options),
          blocked: raw.blocked,
        } satisfies RenderedPdf;
      } catch (cause) {
        healthy = false;
        throw cause instanceof RenderError ? cause : await classify(browser, proc, htmlFile, cause);
      }
    },
    close: async () => {
      if (done) return;
      done = true;
      const raw = await opened.catch(() => undefined);
      if (!raw) return;
      raw.allowed = undefined;
      if (healthy && browser.connected) return handBack(raw);
      if (browser.connected) await raw.page.close().catch(() => undefined);
    },
  };
}

/**
 * Load the staged HTML (or, when only its body changed since this page
 * printed it, swap in the new body), make sure every font and image
 * loaded, print.
 */
async function print(page: Page, htmlFile: string, timeoutMs: number, options: PrintOptions): Promise<Uint8Array> {
  const url = pathToFileURL(htmlFile).href;
  if (options.bodyOnly && page.url() === url) {
    const html = await readFile(htmlFile, "utf8");
    await page.evaluate((source) => {
      const next = new DOMParser().parseFromString(source, "text/html");
      document.body.replaceWith(document.adoptNode(next.body));
    }, html);
    await imagesLoaded(page);
  } else await page.goto(url, { waitUntil: "load", timeout: timeoutMs });
  const failed = await page.evaluate(async () => {
    await document.fonts.ready;
    return [...document.fonts].filter((f) => f.status === "error").map((f) => `${f.family} ${f.weight} ${f.style}`);
  });
  if (failed.length) throw new RenderError("font", `font files failed to load: ${failed.join(", ")}`);
  return page.pdf({
    preferCSSPageSize: true,
    printBackground: !options.measure,
    tagged: !options.measure,
    outline: !options.measure,
    timeout: timeoutMs,
  });
}

/**
 * Wait until every image of the page has loaded or failed, as a
 * navigation's "load" does. Polled from here: in a page that is not in
 * front (pages of one browser print side by side) nothing that needs a
 * rendering step, such as img.decode(), ever completes. The print's time
 * limit bounds the wait.
 */
async function imagesLoaded(page: Page): Promise<void> {
  while (!(await page.evaluate(() => [...document.images].every((i) => i.complete)))) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** What an unexpected error while printing means: a crash (the browser died) or another failure. */
async function classify(browser: Browser, proc: ChildProcess, htmlFile: string, cause: unknown): Promise<RenderError> {
  const name = path.basename(htmlFile);
  const signal = await exitSignal(browser, proc);
  if (signal) {
    const how = signal === "SIGKILL" || signal === "SIGTERM" ? "was killed" : "crashed";
    return new RenderError("crash", `Chromium ${how} (${signal}) while rendering ${name}; no PDF was written`, {
      cause,
    });
  }
  if (!browser.connected)
    return new RenderError("crash", `Chromium crashed while rendering ${name}: ${firstLine(cause)}`, { cause });
  return new RenderError("failed", `rendering ${name} failed: ${firstLine(cause)}`, { cause });
}

/** The signal that ended the browser process, waiting briefly for its exit to be reported. */
async function exitSignal(browser: Browser, proc: ChildProcess): Promise<NodeJS.Signals | undefined> {
  if (proc.exitCode === null && proc.signalCode === null) {
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, browser.connected ? 300 : 1000);
      proc.once("exit", () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
  return proc.signalCode ?? undefined;
}

function firstLine(cause: unknown): string {
  return String(cause instanceof Error ? cause.message : cause).split("\n")[0] ?? "";
}

/**
 * A build killed outright cannot remove its Chromium profile folder; the
 * next build does, once the process that made it is gone.
 */
async function removeStaleProfiles(dir: string): Promise<void> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(new RegExp(`^${PROFILE_PREFIX}(\\d+)-`).exec(name)?.[1]);
    if (!pid || pid === process.pid || isProcessAlive(pid)) continue;
    await rm(path.join(dir, name), { recursive: true, force: true }).catch(() => undefined);
  }
}
