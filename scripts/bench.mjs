#!/usr/bin/env node
// Benchmark: what a build costs, as paired ratios measured in one run (make bench).
//
// Every number is a whole process (`node bin/brief.js …`), timed wall-clock
// from spawn to exit, on copies of the project in a temporary folder, so
// output/ and .cache/ are untouched. Every ratio is measured as alternating
// pairs (A B A B …, one warm-up pair first, then BENCH_PAIRS pairs, at least
// 5): on a shared machine the load drifts, and a ratio of two blocks run one
// after the other measures the drift. The result is the median of the
// per-pair ratios, printed with their min and max; when they spread more
// than 1.25× (max / min) the ratio is not quoted and the run says so
// (src/lib/paired-stats.ts). The load average is printed before and after.
// The cold build's ratios are measured in BENCH_RUNS (at least 3) consecutive
// runs, each with its own load before and after, and quoted only when every
// run passes its spread guard and the runs' medians agree within 10%: the
// quoted value is the median of the runs' medians.
//
// Usage: make bench    (or: BENCH_PAIRS=7 BENCH_RUNS=3 node scripts/bench.mjs;
//        BENCH_ONLY=cold,scale node scripts/bench.mjs runs only those sections:
//        cold, jobs, scale, startup, preview, pdfua, facts)
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import {
  formatPaired,
  formatRepeated,
  MIN_PAIRS,
  MIN_RUNS,
  median,
  pairedRatio,
  pairedSchedule,
  repeatedRatio,
  RUNS_AGREE,
  SPREAD_LIMIT,
} from "../dist/lib/paired-stats.js";
import { copyProject } from "./bench-project.mjs";
import { run } from "./bench-run.mjs";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const BIN = path.join(repo, "bin", "brief.js");
const PAIRS = Math.max(MIN_PAIRS, Number(process.env.BENCH_PAIRS ?? MIN_PAIRS));
const RUNS = Math.max(MIN_RUNS, Number(process.env.BENCH_RUNS ?? MIN_RUNS));
const ONLY = new Set((process.env.BENCH_ONLY ?? "cold,jobs,scale,startup,preview,pdfua,facts").split(","));
const scratch = mkdtempSync(path.join(os.tmpdir(), "brief-bench-"));
const ENV = { ...process.env, SOURCE_DATE_EPOCH: "1739145600", NO_COLOR: "1", CI: "1" };
const log = (s) => process.stderr.write(`${s}\n`);
const sec = (ms) => (ms / 1000).toFixed(2);

/** A fresh copy of the project with `briefs` copies of each brief (scripts/bench-project.mjs: page budgets lifted). */
let copies = 0;
const project = (briefs = 1) => copyProject(repo, path.join(scratch, `p${copies++}`), briefs);

/** The newest modification time among a folder's files, ms since the epoch. */
function lastWrite(dir) {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true, recursive: true }))
    if (e.isFile()) newest = Math.max(newest, statSync(path.join(e.parentPath, e.name)).mtimeMs);
  return newest;
}

/**
 * Run `variants` (each `{ label, run(pair) }`) in the paired schedule: a
 * warm-up pair, then PAIRS pairs, A B (C) A B (C) … Returns, per variant,
 * the results of the counted pairs in order, and the warm-up's.
 */
async function paired(title, variants) {
  log(`${title}: ${variants.map((v) => v.label).join(" / ")}, one warm-up pair and ${PAIRS} pairs`);
  const counted = variants.map(() => []);
  const warm = [];
  for (const step of pairedSchedule(PAIRS, variants.length)) {
    const v = variants[step.variant];
    const r = await v.run(step.pair);
    if (step.pair < 0) warm[step.variant] = r;
    else counted[step.variant].push(r);
    log(
      `  ${step.pair < 0 ? "warm-up" : `pair ${step.pair + 1}`}  ${v.label.padEnd(28)} ${sec(r.ms)} s wall, ${r.cpu.toFixed(2)} s CPU (Chromium ${r.chromiumCpu.toFixed(2)} s)`,
    );
  }
  return { counted, warm };
}

