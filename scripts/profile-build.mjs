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
// Usage: node scripts/profile-build.mjs [profile.cpuprofile]   (an existing profile is only summarised)
import { spawnSync } from "node:child_process";
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
  ["loading and compiling modules", (f, u) => /node:internal\/modules/.test(u) || f === "compileSourceTextModule"],
];

function summarise(file) {
  const p = JSON.parse(readFileSync(file, "utf8"));
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
  const busy = [...sums].filter(([k]) => k !== "idle").reduce((a, [, v]) => a + v, 0);
  console.log(`main thread busy ${busy.toFixed(0)} ms, idle ${(sums.get("idle") ?? 0).toFixed(0)} ms`);
  for (const [name, ms] of [...sums].filter(([k]) => k !== "idle").sort((a, b) => b[1] - a[1]))
    console.log(`${ms.toFixed(0).padStart(7)} ms ${((ms / busy) * 100).toFixed(0).padStart(3)}%  ${name}`);
}

if (process.argv[2]) summarise(process.argv[2]);
else {
  const scratch = mkdtempSync(path.join(os.tmpdir(), "brief-profile-"));
  try {
    for (const d of ["content", "templates"]) cpSync(path.join(repo, d), path.join(scratch, d), { recursive: true });
    spawnSync(
      process.execPath,
      ["--cpu-prof", "--cpu-prof-dir=prof", path.join(repo, "bin", "brief.js"), "build", "--quiet"],
      {
        cwd: scratch,
        env: { ...process.env, SOURCE_DATE_EPOCH: "1739145600", NO_COLOR: "1", CI: "1" },
        stdio: "inherit",
      },
    );
    const prof = readdirSync(path.join(scratch, "prof"))[0];
    summarise(path.join(scratch, "prof", prof));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
