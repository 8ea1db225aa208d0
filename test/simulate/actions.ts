import {
  cpSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { checkout, copyTree } from "./machine.js";
import type { World } from "./world.js";

/**
 * Stand-ins for the actions the workflow uses, doing what each does to the
 * runner and to GitHub's durable state: checkout clones origin (and links
 * the run's code); the artifact actions copy folders (or a folder's files
 * matching a wildcard) within the run; cache
 * keeps `.cache/brief` between runs until it goes 7 days unused; attest
 * records the digests of SHA256SUMS as attested; the Pages actions publish
 * a folder as the site. An action the simulation does not know is an error.
 */

/** What an action sees. */
export interface ActionContext {
  readonly world: World;
  readonly workspace: string;
  readonly artifacts: string;
  readonly sha: string;
  readonly inputs: Record<string, string>;
  /** Work to do when the job ends (cache saves). */
  readonly posts: (() => Promise<void>)[];
  readonly jobOk: () => boolean;
}

/** What an action did. */
export interface ActionResult {
  readonly ok: boolean;
  readonly outputs: Record<string, string>;
  readonly log: string;
}

const DAY = 86_400_000;

interface CacheEntry {
  readonly key: string;
  lastUsed: string;
}

function cacheIndex(world: World): CacheEntry[] {
  const file = path.join(world.cacheStore, "index.json");
  const all = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as CacheEntry[]) : [];
  // GitHub removes entries not used for 7 days.
  const live = all.filter((e) => world.now.getTime() - Date.parse(e.lastUsed) <= 7 * DAY);
  for (const gone of all.filter((e) => !live.includes(e)))
    rmSync(path.join(world.cacheStore, encodeURIComponent(gone.key)), { recursive: true, force: true });
  writeFileSync(file, JSON.stringify(live));
  return live;
}

function saveIndex(world: World, entries: CacheEntry[]): void {
  writeFileSync(path.join(world.cacheStore, "index.json"), JSON.stringify(entries));
}

/** The cache action for `.cache/brief` (other paths, such as the browser download, need nothing here). */
function cache(c: ActionContext): ActionResult {
  const target = c.inputs.path ?? "";
  if (target !== ".cache/brief") return { ok: true, outputs: {}, log: `cache ${target}: not needed here` };
  const key = c.inputs.key ?? "";
  const entries = cacheIndex(c.world);
  const prefixes = (c.inputs["restore-keys"] ?? "")
    .split("\n")
    .map((s) => s.trim())
    .filter(Boolean);
  const exact = entries.find((e) => e.key === key);
  const hit =
    exact ??
    [...entries]
      .filter((e) => prefixes.some((p) => e.key.startsWith(p)))
      .sort((a, b) => b.lastUsed.localeCompare(a.lastUsed))[0];
  let log = "cache miss";
  if (hit) {
    copyTree(path.join(c.world.cacheStore, encodeURIComponent(hit.key)), path.join(c.workspace, target), true);
    hit.lastUsed = c.world.now.toISOString();
    saveIndex(c.world, entries);
    log = `restored ${hit.key}`;
  }
  if (!exact)
    c.posts.push(() => {
      const from = path.join(c.workspace, target);
      if (c.jobOk() && existsSync(from)) {
        copyTree(from, path.join(c.world.cacheStore, encodeURIComponent(key)), true);
        saveIndex(c.world, [...cacheIndex(c.world), { key, lastUsed: c.world.now.toISOString() }]);
      }
      return Promise.resolve();
    });
  return { ok: true, outputs: { "cache-hit": String(!!exact) }, log };
}

/**
 * A `path:` whose last part is a wildcard (`review/*.pdf`): the matching files, stored at the
 * artifact's root, as upload-artifact stores them (under the matches' common folder).
 */
function uploadMatching(c: ActionContext, name: string, from: string, ifNone: string): ActionResult {
  const dir = path.resolve(c.workspace, path.dirname(from));
  const glob = path
    .basename(from)
    .replace(/[.+?^$()|[\]\\{}]/g, "\\$&")
    .replace(/\*/g, "[^/]*");
  const pattern = new RegExp(`^${glob}$`);
  const files = existsSync(dir)
    ? readdirSync(dir).filter((n) => pattern.test(n) && statSync(path.join(dir, n)).isFile())
    : [];
  if (!files.length) return { ok: ifNone !== "error", outputs: {}, log: `${name}: no files (${ifNone || "warn"})` };
  mkdirSync(path.join(c.artifacts, name), { recursive: true });
  for (const f of files) cpSync(path.join(dir, f), path.join(c.artifacts, name, f));
  return { ok: true, outputs: {}, log: `uploaded ${name}: ${files.length} files` };
}

