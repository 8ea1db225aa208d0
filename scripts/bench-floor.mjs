#!/usr/bin/env node
// The floor for `make bench`: bare puppeteer printing the given HTML files,
// as simply as a tool can: one browser, one page per file in turn, goto,
// page.pdf, close. Same browser, flags and PDF options as the build (tagged,
// outline, backgrounds, CSS page size), and the same V8 settings as
// bin/brief.js (src/lib/v8-tuning.ts), so the ratio compares like with like.
import { tuneV8 } from "../dist/lib/v8-tuning.js";
tuneV8();
const { default: puppeteer } = await import("puppeteer");
const { pathToFileURL } = await import("node:url");
const { findBrowser, launchArgs } = await import("../dist/stages/6-render/browser.js");

const { found } = await findBrowser(process.env);
if (!found) throw new Error("no browser");
const browser = await puppeteer.launch({
  executablePath: found.executablePath,
  args: launchArgs(),
  headless: true,
  pipe: true,
});
for (const file of process.argv.slice(2)) {
  const page = await browser.newPage();
  await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  await page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true, outline: true });
  await page.close();
}
await browser.close();
