// The chart pictures in docs/authoring.md ("Charts"), rendered by the project itself:
// the chart fixture (test/fixtures/charts: invented example data, one chart of each type)
// is built to HTML with `brief build`, each chart's figure is opened in Chromium with the
// edition's own stylesheet and bundled fonts, and screenshotted into docs/images/.
// Run after `make setup`: node scripts/chart-pictures.mjs
import { spawnSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import puppeteer from "puppeteer";
import { findBrowser, launchArgs } from "../dist/stages/6-render/browser.js";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const images = path.join(repo, "docs", "images");
/** Chart id in the fixture → the picture's name. */
const PICTURES = {
  inflation: "chart-line.png",
  "inflation-columns": "chart-column.png",
  "spending-bar": "chart-bar.png",
  "spending-stacked-bar": "chart-stacked-bar.png",
  "spending-stacked-column": "chart-stacked-column.png",
  ranges: "chart-dot.png",
};

const root = mkdtempSync(path.join(os.tmpdir(), "brief-pictures-"));
try {
  cpSync(path.join(repo, "templates"), path.join(root, "templates"), {
    recursive: true,
    filter: (src) => !src.includes(`${path.sep}audiences`),
  });
  for (const layer of ["base", "charts"]) cpSync(path.join(repo, "test", "fixtures", layer), root, { recursive: true });
  const built = spawnSync(
    process.execPath,
    [path.join(repo, "bin", "brief.js"), "build", "--audience", "alpha", "--format", "html", "--quiet"],
    { cwd: root, encoding: "utf8", env: { ...process.env, NO_COLOR: "1" } },
  );
  if (built.status !== 0) throw new Error(`brief build failed:\n${built.stderr}`);
  const html = readdirSync(path.join(root, "output")).find((f) => f.endsWith(".html"));
  const { found } = await findBrowser();
  if (!found) throw new Error("no Chromium found; run make setup");
  const browser = await puppeteer.launch({ executablePath: found.executablePath, args: launchArgs(), headless: true });
  try {
    const page = await browser.newPage();
    await page.setViewport({ width: 900, height: 1200, deviceScaleFactor: 1 });
    await page.goto(pathToFileURL(path.join(root, "output", html)).href, { waitUntil: "load" });
    await page.evaluate("document.fonts.ready");
    // The picture shows the chart as printed: no data table, no page shadow.
    await page.addStyleTag({
      content: ".chart-data { display: none !important; } figure.chart { padding: 6px; background: #fff; }",
    });
    mkdirSync(images, { recursive: true });
    for (const [id, name] of Object.entries(PICTURES)) {
      const figure = await page.$(`#chart-${id}`);
      if (!figure) throw new Error(`chart ${id} is not in ${html}`);
      await figure.screenshot({ path: path.join(images, name) });
      console.log(`docs/images/${name}`);
    }
  } finally {
    await browser.close();
  }
} finally {
  rmSync(root, { recursive: true, force: true });
}
