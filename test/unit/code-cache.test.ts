import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/cli/index.js";
import { cacheKey } from "../../src/lib/code-cache.js";
import { REPO } from "../helpers.js";

/**
 * The bundle's code cache (src/lib/code-cache.ts): written once, then used
 * (V8 accepts it); a stale, corrupt or unwritable cache is ignored and the
 * code still runs as written. Each load is a process of its own, as in
 * use: within one process V8 keeps compiled scripts in memory, which would
 * hide whether the cache on disk was used.
 */

interface Load {
  exports: unknown;
  cacheUsed: boolean;
  cacheFile: string;
  saved: boolean;
}

/** Load `file` through the compiled loader (dist/, built by test/global-setup.ts) in a new process; save the cache when asked. */
function loadWithCodeCache(file: string, key: string, save = true): Load {
  const script =
    `import { loadWithCodeCache } from ${JSON.stringify(path.join(REPO, "dist", "lib", "code-cache.js"))};` +
    `const l = loadWithCodeCache(${JSON.stringify(file)}, ${JSON.stringify(key)});` +
    `const exports = typeof l.exports.load === "function" ? { sep: (await l.exports.load()).sep, name: l.exports.name, dir: l.exports.dir } : l.exports;` +
    `const saved = ${save} ? l.save() : false;` +
    `process.stdout.write(JSON.stringify({ exports, cacheUsed: l.cacheUsed, cacheFile: l.cacheFile, saved }));`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8" });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Load;
}

/** A CommonJS "bundle" in a folder of its own; a random token keeps each source unknown to V8's in-memory cache. */
function bundle(body: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "brief-code-cache-"));
  const file = path.join(dir, "main.cjs");
  writeFileSync(file, `"use strict";// ${randomBytes(8).toString("hex")}\n${body}`);
  return file;
}

const ANSWER = "function answer(n){ let s = 0; for (let i = 0; i < n; i++) s += i; return s; }\n";

describe("loadWithCodeCache", () => {
  it("writes a cache once, and the next load compiles from it", () => {
    const file = bundle(`${ANSWER}module.exports = { value: answer(10) };`);
    const first = loadWithCodeCache(file, "build");
    expect(first.exports).toEqual({ value: 45 });
    expect(first.cacheUsed).toBe(false);
    expect(first.cacheFile).toBe(`${file}.build.v8cache`);
    expect(first.saved).toBe(true);
    expect(readFileSync(first.cacheFile, "latin1")).toMatch(/^brief-v8cache 1 v\d+\.\d+\.\d+ \w+ [0-9a-f]{64}\n/);

    const written = statSync(first.cacheFile).mtimeMs;
    const second = loadWithCodeCache(file, "build");
    expect(second.cacheUsed).toBe(true);
    expect(second.exports).toEqual({ value: 45 });
    // A used cache is not written again.
    expect(second.saved).toBe(false);
    expect(statSync(first.cacheFile).mtimeMs).toBe(written);
    // Another command has a cache of its own.
    expect(loadWithCodeCache(file, "check").cacheUsed).toBe(false);
  });

  it("ignores a cache made from other bytes of the same length, runs the new code and replaces the cache", () => {
    const file = bundle(`${ANSWER}module.exports = { value: answer(10) };`);
    loadWithCodeCache(file, "build");
    const before = readFileSync(`${file}.build.v8cache`);
    writeFileSync(file, readFileSync(file, "utf8").replace("answer(10)", "answer(20)"));
    const stale = loadWithCodeCache(file, "build");
    expect(stale.cacheUsed).toBe(false);
    expect(stale.exports).toEqual({ value: 190 });
    expect(stale.saved).toBe(true);
    expect(readFileSync(`${file}.build.v8cache`).equals(before)).toBe(false);
    expect(loadWithCodeCache(file, "build").cacheUsed).toBe(true);
  });

  it("ignores a corrupt or truncated cache, and one written by another Node", () => {
    const file = bundle(`${ANSWER}module.exports = { value: answer(4) };`);
    const made = loadWithCodeCache(file, "build");
    const good = readFileSync(made.cacheFile);
    const head = good.subarray(0, good.indexOf(10) + 1);
    const variants = [
      Buffer.concat([head, randomBytes(good.length - head.length)]),
      good.subarray(0, head.length + 16),
      head,
      Buffer.from(good.toString("latin1").replace(process.version, "v0.0.0"), "latin1"),
    ];
    for (const bytes of variants) {
      writeFileSync(made.cacheFile, bytes);
      const load = loadWithCodeCache(file, "build", false);
      expect(load.cacheUsed).toBe(false);
      expect(load.exports).toEqual({ value: 6 });
    }
  });

  it("runs without a cache where it cannot write one", () => {
    const file = bundle(`${ANSWER}module.exports = { value: answer(3) };`);
    // Something that is not a file stands where the cache would go: it can be neither read nor replaced.
    mkdirSync(`${file}.build.v8cache`);
    const load = loadWithCodeCache(file, "build");
    expect(load.exports).toEqual({ value: 3 });
    expect(load.saved).toBe(false);
    expect(statSync(`${file}.build.v8cache`).isDirectory()).toBe(true);
    expect(loadWithCodeCache(file, "build").cacheUsed).toBe(false);
    expect(readdirSync(path.dirname(file))).toEqual(["main.cjs", "main.cjs.build.v8cache"]);
  });

  it("gives the bundle CommonJS's require and a dynamic import that works under the cache too", () => {
    const file = bundle(
      'const { basename } = require("node:path");\n' +
        'module.exports = { name: basename(__filename), dir: __dirname, load: () => __briefImport("node:path") };',
    );
    loadWithCodeCache(file, "build");
    const cached = loadWithCodeCache(file, "build");
    expect(cached.cacheUsed).toBe(true);
    expect(cached.exports).toEqual({ name: "main.cjs", dir: path.dirname(file), sep: path.sep });
  });
});

