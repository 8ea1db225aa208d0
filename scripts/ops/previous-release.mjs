#!/usr/bin/env node
// `make previous-release`: the latest published release of this project,
// downloaded whole into DIR and verified, or nothing at all when there is
// none yet (a first release). Strict: only "no release carries the tag
// prefix" is a first release. Every other failure stops the run with a
// message: gh missing or not authenticated, the API failing, a release
// without manifest.json or SHA256SUMS, a file that does not match
// SHA256SUMS, or a manifest whose build-provenance attestation does not
// verify (unless --attestations off, for private repositories on plans
// without attestations).
//
//   node scripts/ops/previous-release.mjs --dir previous [--prefix editions-] [--attestations required|off]
//
// Prints (and sets as step outputs) previous_tag=TAG, or previous_tag= for a first release.
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { args, fail, gh, output, parseSums, run, say, sha256File, why } from "./lib.mjs";

const a = args(process.argv.slice(2));
const dir = a.dir ?? "previous";
const prefix = a.prefix ?? process.env.TAG_PREFIX ?? "editions-";
const attestations = a.attestations ?? "required";
if (!["required", "off"].includes(attestations)) fail(`--attestations must be required or off, not "${attestations}"`);

const listed = gh(
  [
    "release",
    "list",
    "--exclude-drafts",
    "--exclude-pre-releases",
    "--limit",
    "100",
    "--json",
    "tagName,publishedAt,isDraft,isPrerelease",
  ],
  "cannot list this repository's releases, so the run stops instead of treating this as a first release",
);
let releases;
try {
  releases = JSON.parse(listed);
} catch {
  fail(`gh release list did not print JSON: ${listed.slice(0, 200)}`);
}
const ours = releases
  .filter((r) => typeof r.tagName === "string" && r.tagName.startsWith(prefix) && !r.isDraft && !r.isPrerelease)
  .sort((x, y) => String(y.publishedAt).localeCompare(String(x.publishedAt)) || y.tagName.localeCompare(x.tagName));

rmSync(dir, { recursive: true, force: true });
if (ours.length === 0) {
  say(`No published release is tagged ${prefix}*: this will be the first release.`);
  output("previous_tag", "");
  process.exit(0);
}
const tag = ours[0].tagName;
mkdirSync(dir, { recursive: true });
gh(["release", "download", tag, "--dir", dir], `cannot download release ${tag}`);

// The ledger's copy kept with the release (scripts/ops/ledger.mjs) is not one of its files: never published.
rmSync(path.join(dir, "brief-ledger.jsonl"), { force: true });
const sumsFile = path.join(dir, "SHA256SUMS");
if (!existsSync(sumsFile)) fail(`release ${tag} has no SHA256SUMS, so its files cannot be verified`);
if (!existsSync(path.join(dir, "manifest.json"))) fail(`release ${tag} has no manifest.json`);
const all = parseSums(readFileSync(sumsFile, "utf8"));
// A release made before manifest version 2 listed its assets (files in folders), which a GitHub
// release cannot hold; they are inside its HTML zip. Only the files it can hold are checked.
const inFolders = [...all.keys()].filter((n) => n.includes("/"));
if (inFolders.length)
  say(`Release ${tag} lists ${inFolders.length} files in folders (an older release); they are not checked.`);
const sums = new Map([...all].filter(([n]) => !n.includes("/")));
const problems = [];
for (const [name, sum] of sums) {
  const file = path.join(dir, name);
  if (!existsSync(file)) problems.push(`${name}: missing`);
  else if (sha256File(file) !== sum) problems.push(`${name}: does not match SHA256SUMS`);
}
if (!sums.has("manifest.json")) problems.push("manifest.json: not listed in SHA256SUMS");
for (const name of readdirSync(dir))
  if (name !== "SHA256SUMS" && !sums.has(name)) problems.push(`${name}: not listed in SHA256SUMS`);
if (problems.length)
  fail(
    `release ${tag} does not match its own SHA256SUMS; its files were changed after it was made:\n  ${problems.join("\n  ")}\nRestore them or delete the release (see docs/scheduled-regeneration.md, "A deleted or damaged release").`,
  );

if (attestations === "required") {
  const repo = process.env.GITHUB_REPOSITORY;
  if (!repo) fail("GITHUB_REPOSITORY is not set; it names the repository whose attestations to verify");
  const r = run("gh", ["attestation", "verify", path.join(dir, "manifest.json"), "--repo", repo]);
  if (r.status !== 0)
    fail(
      `the manifest of release ${tag} has no valid build-provenance attestation from ${repo} (${why(r)}). Set the repository variable BRIEF_ATTESTATIONS=off only if attestations are unavailable (a private repository without GitHub Enterprise Cloud).`,
    );
}
say(
  `Previous release: ${tag} (${sums.size} files match SHA256SUMS${attestations === "required" ? "; manifest attested" : ""}).`,
);
output("previous_tag", tag);
