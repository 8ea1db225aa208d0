#!/usr/bin/env node
// The outside floor for `make bench`: what someone outside the project would
// write to print the same HTML files with puppeteer, sharing nothing with the
// build: puppeteer's default launch (WebSocket transport, its default flags,
// `--no-sandbox` only as root, where Chromium needs it), Node's default V8
// settings, and `page.pdf` with only the options the files need (their CSS
// page size and backgrounds). The project's own floor (bench-floor.mjs) uses
// the build's flags and PDF options instead; the issue asks for the ratio
// against both.
import puppeteer from "puppeteer";
import { pathToFileURL } from "node:url";

const executablePath = process.env.BENCH_BROWSER;
if (!executablePath) throw new Error("BENCH_BROWSER (the browser's path) is not set");
const browser = await puppeteer.launch({
  executablePath,
  args: process.getuid?.() === 0 ? ["--no-sandbox"] : [],
});
for (const file of process.argv.slice(2)) {
  const page = await browser.newPage();
  await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  await page.pdf({ preferCSSPageSize: true, printBackground: true });
  await page.close();
}
await browser.close();
