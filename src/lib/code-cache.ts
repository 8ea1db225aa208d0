import { isAscii } from "node:buffer";
import { createHash } from "node:crypto";
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import Module, { createRequire } from "node:module";
import path from "node:path";
import { Script } from "node:vm";

/**
 * A V8 code cache for the CommonJS bundle (`dist/bundle/main.cjs`, made by
 * scripts/bundle.mjs). Node 20 compiles every module afresh on each run
 * (it has no `module.enableCompileCache`); V8 can instead start from the
 * bytecode of an earlier run, given to `vm.Script` as `cachedData`. The
 * cache is written once per command (a build's cache holds what a build
 * compiled), when the process exits, beside the bundle:
 * `main.cjs.<command>.v8cache`.
 *
 * A cache is used only when it was made from these exact bytes (its header
 * holds the bundle's sha256) by this Node (version, architecture); V8 then
 * checks its own version and flags and rejects what does not match. A
 * missing, stale, corrupt or rejected cache is ignored, and replaced at
 * exit; a folder that cannot be written (a read-only install) just means no
 * cache. Nothing about a cache can change what the bundle does, only how
 * fast it starts.
 */

/** The commands that get a cache of their own; anything else shares "other". */
const COMMANDS = new Set([
  "build",
  "check",
  "clean",
  "distribute",
  "explain",
  "help",
  "init",
  "new",
  "override",
  "preview",
  "release",
  "setup",
]);

/** The cache's name part for a command line's first word. */
export function cacheKey(command: string | undefined): string {
  return command !== undefined && COMMANDS.has(command) ? command : "other";
}

/** The loaded bundle: its exports, whether V8 accepted a cache, and how to write one. */
export interface LoadedBundle {
  /** `module.exports` of the bundle. */
  readonly exports: unknown;
  /** True when V8 compiled the bundle from a cache (`cachedDataRejected === false`). */
  readonly cacheUsed: boolean;
  /** The cache file this load reads and writes. */
  readonly cacheFile: string;
  /** Write the cache if this load had none it could use; false when it did not (nothing to do, or no write access). */
  save(): boolean;
}

/**
 * What the bundle's `import("<package>")` calls for its external packages
 * become (scripts/bundle.mjs rewrites them): a script compiled from a code
 * cache in Node 20 loses its dynamic-import callback, so the import runs
 * here, in an ordinary module.
 */
const hostImport = (specifier: string): Promise<unknown> => import(specifier);

/** The header line of a cache file: format, Node, architecture and the bundle's sha256. */
function header(source: Buffer): string {
  const sha = createHash("sha256").update(source).digest("hex");
  return `brief-v8cache 1 ${process.version} ${process.arch} ${sha}\n`;
}

/** The cached data in `file` when its header is `expected`, else undefined (missing, stale or corrupt). */
function readCache(file: string, expected: string): Buffer | undefined {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch {
    return undefined;
  }
  const head = Buffer.from(expected);
  if (bytes.length <= head.length || !bytes.subarray(0, head.length).equals(head)) return undefined;
  return bytes.subarray(head.length);
}

/** Write `data` under `head` to `file` atomically (a temporary file renamed); false when the folder cannot be written. */
function writeCache(file: string, head: string, data: Buffer): boolean {
  const temp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, Buffer.concat([Buffer.from(head), data]));
    renameSync(temp, file);
    return true;
  } catch {
    rmSync(temp, { force: true });
    return false;
  }
}

/**
 * Compile and run the CommonJS file `file` through the code cache for
 * `key` (see `cacheKey`). Its wrapper has one parameter beyond CommonJS's
 * own, `__briefImport`, the dynamic import it is to use for packages.
 */
export function loadWithCodeCache(file: string, key: string): LoadedBundle {
  const bytes = readFileSync(file);
  const head = header(bytes);
  // The bundle is ASCII (scripts/bundle.mjs escapes the rest): read as Latin-1 it is a one-byte string at once,
  // where decoding 6 MB as UTF-8 cost about 0.1 s of CPU.
  const source = bytes.toString(isAscii(bytes) ? "latin1" : "utf8");
  const cacheFile = `${file}.${key}.v8cache`;
  const cachedData = readCache(cacheFile, head);
  const wrapped = `(function (exports, require, module, __filename, __dirname, __briefImport) {${source}\n})`;
  const script = new Script(wrapped, { filename: file, ...(cachedData ? { cachedData } : {}) });
  const cacheUsed = cachedData !== undefined && script.cachedDataRejected === false;
  const mod = new Module(file);
  mod.filename = file;
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(mod.exports, mod.exports, createRequire(file), mod, file, path.dirname(file), hostImport);
  let saved = false;
  return {
    exports: mod.exports,
    cacheUsed,
    cacheFile,
    save() {
      if (cacheUsed || saved) return false;
      saved = writeCache(cacheFile, head, script.createCachedData());
      return saved;
    },
  };
}

/**
 * Run the bundle's `start(argv)` (src/cli/start.ts) through the code cache,
 * writing the cache when the process exits; resolves to the exit code.
 */
export async function runBundle(file: string, argv: readonly string[]): Promise<number> {
  const loaded = loadWithCodeCache(file, cacheKey(argv[0]));
  process.once("exit", () => loaded.save());
  const { start } = loaded.exports as { start?: unknown };
  if (typeof start !== "function") throw new Error(`${file} exports no start(); run \`make\` to bundle it again`);
  return (start as (argv: readonly string[]) => Promise<number>)(argv);
}
