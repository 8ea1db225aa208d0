#!/usr/bin/env node
// Where a cold build's Node time goes (the Node side of the profile in
// docs/benchmark.md): runs `brief build --quiet` with an empty cache on a
// copy of the project under `node --cpu-prof`, then sums the profile's
// samples into the pipeline's parts. A sample counts toward the nearest
// function on its stack that names a part (a pdf-lib parse counts as a
// parse wherever it is called; the relayout with page numbers as layout). Samples are wall-clock ticks of the
// main thread, so on a loaded machine each part grows with the load; the
// shares are what to compare. (`scripts/profile-render.mjs` is the
// Chromium side.)
//
// `--runs=N` (default 3) also prints CPU seconds per part (cpuTable below),
// the table docs/benchmark.md quotes.
//
// Usage: node scripts/profile-build.mjs [--runs=N | profile.cpuprofile]   (an existing profile is only summarised)
import { spawnSync } from "node:child_process";
import { SourceMap } from "node:module";
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

/** The parts, nearest match first on each sample's stack: [name, test(functionName, url)]. */
const PARTS = [
  ["idle", (f) => f === "(idle)"],
  ["garbage collection", (f) => f === "(garbage collector)"],
  ["PDF/UA check (reads each PDF back)", (f) => /^checkPdfUa$|^check[A-Z]\w+$|CheckContext/.test(f)],
  ["PDF/UA post-processing", (f) => /^makeAccessible$|^markDecoration$|^markArtifacts$|^writeXmp$/.test(f)],
  [
    "finishing: outline, ids, save, document ID",
    (f) => /^finalizePdf$|^fixOutline$|^renumberNodeIds$|serializeToBuffer|^withId$/.test(f),
  ],
  [
    "pdf-lib parse (prints)",
    (f) => /Parser|ByteStream|^PDFContext\d*$|parseDocument|PDFDocument\d*\.load$|^loadPdf$|^parsePdf$/.test(f),
  ],
  ["pagination (reading where headings fell)", (f) => /^paginate$|^destinationPagesOf$/.test(f)],
  [
    "prepare: merge, Markdown, charts, layout, fonts",
    (f) => /^prepareEdition|^prepareMisses$|^markdown$|^layout$|^merge|^renderChart$|^fontsFor$/.test(f),
  ],
  ["puppeteer and the DevTools pipe", (f, u) => /puppeteer/.test(u) || f === "writeUtf8String"],
  [
    "loading and compiling modules",
    (f, u) => /node:internal\/modules/.test(u) || /^(compileSourceTextModule|loadWithCodeCache)$/.test(f),
  ],
];

/**
 * The bundle's source map (scripts/bundle.mjs writes it beside dist/bundle/main.cjs), to name the file each
 * sample in the bundle came from: puppeteer-core and css-tree are bundled, so their URL alone no longer says
 * so. bundle.mjs edits a few spots after esbuild (the "use strict" prefix, `import()` calls, non-ASCII
 * escapes), which moves columns on those lines by a few characters: close enough to name the module.
 */
const BUNDLE = path.join(repo, "dist", "bundle", "main.cjs");
let bundleMap;
function sourceOf(url, line, column) {
  if (!url.endsWith("/dist/bundle/main.cjs")) return url;
  if (bundleMap === undefined) {
    try {
      bundleMap = new SourceMap(JSON.parse(readFileSync(`${BUNDLE}.map`, "utf8")));
    } catch {
      bundleMap = null;
    }
  }
  const hit = bundleMap?.findEntry(line, column);
  return hit?.originalSource ?? url;
}

/** A profile's main-thread samples summed into PARTS: Map(part → ms), idle included. */
function partsOf(file) {
  const p = JSON.parse(readFileSync(file, "utf8"));
  for (const n of p.nodes)
    n.callFrame = { ...n.callFrame, url: sourceOf(n.callFrame.url, n.callFrame.lineNumber, n.callFrame.columnNumber) };
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const sums = new Map();
  for (const [id, us] of self) {
    let part = "other";
    find: for (let q = id; q !== undefined; q = parent.get(q)) {
      const { functionName, url } = byId.get(q).callFrame;
      for (const [name, test] of PARTS)
        if (test(functionName, url)) {
          part = name;
          break find;
        }
    }
    sums.set(part, (sums.get(part) ?? 0) + us / 1000);
  }
  return sums;
}