const results = [];
/** A paired ratio against its target: quoted only when the spread is within the limit. */
function recordPaired(name, num, den, target, meets) {
  const r = pairedRatio(
    num.map((x) => x.ms),
    den.map((x) => x.ms),
  );
  const cpu = pairedRatio(
    num.map((x) => x.cpu),
    den.map((x) => x.cpu),
    { spread: Infinity },
  );
  results.push({
    name,
    value: r.quotable ? formatPaired(r) : `NOT QUOTED: ${r.refusal}`,
    extra: `per pair ${r.ratios.map((x) => x.toFixed(2)).join(" ")}; CPU ${cpu.median.toFixed(2)}×; ${sec(median(num.map((x) => x.ms)))} s / ${sec(median(den.map((x) => x.ms)))} s`,
    target,
    ok: r.quotable && meets(r.median),
    refused: !r.quotable,
  });
  return r;
}
/**
 * A ratio of variants `num` and `den` measured in consecutive runs (each `{ counted, before, after }`): quoted
 * only when every run passes its own spread guard and the runs' medians agree within RUNS_AGREE; the value
 * is the median of the runs' medians, printed with each run's median and the load before and after it.
 */
function recordRepeated(name, runs, num, den, target, meets) {
  const ms = (xs) => xs.map((x) => x.ms);
  const r = repeatedRatio(runs.map((x) => pairedRatio(ms(x.counted[num]), ms(x.counted[den]))));
  const cpu = median(
    runs.map(
      (x) =>
        pairedRatio(
          x.counted[num].map((y) => y.cpu),
          x.counted[den].map((y) => y.cpu),
          { spread: Infinity },
        ).median,
    ),
  );
  results.push({
    name,
    value: r.quotable ? formatRepeated(r) : `NOT QUOTED: ${r.refusal}`,
    extra: `${r.runs.map((x, i) => `run ${i + 1}: ${formatPaired(x)}, load ${runs[i].before} → ${runs[i].after}`).join("\n")}\nCPU ${cpu.toFixed(2)}× (median of the runs' paired CPU ratios)`,
    target,
    ok: r.quotable && meets(r.median),
    refused: !r.quotable,
  });
  return r;
}
const record = (name, value, target, ok, extra = "") => results.push({ name, value, extra, target, ok });

/** One result row (and its details on the next line). */
function printRow(r, width = r.name.length) {
  console.log(
    `  ${r.ok ? "meets  " : r.refused ? "REFUSED" : "MISSES "}  ${r.name.padEnd(width)}  ${r.value}  target ${r.target}`,
  );
  for (const line of r.extra ? r.extra.split("\n") : []) console.log(`  ${" ".repeat(11 + width)}${line}`);
}
/** Each section's rows as soon as it ends (to stderr, with the load average), so a long run shows its progress. */
let shown = 0;
function sectionDone() {
  for (const r of results.slice(shown))
    log(`  → ${r.ok ? "meets" : r.refused ? "REFUSED" : "MISSES"}: ${r.name}: ${r.value}`);
  shown = results.length;
  log(`  load average now: ${load()}`);
}

const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(" ");
const cpuModel = /model name\s*:\s*(.*)/.exec(readFileSync("/proc/cpuinfo", "utf8"))?.[1] ?? "unknown CPU";
console.log(
  `brief benchmark: ${os.cpus().length} cores (${cpuModel}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GB RAM, Node ${process.version}`,
);
console.log(
  `paired runs: one warm-up pair, then ${PAIRS} pairs per ratio; median of per-pair ratios, quoted when max/min ≤ ${SPREAD_LIMIT}`,
);
console.log(
  `the cold build's ratios: ${RUNS} consecutive runs, quoted (median of the runs' medians) when they agree within ${RUNS_AGREE}× (max/min)`,
);
console.log(`load average before (1, 5, 15 min): ${load()}`);
const started = Date.now();

const build = (root, extra = [], env = {}) =>
  run([BIN, "build", "--quiet", ...extra], root, { env: { ...ENV, ...env } });

