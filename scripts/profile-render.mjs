#!/usr/bin/env node
// Where Chromium's time goes when it prints an edition (the renderer side of
// the profile in docs/benchmark.md): prints each HTML file as the floor does
// (scripts/bench-floor.mjs: the build's flags and print options) under a
// Chromium trace, then sums the trace's complete events by name over every
// process, self time (an event's duration less the events nested in it).
//
// Usage: node scripts/profile-render.mjs output/*.html
import puppeteer from "puppeteer";
import { pathToFileURL } from "node:url";
import { findBrowser, launchArgs } from "../dist/stages/6-render/browser.js";

const { found } = await findBrowser(process.env);
if (!found) throw new Error("no browser");
const browser = await puppeteer.launch({
  executablePath: found.executablePath,
  args: launchArgs(),
  headless: true,
  pipe: true,
});
const totals = new Map();
for (const file of process.argv.slice(2)) {
  const page = await browser.newPage();
  await page.tracing.start({
    categories: ["devtools.timeline", "blink", "loading", "v8", "cc", "gpu", "disabled-by-default-devtools.timeline"],
  });
  await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
  await page.pdf({ preferCSSPageSize: true, printBackground: true, tagged: true, outline: true });
  const trace = JSON.parse(Buffer.from(await page.tracing.stop()).toString("utf8"));
  // Complete events ("X"), per thread: each event's self time (its duration less its children's), by name.
  const byThread = new Map();
  for (const e of trace.traceEvents ?? []) {
    if (e.ph !== "X" || !e.dur) continue;
    const k = `${e.pid}:${e.tid}`;
    if (!byThread.has(k)) byThread.set(k, []);
    byThread.get(k).push(e);
  }
  for (const events of byThread.values()) {
    events.sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    const open = [];
    for (const e of events) {
      while (open.length && open.at(-1).ts + open.at(-1).dur <= e.ts) open.pop();
      const parent = open.at(-1);
      if (parent) totals.set(parent.name, (totals.get(parent.name) ?? 0) - e.dur / 1000);
      totals.set(e.name, (totals.get(e.name) ?? 0) + e.dur / 1000);
      open.push(e);
    }
  }
  await page.close();
}
await browser.close();
for (const [name, ms] of [...totals].sort((a, b) => b[1] - a[1]).slice(0, 25))
  console.log(`${ms.toFixed(0).padStart(7)} ms  ${name}`);
