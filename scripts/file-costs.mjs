#!/usr/bin/env node
// Writes test/file-costs.json (the order test/sequencer.ts starts the browser files in) from a
// vitest JSON report of a run of the browser project:
//   npx vitest run --project browser --reporter=default --reporter=json --outputFile.json=report.json
//   node scripts/file-costs.mjs report.json "how and where it was measured"
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const [report, how = "one run"] = process.argv.slice(2);
if (!report) {
  console.error("usage: node scripts/file-costs.mjs <vitest JSON report>");
  process.exit(2);
}
const { testResults } = JSON.parse(readFileSync(report, "utf8"));
const seconds = {};
for (const file of testResults.sort((a, b) => b.endTime - b.startTime - (a.endTime - a.startTime))) {
  seconds[path.relative(root, file.name).split(path.sep).join("/")] = Math.round(
    (file.endTime - file.startTime) / 1000,
  );
}
const out = path.join(root, "test", "file-costs.json");
writeFileSync(
  out,
  `${JSON.stringify({ measured: `wall seconds per file: ${how} (${new Date().toISOString().slice(0, 10)})`, seconds }, null, 2)}\n`,
);
console.log(`wrote ${path.relative(root, out)}: ${Object.keys(seconds).length} files`);