function upload(c: ActionContext, name: string, from: string, ifNone: string): ActionResult {
  if (path.basename(from).includes("*") && !path.dirname(from).includes("*"))
    return uploadMatching(c, name, from, ifNone);
  const src = path.resolve(c.workspace, from);
  const empty = !existsSync(src) || (statSync(src).isDirectory() && readdirSync(src).length === 0);
  if (empty) return { ok: ifNone !== "error", outputs: {}, log: `${name}: no files (${ifNone || "warn"})` };
  const n = copyTree(src, path.join(c.artifacts, name), c.inputs["include-hidden-files"] === "true");
  return { ok: true, outputs: {}, log: `uploaded ${name}: ${n} files` };
}

function download(c: ActionContext): ActionResult {
  const into = path.resolve(c.workspace, c.inputs.path ?? ".");
  const name = c.inputs.name;
  if (name) {
    if (!existsSync(path.join(c.artifacts, name)))
      return { ok: false, outputs: {}, log: `Artifact not found: ${name}` };
    // Into a folder the checkout links from the commit's code (dist/): the job's own copy replaces the link.
    if (lstatSync(into, { throwIfNoEntry: false })?.isSymbolicLink()) rmSync(into);
    copyTree(path.join(c.artifacts, name), into, true);
    return { ok: true, outputs: {}, log: `downloaded ${name}` };
  }
  const pattern = new RegExp(`^${(c.inputs.pattern ?? "*").replace(/\*/g, ".*")}$`);
  const names = existsSync(c.artifacts) ? readdirSync(c.artifacts).filter((n) => pattern.test(n)) : [];
  for (const n of names) copyTree(path.join(c.artifacts, n), path.join(into, n), true);
  return { ok: true, outputs: {}, log: `downloaded ${names.join(", ")}` };
}

/** Run the stand-in for `uses`. */
export function act(uses: string, c: ActionContext): Promise<ActionResult> {
  const action = uses.split("@")[0] ?? "";
  const done = (r: ActionResult): Promise<ActionResult> => Promise.resolve(r);
  switch (action) {
    case "actions/checkout": {
      const dir = path.resolve(c.workspace, c.inputs.path ?? ".");
      if (c.inputs["persist-credentials"] !== "false")
        return done({ ok: false, outputs: {}, log: "checkout without persist-credentials: false" });
      checkout(c.world, dir, c.inputs.ref || undefined, c.sha);
      return done({ ok: true, outputs: {}, log: `checked out ${c.inputs.ref || c.sha}` });
    }
    case "actions/setup-node":
      return done({
        ok: true,
        outputs: {},
        log: `node ${c.inputs["node-version"] ?? "?"} (this machine's ${process.version})`,
      });
    case "actions/cache":
      return done(cache(c));
    case "actions/upload-artifact":
      return done(
        upload(c, c.inputs.name ?? "artifact", c.inputs.path ?? ".", c.inputs["if-no-files-found"] ?? "warn"),
      );
    case "actions/download-artifact":
      return done(download(c));
    case "actions/attest": {
      if (c.world.attestFails) return done({ ok: false, outputs: {}, log: "attestation service unavailable" });
      const sums = readFileSync(path.resolve(c.workspace, c.inputs["subject-checksums"] ?? ""), "utf8");
      const file = path.join(c.world.ghStore, "attestations.json");
      const known = existsSync(file) ? (JSON.parse(readFileSync(file, "utf8")) as string[]) : [];
      const digests = sums.split("\n").flatMap((l) => /^([0-9a-f]{64}) /.exec(l)?.[1] ?? []);
      writeFileSync(file, JSON.stringify([...new Set([...known, ...digests])]));
      return done({ ok: true, outputs: {}, log: `attested ${digests.length} subjects` });
    }
    case "actions/upload-pages-artifact": {
      const from = path.resolve(c.workspace, c.inputs.path ?? "_site");
      const to = path.join(c.artifacts, "github-pages");
      rmSync(to, { recursive: true, force: true });
      const n = copyTree(from, to, false);
      return done({ ok: true, outputs: {}, log: `github-pages: ${n} files` });
    }
    case "actions/deploy-pages": {
      const from = path.join(c.artifacts, c.inputs.artifact_name ?? "github-pages");
      if (!existsSync(from)) return done({ ok: false, outputs: {}, log: "no github-pages artifact" });
      rmSync(c.world.pagesSite, { recursive: true, force: true });
      copyTree(from, c.world.pagesSite, true);
      return done({ ok: true, outputs: { page_url: c.world.pagesUrl }, log: `deployed to ${c.world.pagesUrl}` });
    }
    default:
      throw new Error(`simulation: no stand-in for the action ${action}`);
  }
}
