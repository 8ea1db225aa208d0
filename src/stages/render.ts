import { mkdtemp, readdir, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pathToFileURL } from "node:url";
import puppeteer, { type Browser, type HTTPRequest } from "puppeteer";
import { findBrowser, launchArgs } from "../lib/browser.js";

/**
 * Stage 5, render: Chromium turns a staged HTML file into a PDF.
 *
 * One browser serves the whole build; each edition gets its own page.
 * Pages run without JavaScript, and every request that is not a file under
 * the edition's staging folder is blocked and reported. The browser is
 * always closed, and killed if closing fails, so no Chromium outlives a
 * build.
 */

/** Why rendering failed: exit code 3 territory. */
export class RenderError extends Error {
  constructor(
    readonly reason: "no-browser" | "launch" | "crash" | "timeout" | "font" | "failed",
    message: string,
    readonly hint: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "RenderError";
  }
}

/** Test-only fault injection; a normal run never sets these. */
export interface RenderHooks {
  /** Runs before the page loads the staged HTML; may alter the staged files (e.g. corrupt a font). */
  readonly beforeLoad?: (htmlFile: string) => Promise<void>;
  /** Runs after the page loaded, before `page.pdf`; may hang or kill the browser. */
  readonly beforePdf?: (browser: Browser) => Promise<void>;
}

/** One rendered edition. */
export interface RenderedPdf {
  readonly pdf: Uint8Array;
  /** URLs the page tried to load and was refused. */
  readonly blocked: readonly string[];
}

/** A page serving one edition; it may print several times (contents passes). */
export interface EditionPage {
  print(htmlFile: string): Promise<RenderedPdf>;
  close(): Promise<void>;
}

/** A browser session for one build. */
export interface Renderer {
  /** A page for one edition, allowed to load files under `allowedDir` only. */
  openPage(allowedDir: string): Promise<EditionPage>;
  /** Open a page, print once, close it. */
  render(htmlFile: string, allowedDir: string): Promise<RenderedPdf>;
  close(): Promise<void>;
  /** The browser's process id, for tests that check nothing survives. */
  readonly pid: number | undefined;
}

/** Options for opening the renderer. */
export interface RendererOptions {
  readonly timeoutMs?: number;
  readonly env?: NodeJS.ProcessEnv;
  readonly hooks?: RenderHooks;
}

