import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import type { Browser, HTTPRequest } from "puppeteer";
import { withDeadline } from "../lib/deadline.js";
import { findBrowser, launchArgs } from "../stages/6-render/browser.js";
import { RenderError } from "../stages/6-render/index.js";

/**
 * Cover thumbnails: the first page of each PDF as a PNG, drawn by pdf.js
 * (npm `pdfjs-dist`) inside our own headless Chromium, canvas → PNG. No
 * system binary is involved. The page sees a made-up origin whose every
 * request is answered from pdf.js's package folder or the PDFs being
 * drawn; anything else is refused, so nothing reaches the network.
 */

/** A PDF to draw. */
export interface ThumbnailJob {
  readonly name: string;
  readonly file: string;
}

/** Draws first pages; the real one is `chromiumThumbnails`. */
export type ThumbnailRenderer = (jobs: readonly ThumbnailJob[], env: NodeJS.ProcessEnv) => Promise<Map<string, Buffer>>;

const ORIGIN = "https://thumbnails.brief.invalid";
/** Thumbnail width in pixels (shown at half that on the site, for sharp type on high-density screens). */
export const THUMB_WIDTH = 480;
const TIME_LIMIT_MS = 60_000;

const require = createRequire(import.meta.url);
const PDFJS_DIR = path.dirname(require.resolve("pdfjs-dist/package.json"));

const TYPES: Record<string, string> = {
  ".mjs": "text/javascript",
  ".js": "text/javascript",
  ".wasm": "application/wasm",
  ".bcmap": "application/octet-stream",
  ".pfb": "application/octet-stream",
  ".ttf": "font/ttf",
  ".pdf": "application/pdf",
};

/** Answer the page's requests from pdf.js's folder and the PDFs; refuse everything else. */
async function answer(req: HTTPRequest, jobs: readonly ThumbnailJob[]): Promise<void> {
  const url = new URL(req.url());
  if (url.origin !== ORIGIN) return req.abort("blockedbyclient");
  const p = decodeURIComponent(url.pathname);
  if (p === "/")
    return req.respond({ status: 200, contentType: "text/html", body: "<!DOCTYPE html><title>thumbnails</title>" });
  let file: string | undefined;
  const pdf = /^\/pdf\/(\d+)$/.exec(p);
  if (pdf) file = jobs[Number(pdf[1])]?.file;
  else if (p.startsWith("/pdfjs/")) {
    const abs = path.resolve(PDFJS_DIR, `.${p.slice("/pdfjs".length)}`);
    if (abs.startsWith(`${PDFJS_DIR}${path.sep}`)) file = abs;
  }
  if (!file) return req.respond({ status: 404, body: "" });
  try {
    const body = await readFile(file);
    const type = pdf ? "application/pdf" : (TYPES[path.extname(file)] ?? "application/octet-stream");
    return req.respond({ status: 200, contentType: type, body });
  } catch {
    return req.respond({ status: 404, body: "" });
  }
}

/**
 * In the page: draw page 1 of /pdf/<i> at a width in pixels; evaluates to a
 * PNG data URL. Kept as source text so no bundler rewrites its `import()`.
 */
const DRAW_FIRST_PAGE = `async (index, width) => {
  if (!globalThis.pdfjsLib) {
    // The worker's module runs in this page ("fake worker"): one fewer thing to intercept.
    globalThis.pdfjsWorker = await import("/pdfjs/build/pdf.worker.min.mjs");
    globalThis.pdfjsLib = await import("/pdfjs/build/pdf.min.mjs");
  }
  const data = new Uint8Array(await (await fetch("/pdf/" + index)).arrayBuffer());
  const doc = await globalThis.pdfjsLib.getDocument({
    data,
    cMapUrl: "/pdfjs/cmaps/",
    cMapPacked: true,
    standardFontDataUrl: "/pdfjs/standard_fonts/",
    wasmUrl: "/pdfjs/wasm/",
    isEvalSupported: false,
  }).promise;
  try {
    const page = await doc.getPage(1);
    const viewport = page.getViewport({ scale: width / page.getViewport({ scale: 1 }).width });
    const canvas = document.createElement("canvas");
    canvas.width = Math.round(viewport.width);
    canvas.height = Math.round(viewport.height);
    const context = canvas.getContext("2d");
    context.fillStyle = "#ffffff";
    context.fillRect(0, 0, canvas.width, canvas.height);
    await page.render({ canvas, canvasContext: context, viewport }).promise;
    return canvas.toDataURL("image/png");
  } finally {
    await doc.destroy();
  }
}`;

/** The real renderer: one Chromium for all thumbnails, always closed. */
export const chromiumThumbnails: ThumbnailRenderer = async (jobs, env) => {
  const out = new Map<string, Buffer>();
  if (jobs.length === 0) return out;
  const { found, tried } = await findBrowser(env);
  if (!found) throw new RenderError("no-browser", `no Chromium or Chrome found (tried ${tried.join("; ")})`);
  // puppeteer-core, bundled like the build's (scripts/bundle.mjs): the browser is already found, so nothing of
  // puppeteer's download or configuration is needed to launch it.
  const puppeteer = (await import("puppeteer-core")).default;
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), `brief-chromium-${process.pid}-`));
  let browser: Browser | undefined;
  try {
    browser = await puppeteer
      .launch({ executablePath: found.executablePath, args: launchArgs(), userDataDir, headless: true, pipe: true })
      .catch((cause: unknown) => {
        throw new RenderError("launch", `Chromium at ${found.executablePath} failed to start`, { cause });
      });
    const page = await browser.newPage();
    await page.setRequestInterception(true);
    page.on("request", (req) => void answer(req, jobs));
    await page.goto(`${ORIGIN}/`);
    for (const [i, job] of jobs.entries()) {
      const drawn = page.evaluate(`(${DRAW_FIRST_PAGE})(${i}, ${THUMB_WIDTH})`);
      const dataUrl = await withDeadline(
        drawn.then((v) => String(v)),
        TIME_LIMIT_MS,
        () => new RenderError("timeout", `drawing the thumbnail of ${job.name} took over ${TIME_LIMIT_MS / 1000} s`),
      );
      out.set(job.name, Buffer.from(dataUrl.replace(/^data:image\/png;base64,/, ""), "base64"));
    }
    return out;
  } catch (cause) {
    if (cause instanceof RenderError) throw cause;
    throw new RenderError(
      "failed",
      `drawing a thumbnail failed: ${String((cause as Error).message ?? cause).split("\n")[0]}`,
      {
        cause,
      },
    );
  } finally {
    const proc = browser?.process();
    await withDeadline(browser?.close() ?? Promise.resolve(), 5000, () => new Error("close timed out")).catch(() =>
      proc?.kill("SIGKILL"),
    );
    await rm(userDataDir, { recursive: true, force: true });
  }
};
