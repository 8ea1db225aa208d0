#!/usr/bin/env node
// The published site lives on a branch of its own (default brief-pages),
// which the workflow's pages job deploys to GitHub Pages whole:
//
//   <tag>/      every release ever made, each in its own folder, never rewritten:
//               editions, assets, site/ (index, feed, thumbnails), bundles/,
//               manifest.json, CHANGES.md, SHA256SUMS
//   latest/     a copy of the newest release's folder (for browsing and the feed)
//   index.html  the list of releases, newest first
//
//   node scripts/ops/pages.mjs commit --dir release [--branch brief-pages] [--remote origin]
//
// `commit` adds the release folder as <tag>/ if it is not there yet, points
// latest/ at it, rewrites index.html, and pushes one commit (never forced;
// a push that loses a race fetches and tries again). A folder already on
// the branch is never changed: links in messages sent long ago keep working,
// even after the release itself is deleted from GitHub.
import { readFileSync, readdirSync, rmSync, statSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { args, commitTree, fail, fetchBranch, git, gitOk, output, pause, pushBranch, say } from "./lib.mjs";

const a = args(process.argv.slice(2));
const [verb] = a._;
const dir = a.dir ?? "release";
const branch = a.branch ?? process.env.PAGES_BRANCH ?? "brief-pages";
const remote = a.remote ?? "origin";
if (verb !== "commit") fail("usage: pages.mjs commit --dir DIR [--branch BRANCH] [--remote REMOTE]");

let manifest;
try {
  manifest = JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8"));
} catch (e) {
  fail(`${dir}/manifest.json cannot be read (${e.message})`);
}
const tag = manifest.tag;
if (typeof tag !== "string" || !/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(tag))
  fail(`${dir}/manifest.json has no usable tag`);
for (const must of ["site/index.html", "SHA256SUMS", "CHANGES.md"])
  try {
    statSync(path.join(dir, must));
  } catch {
    fail(`${dir}/${must} is missing; run \`make site\` (brief distribute --release ${dir}) first`);
  }

/** Every file under `root`, as forward-slash relative paths. */
function walk(root, rel = "") {
  return readdirSync(path.join(root, rel), { withFileTypes: true }).flatMap((e) => {
    const r = rel ? `${rel}/${e.name}` : e.name;
    return e.isDirectory() ? walk(root, r) : e.isFile() ? [r] : [];
  });
}

const esc = (s) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);

