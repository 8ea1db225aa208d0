#!/usr/bin/env node
// Bundle the compiled CLI (dist/main.js) into dist/bundle/, so that `brief`
// starts by reading a few large files instead of resolving, reading and
// linking ~900 small modules (measured in `make bench`: `check --no-render`
// and the cold build both spend much of their node time loading modules).
//
// - Code splitting keeps the lazy imports lazy: Vega, the render and PDF
//   stages, preview and distribute each land in a chunk of their own that
//   loads only when a command needs it.
// - Packages that locate files beside their own code at run time
//   (puppeteer's browser cache, pdfjs-dist's worker, chokidar, nodemailer, css-tree's
//   data files, jsdom and the DOMPurify it serves)
//   stay external and load from node_modules as before.
// - The chunks sit two folders below the package root (dist/bundle/), like
//   dist/lib/*.js, so paths resolved from import.meta.url (package.json,
//   node_modules) resolve to the same files bundled or not.
//
// bin/brief.js runs the bundle only when it is newer than dist/main.js, so a
// bare `tsc` never leaves a stale bundle in charge.
import { build } from "esbuild";
import { rmSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outdir = path.join(root, "dist", "bundle");
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: [path.join(root, "dist", "main.js")],
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  // Names stay as written (stack traces, error classes); only whitespace and syntax are compacted.
  minifyWhitespace: true,
  minifySyntax: true,
  external: ["puppeteer", "puppeteer-core", "pdfjs-dist", "chokidar", "nodemailer", "css-tree", "jsdom", "dompurify"],
  // CommonJS dependencies inside an ES module bundle still call require() for Node's built-ins.
  banner: {
    js: 'import { createRequire as __briefRequire } from "node:module"; const require = __briefRequire(import.meta.url);',
  },
  logLevel: "warning",
});

// Which code points each bundled font file really has (src/stages/5-layout/font-glyphs.ts): worked out once here,
// so a build does not decompress every WOFF2 it uses to find out.
const { faceFiles } = await import(new URL("../dist/stages/5-layout/fonts.js", import.meta.url).href);
const { writeGlyphIndex } = await import(new URL("../dist/stages/5-layout/font-glyphs.js", import.meta.url).href);
writeGlyphIndex(faceFiles(root));