// 1. Cold build, no-change rebuild of that build, and two floors on the build's own final HTML: the project's
//    (the build's flags and PDF options) and an outside one (puppeteer's defaults).
if (ONLY.has("cold")) {
  // The outside floor (scripts/bench-floor-outside.mjs) is given the same browser, found as the build finds it.
  const { findBrowser } = await import("../dist/stages/6-render/browser.js");
  const browserPath = (await findBrowser(process.env)).found?.executablePath;
  if (!browserPath) throw new Error("no browser found (run make setup)");
  // The floor prints the HTML a cold build wrote (the same bytes every time: builds are reproducible).
  const reference = project();
  await build(reference);
  const htmls = readdirSync(path.join(reference, "output"))
    .filter((f) => f.endsWith(".html"))
    .map((f) => path.join(reference, "output", f));
  // The cold build's ratios are measured in RUNS consecutive runs (each its own paired schedule, with the load
  // before and after it), and quoted only when every run passes its spread guard and their medians agree.
  let last;
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    const before = load();
    const { counted } = await paired(`cold build, no-change rebuild, floor (run ${i + 1} of ${RUNS})`, [
      {
        label: "cold build (empty cache)",
        run: async () => {
          const root = project();
          const r = await build(root);
          // Its last file anywhere: the editions in output/ and the cache entries in .cache/.
          r.tail = r.exitedAt - Math.max(lastWrite(path.join(root, "output")), lastWrite(path.join(root, ".cache")));
          last = root;
          return r;
        },
      },
      { label: "no-change rebuild", run: () => build(last) },
      {
        label: "floor (bare puppeteer)",
        run: () => run([path.join(repo, "scripts", "bench-floor.mjs"), ...htmls], repo, { env: ENV }),
      },
      {
        label: "outside floor (defaults)",
        run: () =>
          run([path.join(repo, "scripts", "bench-floor-outside.mjs"), ...htmls], repo, {
            env: { ...ENV, BENCH_BROWSER: browserPath },
          }),
      },
    ]);
    runs.push({ counted, before, after: load() });
    const ms = (xs) => xs.map((x) => x.ms);
    log(
      `  run ${i + 1}: cold build / floor ${formatPaired(pairedRatio(ms(counted[0]), ms(counted[2]), { spread: Infinity }))}, / outside floor ${formatPaired(pairedRatio(ms(counted[0]), ms(counted[3]), { spread: Infinity }))}; load average before ${before}, after ${load()}`,
    );
  }
  recordRepeated("cold build / floor", runs, 0, 2, "≤ 1.3×", (m) => m <= 1.3);
  recordRepeated("cold build / outside floor", runs, 0, 3, "≤ 1.3×", (m) => m <= 1.3);
  recordRepeated("no-change rebuild / cold build", runs, 1, 0, "≤ 0.15×", (m) => m <= 0.15);
  const [cold, noChange] = [0, 1].map((v) => runs.flatMap((r) => r.counted[v]));
  const chromium = noChange.some((r) => r.chromium);
  record("no-change rebuild starts Chromium", chromium ? "yes" : "no", "no", !chromium);
  const tail = median(cold.map((r) => r.tail));
  record("exit after last file written (median)", `${Math.round(tail)} ms`, "≤ 100 ms", tail <= 100);

  // A one-section change on the last cold build's project (one run, for what it re-renders).
  const studentOnly = readdirSync(path.join(last, "content/deepseek/sections")).find((f) => f.startsWith("stu-30"));
  appendFileSync(path.join(last, "content/deepseek/sections", studentOnly), "\nA sentence added by the benchmark.\n");
  const one = await run([BIN, "build"], last, { env: ENV });
  const rerendered = one.stderr
    .split("\n")
    .filter((l) => /^\[\d+\/\d+\]/.test(l) && !l.includes("cached"))
    .map((l) => l.split(" ")[1]);
  record(
    "one-section change re-renders",
    rerendered.join(", "),
    "deepseek-student only",
    rerendered.join(",") === "deepseek-student",
    `${sec(one.ms)} s, one run`,
  );
  record(
    "peak memory (PSS), cold build",
    `${Math.round(Math.max(...cold.map((r) => r.peak)) / 2 ** 20)} MB`,
    "< 1536 MB",
    Math.max(...cold.map((r) => r.peak)) < 1.5 * 2 ** 30,
  );
  sectionDone();
}

// 2. --jobs 1 against --jobs 2 (pages of one browser, and a browser per job) on 12 editions, no cache.
if (ONLY.has("jobs")) {
  const twelve = project(4);
  const { counted } = await paired("12 editions, no cache", [
    { label: "--jobs 1", run: () => build(twelve, ["--no-cache", "--jobs", "1"]) },
    { label: "--jobs 2", run: () => build(twelve, ["--no-cache", "--jobs", "2"]) },
    {
      label: "--jobs 2, a browser per job",
      run: () => build(twelve, ["--no-cache", "--jobs", "2"], { BRIEF_POOL_STRATEGY: "browsers" }),
    },
  ]);
  const [j1, j2, b2] = counted;
  recordPaired("--jobs 2 speed-up over --jobs 1 (12 editions)", j1, j2, "≥ 1.5×", (m) => m >= 1.5);
  recordPaired("--jobs 2 as two browsers, speed-up", j1, b2, "(info)", () => true);
  const busy = median(j1.map((r) => r.busyCores));
  record(
    `--jobs 1 keeps cores busy; ceiling for any --jobs`,
    `${busy.toFixed(2)} of ${os.cpus().length}, ${(os.cpus().length / busy).toFixed(2)}×`,
    "(info)",
    true,
  );
  sectionDone();
}