/** The root page: every release folder, newest first. */
function rootIndex(tags) {
  const items = tags
    .map(
      (t) => `<li><a href="${esc(t)}/site/index.html">${esc(t)}</a> · <a href="${esc(t)}/CHANGES.md">changes</a></li>`,
    )
    .join("\n");
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Editions</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 44rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.5">
<h1>Editions</h1>
<p><a href="latest/site/index.html">The latest editions</a> · <a href="latest/site/feed.xml">Atom feed</a></p>
<h2>Every release</h2>
<ul>
${items}
</ul>
</body></html>
`;
}

// A private index, so the checkout's own index and files are never touched.
const env = { GIT_INDEX_FILE: path.join(os.tmpdir(), `brief-pages-index-${process.pid}`) };
const g = (argv, what, input) => gitOk(argv, what, { env, ...(input !== undefined ? { input } : {}) });

/** latest/manifest.json on the branch at `commit` ({ tag, created }), or undefined. */
function latestManifest(commit) {
  const r = git(["show", `${commit}:latest/manifest.json`]);
  if (r.status !== 0) return undefined;
  try {
    const m = JSON.parse(r.stdout);
    return typeof m.tag === "string" && typeof m.created === "string" ? { tag: m.tag, created: m.created } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * GitHub Pages sites may be at most 1 GB; warn from 80%, with the pruning policy. BRIEF_PAGES_LIMIT_BYTES
 * (environment) replaces the 1 GB, for a test that takes the warning branch without writing 800 MB.
 */
const PAGES_LIMIT =
  Number(process.env.BRIEF_PAGES_LIMIT_BYTES) > 0 ? Number(process.env.BRIEF_PAGES_LIMIT_BYTES) : 1024 ** 3;
/** The limit as the messages name it: Pages' own, or the one BRIEF_PAGES_LIMIT_BYTES set. */
const LIMIT_NAME =
  PAGES_LIMIT === 1024 ** 3 ? "GitHub Pages' 1 GB" : `the ${PAGES_LIMIT} bytes BRIEF_PAGES_LIMIT_BYTES sets`;
function warnSize(commit) {
  const r = git(["ls-tree", "-r", "-l", commit]);
  if (r.status !== 0) return;
  const bytes = r.stdout
    .split("\n")
    .map((l) => Number(l.split(/\s+/)[3]))
    .filter((n) => Number.isFinite(n))
    .reduce((x, y) => x + y, 0);
  const share = bytes / PAGES_LIMIT;
  say(`Pages branch ${branch}: ${(bytes / 1024 ** 2).toFixed(1)} MB of ${LIMIT_NAME} (${(share * 100).toFixed(1)}%).`);
  if (share >= 0.8) {
    const message = `the Pages branch ${branch} holds ${(bytes / 1024 ** 2).toFixed(0)} MB, ${(share * 100).toFixed(0)}% of ${LIMIT_NAME}; prune old release folders as docs/scheduled-regeneration.md ("Pages size and pruning") says`;
    if (process.env.GITHUB_ACTIONS === "true") console.log(`::warning::${message}`);
    console.error(`warning: ${message}`);
  }
}

let latestTag = tag;
for (let attempt = 1; ; attempt++) {
  const parent = fetchBranch(remote, branch);
  if (parent) g(["read-tree", parent], "reading the pages branch");
  else g(["read-tree", "--empty"], "starting the pages branch");
  const present = parent ? g(["ls-tree", "--name-only", parent], "listing the pages branch").split("\n") : [];
  if (!present.includes(tag)) {
    const files = walk(dir).filter((f) => !f.startsWith("."));
    const blobs = g(
      ["hash-object", "-w", "--stdin-paths"],
      "storing the release's files",
      files.map((f) => path.join(dir, f)).join("\n"),
    )
      .trim()
      .split("\n");
    const lines = files.map((f, i) => `100644 ${blobs[i]}\t${tag}/${f}`).join("\n");
    g(["update-index", "--add", "--index-info"], "adding the release's folder", `${lines}\n`);
  }
  // latest/ is the newest release: replaced wholesale by the tag's folder, never by an older release's.
  const current = parent ? latestManifest(parent) : undefined;
  const older = current && String(manifest.created) < String(current.created);
  if (older) {
    say(
      `${tag} was made ${manifest.created}, before ${current.tag} (${current.created}), which latest/ shows: latest/ stays at ${current.tag}.`,
    );
    latestTag = current.tag;
  } else {
    const stale = g(["ls-files", "--", "latest/"], "listing latest/").trim();
    if (stale) g(["update-index", "--force-remove", "--stdin"], "clearing latest/", `${stale}\n`);
    const tagTree = g(["write-tree", `--prefix=${tag}/`], "reading the release's folder").trim();
    g(["read-tree", "--prefix=latest/", tagTree], "pointing latest/ at the release");
    latestTag = tag;
  }
  const tags = g(["ls-files", "--", "*/manifest.json"], "listing releases")
    .split("\n")
    .map((l) => l.split("/")[0])
    .filter((t) => t && t !== "latest");
  const index = g(
    ["hash-object", "-w", "--stdin"],
    "writing index.html",
    // The release being published is the newest, as latest/ says; the others by their tags' time, newest first.
    // (Two releases can share a tag's time, to the second or under a fixed SOURCE_DATE_EPOCH: their tags then
    // differ only in the input hash, which says nothing of their order.)
    rootIndex([
      latestTag,
      ...[...new Set(tags)]
        .filter((t) => t !== latestTag)
        .sort()
        .reverse(),
    ]),
  ).trim();
  const nojekyll = g(["hash-object", "-w", "--stdin"], "writing .nojekyll", "").trim();
  g(["update-index", "--add", "--cacheinfo", `100644,${index},index.html`], "adding index.html");
  g(["update-index", "--add", "--cacheinfo", `100644,${nojekyll},.nojekyll`], "adding .nojekyll");
  const tree = g(["write-tree"], "writing the site's tree").trim();
  if (parent && tree === g(["rev-parse", `${parent}^{tree}`], "reading the branch's tree").trim()) {
    say(`The pages branch ${branch} already has ${tag}/, and latest/ is ${latestTag}; nothing to commit.`);
    warnSize(parent);
    break;
  }
  const commit = commitTree(tree, parent, `Publish ${tag}${latestTag === tag ? " (latest)" : ""}`);
  if (pushBranch(remote, commit, branch)) {
    say(`Pages branch ${branch}: ${tag}/ ${present.includes(tag) ? "kept" : "added"}, latest/ → ${latestTag}.`);
    warnSize(commit);
    break;
  }
  if (attempt >= 8) fail(`could not push ${branch} after ${attempt} attempts: other runs kept pushing`);
  say(`Another run pushed ${branch} first; reading it again (attempt ${attempt + 1}).`);
  pause(500 * attempt);
}
rmSync(env.GIT_INDEX_FILE, { force: true });
git(["update-ref", "-d", `refs/brief/${branch}`]);
output("pages_tag", tag);
