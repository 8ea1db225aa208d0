import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sha256 } from "../lib/hash.js";
import { pipelineName } from "../lib/pipeline-name.js";

/**
 * The pipeline's own identity, for the build cache: its name and version,
 * a hash of its code (every file of the running bundle, or of the running
 * src/ or dist/ tree, so an unreleased change counts too) and of the dependency lock file (a new
 * unified, Vega or pdf-lib changes output). Computed once per process.
 */

const HERE = path.dirname(fileURLToPath(import.meta.url));
// Bundled (dist/bundle/, scripts/bundle.mjs), the running code is that folder; compiled or in src/, the tree above.
const CODE_DIR = path.basename(HERE) === "bundle" ? HERE : path.resolve(HERE, "..");
const PACKAGE_DIR = path.resolve(HERE, "..", "..");

async function codeFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    const abs = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...(await codeFiles(abs)));
    else if (/\.(js|ts|mjs|cjs)$/.test(e.name) && !e.name.endsWith(".d.ts")) out.push(abs);
  }
  return out.sort();
}

async function compute(): Promise<string> {
  const parts = [pipelineName()];
  for (const file of await codeFiles(CODE_DIR))
    parts.push(`${path.relative(CODE_DIR, file)} ${sha256(await readFile(file))}`);
  parts.push(`lock ${sha256(await readFile(path.join(PACKAGE_DIR, "package-lock.json")).catch(() => ""))}`);
  return sha256(parts.join("\n"));
}

let memo: Promise<string> | undefined;

/** sha256 identifying this pipeline's code and dependencies. */
export function pipelineFingerprint(): Promise<string> {
  memo ??= compute();
  return memo;
}