// 3. Scale: 30 against 60 editions (10 and 20 copies of the brief), no cache, default jobs.
if (ONLY.has("scale")) {
  const thirty = project(10);
  const sixty = project(20);
  const { counted } = await paired("30 against 60 editions, no cache", [
    { label: "30 editions", run: () => build(thirty, ["--no-cache"]) },
    { label: "60 editions", run: () => build(sixty, ["--no-cache"]) },
  ]);
  const [t30, t60] = counted;
  recordPaired("60 editions / 30 editions", t60, t30, "≤ 2.1×", (m) => m <= 2.1);
  const peak = Math.max(...t60.map((r) => r.peak)) / 2 ** 20;
  record("peak memory (PSS), 60 editions", `${Math.round(peak)} MB`, "< 1536 MB", peak < 1536);
  sectionDone();
}

// 4. Start-up, first run included.
if (ONLY.has("startup")) {
  const { startup } = await import("./bench-startup.mjs");
  for (const r of await startup({ repo, env: ENV, log })) record(r.name, r.value, r.target, r.ok, r.extra);
  sectionDone();
}

// 5. Live preview: save → updated HTML served (scripts/bench-preview.mjs, median of its runs).
if (ONLY.has("preview")) {
  const r = await run([path.join(repo, "scripts", "bench-preview.mjs"), String(Math.max(PAIRS, 5))], repo, {
    env: ENV,
  });
  const ms = Number(/median (\d+) ms/.exec(r.stdout + r.stderr)?.[1] ?? NaN);
  record("preview: save → updated HTML served (median)", `${ms} ms`, "≤ 300 ms", ms <= 300);
  sectionDone();
}

// 6. The PDF/UA-1 post-processing and check against cold builds: paired, alternating (scripts/bench-pdfua.mjs).
if (ONLY.has("pdfua")) {
  const { postProcessingCost } = await import("./bench-pdfua.mjs");
  const ua = await postProcessingCost({ pairs: PAIRS, log }).catch((e) => {
    record(
      "PDF/UA post-processing / cold build (paired)",
      `failed: ${String(e.message).split("\n")[0]}`,
      "< 5%",
      false,
    );
    return undefined;
  });
  if (ua) {
    const post = pairedRatio(
      ua.pairs.map((p) => p.post),
      ua.pairs.map((p) => p.build),
      { spread: Infinity },
    );
    const check = pairedRatio(
      ua.pairs.map((p) => p.check),
      ua.pairs.map((p) => p.build),
      { spread: Infinity },
    );
    const pct = (r) =>
      `${(r.median * 100).toFixed(1)}% (min ${(r.min * 100).toFixed(1)}, max ${(r.max * 100).toFixed(1)})`;
    record("PDF/UA post-processing / cold build (paired)", pct(post), "< 5%", post.median < 0.05);
    record("PDF/UA check (read back) / cold build (paired)", pct(check), "(info)", true);
  }
  sectionDone();
}

// 7. A brief with 20,000 facts: `brief check --no-render` must stay linear (issue 28: it was quadratic, 240 s).
if (ONLY.has("facts")) {
  const root = project();
  const brief = path.join(root, "content", readdirSync(path.join(root, "content")).sort()[0] ?? "");
  const source = /^([a-z0-9][a-z0-9-]*):/m.exec(readFileSync(path.join(brief, "sources.yaml"), "utf8"))?.[1] ?? "";
  let yaml = "\n";
  for (let i = 0; i < 20_000; i++)
    yaml += `bench-fact-${i}:\n  label: Bench fact ${i}\n  value: ${i}\n  format: number\n  as_of: 2025-02-05\n  source: ${source}\n`;
  appendFileSync(path.join(brief, "facts.yaml"), yaml);
  const r = await run([BIN, "check", "--no-render"], root, { env: ENV, allowFail: true });
  record("check --no-render, 20,000 facts (wall)", `${sec(r.ms)} s`, "≤ 30 s", r.ms <= 30_000);
  sectionDone();
}

console.log(`load average after (1, 5, 15 min): ${load()}  (${sec(Date.now() - started)} s)`);
console.log("");
const width = Math.max(...results.map((r) => r.name.length));
for (const r of results) printRow(r, width);
if (results.some((r) => r.refused))
  console.log(
    `\nSome ratios are not quoted: their per-pair ratios spread over ${SPREAD_LIMIT}× (the load changed). Run again on a quieter machine.`,
  );
rmSync(scratch, { recursive: true, force: true });
process.exitCode = results.every((r) => r.ok) ? 0 : 1;
