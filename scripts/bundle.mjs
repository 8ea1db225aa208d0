#!/usr/bin/env node
// Bundle the compiled CLI (dist/cli/start.js) into one CommonJS file,
// dist/bundle/main.cjs, so that `brief` starts by reading one large file
// instead of resolving, reading and linking ~900 small modules, and so that
// V8 can start it from a code cache (src/lib/code-cache.ts; bin/brief.js):
// Node 20 keeps no compile cache for ES modules, and compiling the bundle's
// functions afresh was the largest part of a cold build's Node CPU
// (docs/benchmark.md, issue 33).
//
// - Lazy imports stay lazy: esbuild wraps each lazily imported module
//   (Vega, the render and PDF stages, preview, distribute) in a function
//   that runs only when a command first imports it; V8 compiles a function
//   only when it first runs.
// - Packages that locate files beside their own code at run time
//   (puppeteer's browser cache, pdfjs-dist's worker, chokidar, nodemailer, jsdom and the DOMPurify it serves)
//   stay external and load from node_modules as before. Their `import("…")`
//   calls become `__briefImport("…")`, which the loader passes in: a script
//   compiled from a code cache in Node 20 cannot run `import()` itself.
// - The bundle sits two folders below the package root (dist/bundle/), like
//   dist/lib/*.js, so paths resolved from import.meta.url (package.json,
//   node_modules) resolve to the same files bundled or not.
//
// bin/brief.js runs the bundle only when it is newer than dist/main.js, so a
// bare `tsc` never leaves a stale bundle in charge.
import { build } from "esbuild";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const outdir = path.join(root, "dist", "bundle");
rmSync(outdir, { recursive: true, force: true });
const EXTERNAL = ["puppeteer", "pdfjs-dist", "chokidar", "nodemailer", "jsdom", "dompurify"];
// puppeteer-core is bundled (the build attaches to its Chromium with it, src/stages/6-render/chromium.ts): loading
// its ES modules from node_modules, which Node 20 compiles afresh every run, was about 0.3 s of CPU per build.
// Its WebDriver BiDi side (chromium-bidi, imported only when a browser is driven over BiDi, which the build never
// does) is left out: a module that says so in its place.
const noBidi = {
  name: "no-bidi",
  setup(b) {
    b.onResolve({ filter: /\/bidi\/bidi\.js$|^\.\/bidi\.js$/ }, (args) =>
      args.importer.includes(`${path.sep}puppeteer-core${path.sep}`)
        ? { path: args.path, namespace: "no-bidi" }
        : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "no-bidi" }, () => ({
      contents: 'throw new Error("brief: puppeteer\'s WebDriver BiDi support is not bundled (the build uses CDP)");',
      loader: "js",
    }));
  },
};
const outfile = path.join(outdir, "main.cjs");
await build({
  entryPoints: [path.join(root, "dist", "cli", "start.js")],
  outfile,
  bundle: true,
  format: "cjs",
  platform: "node",
  target: "node20",
  // Names stay as written (stack traces, error classes); only whitespace and syntax are compacted.
  minifyWhitespace: true,
  minifySyntax: true,
  external: EXTERNAL,
  // The modules' import.meta.url is the bundle's own URL (it sits where dist/lib/*.js does, see above).
  define: { "import.meta.url": "__briefImportMetaUrl" },
  banner: { js: 'const __briefImportMetaUrl = require("node:url").pathToFileURL(__filename).href;' },
  logLevel: "warning",
  plugins: [noBidi],
  // For scripts/profile-build.mjs, which names the file each profiled sample came from (not shipped: package.json).
  sourcemap: "external",
});

// The external packages' dynamic imports go through the loader's `__briefImport`; the sources were ES modules,
// so the bundle stays in strict mode. Any other `import(` of a package would fail under a code cache: refuse it.
let code = readFileSync(outfile, "utf8");
code = code.replace(/(?<![\w$.])import\("([^"]+)"\)/g, (whole, name) =>
  EXTERNAL.includes(name) || name.startsWith("node:") ? `__briefImport(${JSON.stringify(name)})` : whole,
);
const left = /(?<![\w$.`'"])import\((?!"\/pdfjs\/)/.exec(code);
if (left)
  throw new Error(
    `dist/bundle/main.cjs: an import() the loader does not handle: ${code.slice(left.index, left.index + 80)}`,
  );
// ASCII only, so that the loader reads it as a one-byte string without decoding UTF-8. esbuild escapes
// non-ASCII characters except in regular expression literals and raw template literals; `\uXXXX` means the same
// character in both (the one raw template with one, in 4-markdown/figure-rule.ts, is the source of a RegExp).
code = code.replace(/[\u0080-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
writeFileSync(outfile, `"use strict";${code}`);

// Which code points each bundled font file really has (src/stages/5-layout/font-glyphs.ts): worked out once here,
// so a build does not decompress every WOFF2 it uses to find out.
// The same for the @font-face rules of the packages' CSS files (src/stages/5-layout/fonts.ts): a build does not
// parse them with css-tree. The face index first: faceFiles then reads it.
const { faceFiles, writeFaceIndex } = await import(new URL("../dist/stages/5-layout/fonts.js", import.meta.url).href);
const { writeGlyphIndex } = await import(new URL("../dist/stages/5-layout/font-glyphs.js", import.meta.url).href);
writeFaceIndex(root);
writeGlyphIndex(faceFiles(root));