const busyOf = (sums) => [...sums].filter(([k]) => k !== "idle").reduce((a, [, v]) => a + v, 0);

function summarise(file) {
  const sums = partsOf(file);
  const busy = busyOf(sums);
  console.log(`main thread busy ${busy.toFixed(0)} ms, idle ${(sums.get("idle") ?? 0).toFixed(0)} ms`);
  for (const [name, ms] of [...sums].filter(([k]) => k !== "idle").sort((a, b) => b[1] - a[1]))
    console.log(`${ms.toFixed(0).padStart(7)} ms ${((ms / busy) * 100).toFixed(0).padStart(3)}%  ${name}`);
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/** One cold build of a fresh copy of the project; its Node CPU ({ main, workers } s) and, if profiled, its parts. */
function coldBuild(profiled) {
  const scratch = mkdtempSync(path.join(os.tmpdir(), "brief-profile-"));
  try {
    for (const d of ["content", "templates"]) cpSync(path.join(repo, d), path.join(scratch, d), { recursive: true });
    const cpuOut = path.join(scratch, "cpu.json");
    const flags = ["--require", path.join(repo, "scripts", "cpu-at-exit.cjs")];
    if (profiled) flags.push("--cpu-prof", "--cpu-prof-dir=prof");
    const r = spawnSync(process.execPath, [...flags, path.join(repo, "bin", "brief.js"), "build", "--quiet"], {
      cwd: scratch,
      env: { ...process.env, SOURCE_DATE_EPOCH: "1739145600", NO_COLOR: "1", CI: "1", BRIEF_CPU_OUT: cpuOut },
      stdio: "inherit",
    });
    if (r.status !== 0) throw new Error(`brief build exited ${r.status}`);
    const cpu = JSON.parse(readFileSync(cpuOut, "utf8"));
    const parts = profiled
      ? partsOf(path.join(scratch, "prof", readdirSync(path.join(scratch, "prof"))[0]))
      : undefined;
    return { cpu, parts };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * CPU seconds per part: `runs` cold builds without the profiler give Node's
 * CPU (main thread and the rest); `runs` under the profiler give each
 * part's share of the main thread's busy samples, which is then applied to
 * the unprofiled main-thread median. CPU seconds barely move with the
 * machine's load (wall-clock samples do), so these compare across runs.
 */
function cpuTable(runs) {
  const plain = [];
  const profiled = [];
  for (let i = 0; i < runs; i++) {
    plain.push(coldBuild(false).cpu);
    profiled.push(coldBuild(true).parts);
  }
  const main = median(plain.map((c) => c.main));
  const workers = median(plain.map((c) => c.workers));
  const names = [...new Set(profiled.flatMap((s) => [...s.keys()]))].filter((k) => k !== "idle");
  const rows = names.map((name) => [name, median(profiled.map((s) => (s.get(name) ?? 0) / busyOf(s))) * main]);
  console.log(
    `load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")} after; ${runs} runs each`,
  );
  console.log(
    `Node CPU per cold build: main thread ${main.toFixed(2)} s (runs ${plain.map((c) => c.main.toFixed(2)).join(" ")}),`,
  );
  console.log(
    `other threads ${workers.toFixed(2)} s (runs ${plain.map((c) => c.workers.toFixed(2)).join(" ")}), total ${(main + workers).toFixed(2)} s`,
  );
  console.log("| part of the build | CPU s |\n|---|---|");
  for (const [name, s] of rows.sort((a, b) => b[1] - a[1])) console.log(`| ${name} | ${s.toFixed(2)} |`);
  console.log(`| other threads (V8's compiler and GC workers, libuv) | ${workers.toFixed(2)} |`);
  console.log(`| **Node in all** | **${(main + workers).toFixed(2)}** |`);
}

const arg = process.argv[2];
if (arg && !/^--runs=\d+$/.test(arg)) summarise(arg);
else {
  console.log(
    `load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")} before`,
  );
  cpuTable(arg ? Number(arg.slice("--runs=".length)) : 3);
}