describe("cacheKey", () => {
  it("names a cache after the command, and shares one for anything else", () => {
    expect(cacheKey("build")).toBe("build");
    expect(cacheKey("check")).toBe("check");
    expect(cacheKey("--help")).toBe("other");
    expect(cacheKey("../../etc/passwd")).toBe("other");
    expect(cacheKey(undefined)).toBe("other");
  });

  it("has a cache of its own for every command the CLI has, so the two lists cannot drift apart", () => {
    // `ops` never runs the bundle: bin/brief.js loads its own modules (src/cli/ops.ts).
    for (const name of Object.keys(COMMANDS).filter((c) => c !== "ops")) expect(cacheKey(name), name).toBe(name);
  });
});

describe("the bundle (scripts/bundle.mjs)", () => {
  const code = (): string => readFileSync(path.join(REPO, "dist", "bundle", "main.cjs"), "latin1");

  it("holds puppeteer-core, so attaching to Chromium runs from the code cache, not from node_modules' ES modules", () => {
    const bundled = code();
    expect(bundled).not.toMatch(/require\("puppeteer-core"\)|__briefImport\("puppeteer-core"\)/);
    // The CDP connection the build attaches with (src/stages/6-render/chromium.ts) is in the bundle itself.
    expect(bundled).toMatch(/node_modules\/puppeteer-core\/lib\/esm\/puppeteer\/cdp\/Connection\.js/);
  });

  it("holds css-tree's parser, walker and generator, without its lexer's syntax data (src/lib/css.ts)", () => {
    const bundled = code();
    expect(bundled).not.toMatch(/require\("css-tree[/"]|__briefImport\("css-tree/);
    expect(bundled).toMatch(/node_modules\/css-tree\/lib\/parser\/create\.js/);
    expect(bundled).not.toMatch(/node_modules\/mdn-data\/|node_modules\/css-tree\/lib\/lexer\//);
  });

  it("leaves out puppeteer's WebDriver BiDi side (never used: the build speaks CDP), with a module that says so", () => {
    const bundled = code();
    expect(bundled).not.toMatch(/node_modules\/chromium-bidi\//);
    expect(bundled).toContain("WebDriver BiDi support is not bundled");
  });
});
