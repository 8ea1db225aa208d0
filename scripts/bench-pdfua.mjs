#!/usr/bin/env node
// What the PDF/UA-1 work costs a build (issue 20): the post-processing that
// makes Chromium's print conform (src/stages/7-pdf/accessible.ts and the XMP),
// and the checker that reads each PDF back (src/checks/pdfua), as shares of a
// cold build of the same project.
//
// Paired, alternating runs: each pair is one cold build (`brief build
// --no-cache`, a whole process, spawn to exit) and one fresh process that
// runs the post-processing and the checker on Chromium's own prints of the
// same editions (recorded once, before the pairs), timed inside that
// process after its modules are loaded, as the build runs them. Which of the
// two goes first alternates from pair to pair, so drift in the machine's
// load falls on both. The result is the median of the per-pair ratios.
//
// Usage: node scripts/bench-pdfua.mjs [pairs]   (make bench calls postProcessingCost)
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { copyProject } from "./bench-project.mjs";

const SELF = fileURLToPath(import.meta.url);
const repo = path.resolve(path.dirname(SELF), "..");
const dist = (rel) => pathToFileURL(path.join(repo, "dist", rel)).href;
const ENV = { ...process.env, SOURCE_DATE_EPOCH: "1739145600", NO_COLOR: "1", CI: "1" };

/** Run `node args` in `cwd`; resolves with its wall time (ms) and stdout. */
function node(args, cwd) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { cwd, env: ENV, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    child.on("exit", (code) =>
      code === 0
        ? resolve({ ms: performance.now() - started, out })
        : reject(new Error(`node ${args.join(" ")} exited ${code}: ${err.slice(-500)}`)),
    );
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Child: build `root` once, keeping each edition's final print and the metadata the build gives it, into `dir`. */
async function record(root, dir) {
  const { REAL_SEAMS, runBuild } = await import(dist("pipeline/index.js"));
  const { prepareProject } = await import(dist("pipeline/prepare.js"));
  const { pdfMeta } = await import(dist("pipeline/publish.js"));
  mkdirSync(dir, { recursive: true });
  const seams = {
    ...REAL_SEAMS,
    openRenderer: async (o) => {
      const r = await REAL_SEAMS.openRenderer(o);
      return {
        ...r,
        openPage: async (allowed) => {
          const page = await r.openPage(allowed);
          return {
            browserVersion: page.browserVersion,
            close: () => page.close(),
            print: async (file, options) => {
              const printed = await page.print(file, options);
              if (!options?.measure) writeFileSync(path.join(dir, `${path.basename(file, ".html")}.pdf`), printed.pdf);
              return printed;
            },
          };
        },
      };
    },
  };
  const r = await runBuild({ root, cache: false, outDir: path.join(dir, "out") }, seams);
  if (r.exitCode !== 0) throw new Error(`recording build failed (exit ${r.exitCode})`);
  const { prepared } = await prepareProject({ root, cache: false });
  for (const p of prepared) {
    const m = pdfMeta(p, p.laidOut, "bench", new Date("2025-02-10T00:00:00Z"));
    writeFileSync(
      path.join(dir, `${p.edition.name}.json`),
      JSON.stringify({ targets: [...m.targets], passages: m.passages }),
    );
  }
}

/** Child: post-process and check every recorded print; prints the milliseconds each took, summed. */
async function measure(dir) {
  // The build's V8 settings (bin/brief.js), before the measured modules load.
  (await import(dist("lib/v8-tuning.js"))).tuneV8();
  const { PDFDocument } = await import("pdf-lib");
  const { makeAccessible } = await import(dist("stages/7-pdf/accessible.js"));
  const { writeXmp } = await import(dist("stages/7-pdf/xmp.js"));
  const { checkPdfUa } = await import(dist("checks/pdfua/index.js"));
  let post = 0;
  let check = 0;
  for (const f of readdirSync(dir).filter((x) => x.endsWith(".pdf"))) {
    const meta = JSON.parse(readFileSync(path.join(dir, f.replace(/\.pdf$/, ".json")), "utf8"));
    // The build has the print parsed already (pagination reads it) and saves it anyway: neither is timed.
    const doc = await PDFDocument.load(readFileSync(path.join(dir, f)), { updateMetadata: false });
    let t = performance.now();
    await makeAccessible(doc, { targets: new Map(meta.targets), passages: meta.passages, pageOf: () => undefined });
    writeXmp(doc, {
      title: f,
      creator: "bench",
      subject: f,
      keywords: [],
      lang: "en-GB",
      producer: "bench",
      date: new Date(0),
    });
    post += performance.now() - t;
    const bytes = await doc.save({ useObjectStreams: false });
    t = performance.now();
    await checkPdfUa(bytes, { passages: meta.passages });
    check += performance.now() - t;
  }
  console.log(JSON.stringify({ post, check }));
}

/**
 * The PDF/UA-1 work as shares of a cold build of the repository's project:
 * `pairs` paired, alternating runs; medians of the per-pair ratios, and the
 * raw milliseconds.
 */
export async function postProcessingCost({ pairs = 5, log = (s) => process.stderr.write(`${s}\n`) } = {}) {
  const scratch = mkdtempSync(path.join(os.tmpdir(), "brief-bench-pdfua-"));
  try {
    const copy = (name) => copyProject(repo, path.join(scratch, name));
    const prints = path.join(scratch, "prints");
    await node([SELF, "record", copy("record"), prints], repo);
    const pairsOut = [];
    for (let i = 0; i < pairs; i++) {
      const root = copy(`cold-${i}`);
      const buildRun = () => node([path.join(repo, "bin", "brief.js"), "build", "--no-cache", "-q"], root);
      const measureRun = async () => JSON.parse((await node([SELF, "measure", prints], repo)).out);
      let build;
      let cost;
      if (i % 2 === 0) {
        build = await buildRun();
        cost = await measureRun();
      } else {
        cost = await measureRun();
        build = await buildRun();
      }
      pairsOut.push({ build: build.ms, ...cost });
      log(
        `  pair ${i + 1}: cold build ${(build.ms / 1000).toFixed(2)} s, post-processing ${cost.post.toFixed(0)} ms, check ${cost.check.toFixed(0)} ms`,
      );
    }
    return {
      pairs: pairsOut,
      post: median(pairsOut.map((p) => p.post / p.build)),
      check: median(pairsOut.map((p) => p.check / p.build)),
      both: median(pairsOut.map((p) => (p.post + p.check) / p.build)),
      buildMs: median(pairsOut.map((p) => p.build)),
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

const [mode, ...rest] = process.argv.slice(2);
if (process.argv[1] === SELF) {
  if (mode === "record") await record(rest[0], rest[1]);
  else if (mode === "measure") await measure(rest[0]);
  else {
    const r = await postProcessingCost({ pairs: Number(mode ?? 5) });
    const pct = (x) => `${(x * 100).toFixed(1)}%`;
    console.log(`cold build (median) ${(r.buildMs / 1000).toFixed(2)} s over ${r.pairs.length} pairs`);
    console.log(
      `PDF/UA post-processing / cold build: ${pct(r.post)} (target < 5%) ${r.post < 0.05 ? "meets" : "MISSES"}`,
    );
    console.log(`PDF/UA check (read back) / cold build: ${pct(r.check)}`);
    console.log(`both / cold build: ${pct(r.both)}`);
  }
}
