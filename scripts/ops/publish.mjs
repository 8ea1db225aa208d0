#!/usr/bin/env node
// Publishing a release folder as a GitHub release, in two steps around the
// attestation (the workflow's publish job; no npm code runs there):
//
//   node scripts/ops/publish.mjs draft   --dir release --target SHA
//   node scripts/ops/publish.mjs publish --dir release
//
// `draft` creates the release as a draft, its tag pointing at SHA (the
// commit the editions were built from), with CHANGES.md as its notes and
// exactly the files SHA256SUMS lists, plus SHA256SUMS. Drafts this project
// left behind (a run that failed before publishing) are deleted first. If
// the tag is already a published release with the same SHA256SUMS (another
// run got there first), there is nothing to do. `publish` turns the draft
// into the latest release; it runs only after the attestation succeeded,
// so no release is ever public without one.
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { args, fail, gh, output, parseSums, run, say, why } from "./lib.mjs";

const a = args(process.argv.slice(2));
const [verb] = a._;
const dir = a.dir ?? "release";
const prefix = a.prefix ?? process.env.TAG_PREFIX ?? "editions-";
let manifest;
try {
  manifest = JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8"));
} catch (e) {
  fail(`${dir}/manifest.json cannot be read (${e.message}); is ${dir} a release folder?`);
}
const tag = manifest.tag;
if (typeof tag !== "string" || !tag.startsWith(prefix)) fail(`${dir}/manifest.json has no tag starting ${prefix}`);
const sumsText = readFileSync(path.join(dir, "SHA256SUMS"), "utf8");

/** The release for `tag`, or null when there is none. */
function view(t) {
  const r = run("gh", ["release", "view", t, "--json", "tagName,isDraft"]);
  if (r.status === 0) return JSON.parse(r.stdout);
  if (/not found|no release/i.test(`${r.stderr}${r.stdout}`)) return null;
  fail(`cannot look up release ${t}: ${why(r)}`);
}

if (verb === "draft") {
  const target = a.target ?? process.env.TARGET_SHA;
  if (!target) fail("draft needs --target SHA (the commit the editions were built from)");
  const existing = view(tag);
  if (existing && !existing.isDraft) {
    const tmp = mkdtempSync(path.join(os.tmpdir(), "brief-published-"));
    gh(["release", "download", tag, "--pattern", "SHA256SUMS", "--dir", tmp], `cannot read release ${tag}`);
    const same = readFileSync(path.join(tmp, "SHA256SUMS"), "utf8") === sumsText;
    rmSync(tmp, { recursive: true, force: true });
    if (!same) fail(`release ${tag} is already published with other files; refusing to change a published release`);
    say(`Release ${tag} is already published with these files (another run made it); nothing to do.`);
    output("state", "published");
    process.exit(0);
  }
  const drafts = JSON.parse(
    gh(["release", "list", "--limit", "100", "--json", "tagName,isDraft"], "cannot list the releases"),
  ).filter((r) => r.isDraft && r.tagName.startsWith(prefix));
  for (const d of drafts) {
    gh(["release", "delete", d.tagName, "--yes"], `cannot delete the draft ${d.tagName} a failed run left`);
    say(`Deleted the draft ${d.tagName}, left by a run that did not publish it.`);
  }
  const files = [...parseSums(sumsText).keys(), "SHA256SUMS"].map((f) => path.join(dir, f));
  gh(
    [
      "release",
      "create",
      tag,
      "--draft",
      "--target",
      target,
      "--title",
      `Editions ${tag}`,
      "--notes-file",
      path.join(dir, "CHANGES.md"),
      ...files,
    ],
    `cannot create the draft release ${tag}`,
  );
  say(`Draft release ${tag}: ${files.length} files, tag at ${target}.`);
  output("state", "draft");
} else if (verb === "publish") {
  const existing = view(tag);
  if (!existing) fail(`there is no draft release ${tag} to publish`);
  if (existing.isDraft) gh(["release", "edit", tag, "--draft=false", "--latest"], `cannot publish release ${tag}`);
  const after = view(tag);
  if (!after || after.isDraft) fail(`release ${tag} is still a draft after publishing it`);
  say(`Published release ${tag}.`);
  output("state", "published");
} else fail(`usage: publish.mjs draft|publish --dir DIR [--target SHA]`);
