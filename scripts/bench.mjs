#!/usr/bin/env node
// Benchmark: where a build's time goes, as ratios measured in one run.
// Usage: make bench   (or: node scripts/bench.mjs [runs])
// Builds a copy of the project in a temporary folder, so output/ is untouched.
import { cpSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { performance } from "node:perf_hooks";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { build } = await import(path.join(repo, "dist/index.js"));
const { load } = await import(path.join(repo, "dist/stages/load/index.js"));
const { plan } = await import(path.join(repo, "dist/stages/plan.js"));
const { prepare } = await import(path.join(repo, "dist/prepare.js"));

const runs = Number(process.argv[2] ?? 3);
const root = mkdtempSync(path.join(os.tmpdir(), "brief-bench-"));
cpSync(path.join(repo, "content"), path.join(root, "content"), { recursive: true });
cpSync(path.join(repo, "templates"), path.join(root, "templates"), { recursive: true });
const env = { ...process.env, SOURCE_DATE_EPOCH: "1739145600" };

async function time(fn) {
  const samples = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

const prepareAll = async () => {
  const { project } = await load({
    root,
    contentDir: path.join(root, "content"),
    templatesDir: path.join(root, "templates"),
  });
  const names = new Set(project.audiences.keys());
  for (const { edition } of plan(project).editions) await prepare(edition, names);
};

await prepareAll(); // warm-up: module loading, JIT and the font CSS cache
const results = {
  "load + prepare (no browser)": await time(prepareAll),
  "build --format html": await time(() => build({ root, formats: ["html"], env })),
  "build (pdf + html)": await time(() => build({ root, env })),
};
const base = results["load + prepare (no browser)"];
console.log(`median of ${runs} runs, ${os.cpus().length} cores, Node ${process.version}`);
for (const [k, v] of Object.entries(results))
  console.log(`${k.padEnd(30)} ${v.toFixed(0).padStart(7)} ms   ×${(v / base).toFixed(1)}`);
console.log(
  `rendering share of a full build: ${((1 - results["build --format html"] / results["build (pdf + html)"]) * 100).toFixed(0)}%`,
);
rmSync(root, { recursive: true, force: true });