/** Start one browser for the build. */
export async function openRenderer(options: RendererOptions = {}): Promise<Renderer> {
  const timeoutMs = options.timeoutMs ?? 60_000;
  const { found, tried } = await findBrowser(options.env);
  if (!found) {
    throw new RenderError(
      "no-browser",
      `no Chromium or Chrome found (tried ${tried.join("; ")})`,
      "Run `make setup` (it installs one), or install Chromium (`apt-get install chromium`), or set PUPPETEER_EXECUTABLE_PATH to a Chrome/Chromium binary.",
    );
  }
  await removeStaleProfiles(os.tmpdir());
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), `${PROFILE_PREFIX}${process.pid}-`));
  let browser: Browser;
  try {
    // pipe: Chromium talks DevTools over its stdio pipes, so if this process dies (CI cancel, SIGKILL) the pipes close and Chromium exits with it.
    browser = await puppeteer.launch({ executablePath: found.executablePath, args: launchArgs(), userDataDir, headless: true, pipe: true, timeout: timeoutMs, handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false });
  } catch (cause) {
    await rm(userDataDir, { recursive: true, force: true });
    throw new RenderError("launch", `Chromium at ${found.executablePath} (${found.how}) failed to start: ${String((cause as Error).message).split("\n")[0]}`, "Check that the path is a working Chrome/Chromium, or unset PUPPETEER_EXECUTABLE_PATH; `make setup` installs one.", { cause });
  }
  const pid = browser.process()?.pid;
  let closed = false;

  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    const proc = browser.process();
    try {
      await Promise.race([browser.close(), new Promise((_, reject) => setTimeout(() => reject(new Error("close timed out")), 5000))]);
    } catch {
      proc?.kill("SIGKILL");
    }
    if (proc && proc.exitCode === null && proc.signalCode === null) proc.kill("SIGKILL");
    // Puppeteer starts Chromium as a process-group leader: take its helpers (zygote, renderers, GPU) with it.
    if (pid !== undefined && process.platform !== "win32") {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        // group already gone
      }
    }
    await rm(userDataDir, { recursive: true, force: true });
  };

  /** One page for one edition: every request outside `allowedDir` is blocked and reported. */
  const openPage = async (allowedDir: string): Promise<EditionPage> => {
    if (closed || !browser.connected) throw new RenderError("crash", "the browser is no longer running", "Re-run the build; if it recurs, check memory and the Chromium install.");
    const page = await browser.newPage();
    let blocked: string[] = [];
    const allowed = pathToFileURL(allowedDir + path.sep).href;
    await page.setJavaScriptEnabled(false);
    await page.setRequestInterception(true);
    page.on("request", (req: HTTPRequest) => {
      const url = req.url();
      if (url.startsWith(allowed) && !url.includes("/../")) void req.continue();
      else {
        blocked.push(url);
        void req.abort("blockedbyclient");
      }
    });

    const print = async (htmlFile: string): Promise<RenderedPdf> => {
      blocked = [];
      let timer: NodeJS.Timeout | undefined;
      try {
        const work = (async (): Promise<Uint8Array> => {
          await options.hooks?.beforeLoad?.(htmlFile);
          await page.goto(pathToFileURL(htmlFile).href, { waitUntil: "load", timeout: timeoutMs });
          const failed = await page.evaluate(async () => {
            await document.fonts.ready;
            return [...document.fonts].filter((f) => f.status === "error").map((f) => `${f.family} ${f.weight} ${f.style}`);
          });
          if (failed.length) throw new RenderError("font", `font files failed to load: ${failed.join(", ")}`, "Reinstall dependencies (`rm -rf node_modules && make`); a bundled font file is missing or corrupt.");
          await options.hooks?.beforePdf?.(browser);
          return page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true, outline: true, timeout: timeoutMs });
        })();
        const timeout = new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new RenderError("timeout", `rendering ${path.basename(htmlFile)} took longer than ${timeoutMs} ms`, "Look for a very large section or table; raise --timeout if the edition is legitimately large.")), timeoutMs);
        });
        const pdf = await Promise.race([work, timeout]);
        return { pdf, blocked };
      } catch (cause) {
        if (cause instanceof RenderError) throw cause;
        const signal = await exitSignal(browser);
        if (signal) throw new RenderError("crash", `Chromium ${signal === "SIGKILL" || signal === "SIGTERM" ? "was killed" : "crashed"} (${signal}) while rendering ${path.basename(htmlFile)}; no PDF was written`, "Re-run the build; if it recurs, check memory (dmesg: the OOM killer) and whether something else stops Chromium.", { cause });
        if (!browser.connected) throw new RenderError("crash", `Chromium crashed while rendering ${path.basename(htmlFile)}: ${String((cause as Error).message).split("\n")[0]}`, "Re-run the build; if it recurs, check memory (dmesg) and the Chromium install.", { cause });
        throw new RenderError("failed", `rendering ${path.basename(htmlFile)} failed: ${String((cause as Error).message).split("\n")[0]}`, "Re-run with a single --audience to isolate the edition.", { cause });
      } finally {
        if (timer) clearTimeout(timer);
      }
    };
    const closePage = async (): Promise<void> => {
      if (browser.connected) await page.close().catch(() => undefined);
    };
    return { print, close: closePage };
  };

  const render = async (htmlFile: string, allowedDir: string): Promise<RenderedPdf> => {
    const page = await openPage(allowedDir);
    try {
      return await page.print(htmlFile);
    } finally {
      await page.close();
    }
  };

  return { openPage, render, close, pid };
}

/** Chromium profile folders are named `brief-chromium-<pid>-<random>`. */
const PROFILE_PREFIX = "brief-chromium-";

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
    if (!pid || pid === process.pid || alive(pid)) continue;
    await rm(path.join(dir, name), { recursive: true, force: true }).catch(() => undefined);
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** The signal that ended the browser process, waiting briefly for its exit to be reported. */
async function exitSignal(browser: Browser): Promise<NodeJS.Signals | undefined> {
  const proc = browser.process();
  if (!proc) return undefined;
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
