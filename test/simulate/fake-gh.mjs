#!/usr/bin/env node
// A stand-in for the GitHub CLI, for the simulation and the ops tests: the
// subset of `gh` the operations scripts call, with the same arguments and
// the same kind of output, over a folder that stands in for GitHub
// (FAKE_GH_STORE): releases with their assets, attestations, issues.
//
//   releases/<tag>/release.json   { tagName, isDraft, isPrerelease, createdAt, publishedAt, target, title, notes }
//   releases/<tag>/assets/<name>
//   attestations.json             sha256 digests attested by this repository's workflow
//   issues.json                   [{ number, title, body, state, comments }]
//   calls.jsonl                   every call's arguments
//   fail                          when present, every call fails with its text (e.g. an expired token)
//
// The clock is FAKE_GH_NOW when set (ISO), else the real one, plus a counter
// so that two releases never share a timestamp.
import { createHash } from "node:crypto";
import {
  appendFileSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";

const store = process.env.FAKE_GH_STORE;
if (!store) {
  console.error("fake gh: FAKE_GH_STORE is not set");
  process.exit(1);
}
const argv = process.argv.slice(2);
appendFileSync(path.join(store, "calls.jsonl"), `${JSON.stringify(argv)}\n`);

function die(message, code = 1) {
  console.error(message);
  process.exit(code);
}
if (existsSync(path.join(store, "fail"))) die(readFileSync(path.join(store, "fail"), "utf8").trim(), 1);

const [group, verb, ...rest] = argv;
/** Flags and positionals of `rest`; `multi` flags collect every value. */
function flags(list, booleans = [], multi = []) {
  const out = { _: [] };
  for (let i = 0; i < list.length; i++) {
    const a = list[i];
    if (!a.startsWith("-")) {
      out._.push(a);
      continue;
    }
    const [name, inline] = a.replace(/^-+/, "").split("=");
    const value = inline ?? (booleans.includes(name) ? "true" : list[++i]);
    if (multi.includes(name)) (out[name] ??= []).push(value);
    else out[name] = value;
  }
  return out;
}
const json = (file, fallback) => (existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : fallback);
const now = () => {
  const counter = path.join(store, "clock");
  const n = json(counter, 0) + 1;
  writeFileSync(counter, JSON.stringify(n));
  const base = process.env.FAKE_GH_NOW ? Date.parse(process.env.FAKE_GH_NOW) : Date.now();
  return new Date(base + n).toISOString();
};
const relDir = (tag) => path.join(store, "releases", tag);
const readRelease = (tag) => json(path.join(relDir(tag), "release.json"), null);
const writeRelease = (r) => writeFileSync(path.join(relDir(r.tagName), "release.json"), JSON.stringify(r, null, 2));
const allReleases = () =>
  existsSync(path.join(store, "releases"))
    ? readdirSync(path.join(store, "releases"))
        .map(readRelease)
        .filter(Boolean)
        .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
    : [];
const pick = (obj, fields) => Object.fromEntries(fields.split(",").map((f) => [f, obj[f] ?? null]));
const glob = (pattern) =>
  new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, "\\$&")
      .replace(/\*/g, ".*")
      .replace(/\?/g, ".")}$`,
  );

if (group === "release" && verb === "list") {
  const f = flags(rest, ["exclude-drafts", "exclude-pre-releases"]);
  let list = allReleases();
  if (f["exclude-drafts"]) list = list.filter((r) => !r.isDraft);
  if (f["exclude-pre-releases"]) list = list.filter((r) => !r.isPrerelease);
  list = list.slice(0, Number(f.limit ?? 30));
  if (!f.json) die("fake gh: release list is only supported with --json");
  console.log(JSON.stringify(list.map((r) => pick(r, f.json))));
} else if (group === "release" && verb === "view") {
  const f = flags(rest);
  const r = readRelease(f._[0]);
  if (!r) die("release not found");
  // Like gh: assets as a list of objects with their names (the store keeps the files themselves).
  const dir = path.join(relDir(r.tagName), "assets");
  const assets = existsSync(dir) ? readdirSync(dir).map((name) => ({ name })) : [];
  console.log(JSON.stringify(pick({ ...r, assets }, f.json ?? "tagName")));
} else if (group === "release" && verb === "download") {
  const f = flags(rest, ["clobber"], ["pattern"]);
  const r = readRelease(f._[0]);
  if (!r) die("release not found");
  const dir = f.dir ?? ".";
  const names = readdirSync(path.join(relDir(r.tagName), "assets"));
  const wanted = f.pattern ? names.filter((n) => f.pattern.some((p) => glob(p).test(n))) : names;
  if (wanted.length === 0) die("no assets match the file pattern");
  mkdirSync(dir, { recursive: true });
  for (const n of wanted) {
    if (existsSync(path.join(dir, n)) && !f.clobber)
      die(`${path.join(dir, n)} already exists (use --clobber to overwrite)`);
    copyFileSync(path.join(relDir(r.tagName), "assets", n), path.join(dir, n));
  }
} else if (group === "release" && verb === "upload") {
  const f = flags(rest, ["clobber"]);
  const [tag, ...files] = f._;
  if (!readRelease(tag)) die("release not found");
  for (const file of files) {
    const to = path.join(relDir(tag), "assets", path.basename(file));
    if (existsSync(to) && !f.clobber) die(`asset ${path.basename(file)} already exists`);
    copyFileSync(file, to);
  }
} else if (group === "release" && verb === "create") {
  const f = flags(rest, ["draft", "latest", "prerelease"]);
  const [tag, ...files] = f._;
  if (readRelease(tag)) die(`a release with the same tag name already exists: ${tag}`);
  mkdirSync(path.join(relDir(tag), "assets"), { recursive: true });
  for (const file of files) copyFileSync(file, path.join(relDir(tag), "assets", path.basename(file)));
  const at = now();
  writeRelease({
    tagName: tag,
    isDraft: f.draft === "true",
    isPrerelease: f.prerelease === "true",
    createdAt: at,
    publishedAt: f.draft === "true" ? null : at,
    target: f.target ?? "main",
    title: f.title ?? tag,
    notes: f["notes-file"] ? readFileSync(f["notes-file"], "utf8") : "",
  });
  console.log(`https://github.com/${process.env.GITHUB_REPOSITORY ?? "sim/repo"}/releases/tag/${tag}`);
} else if (group === "release" && verb === "edit") {
  const f = flags(rest, ["latest"]);
  const r = readRelease(f._[0]);
  if (!r) die("release not found");
  if (f.draft === "false" && r.isDraft) Object.assign(r, { isDraft: false, publishedAt: now() });
  writeRelease(r);
} else if (group === "release" && verb === "delete") {
  const f = flags(rest, ["yes", "cleanup-tag"]);
  if (!readRelease(f._[0])) die("release not found");
  rmSync(relDir(f._[0]), { recursive: true, force: true });
} else if (group === "attestation" && verb === "verify") {
  const f = flags(rest);
  const digest = createHash("sha256").update(readFileSync(f._[0])).digest("hex");
  const known = json(path.join(store, "attestations.json"), []);
  if (!known.includes(digest))
    die(`Error: failed to fetch attestations for subject: sha256:${digest}: no attestations found`);
  console.log(`Loaded digest sha256:${digest} for file://${f._[0]}\n✓ Verification succeeded!`);
} else if (group === "api") {
  // `gh api [--method M] ENDPOINT`. Canned answers: $FAKE_GH_STORE/api/<the endpoint, URI-encoded>.json.
  // A GET with none is a 404; another method (the keepalive's PUT …/enable) succeeds with no body, as GitHub's 204.
  const f = flags(argv.slice(1));
  const endpoint = f._[0];
  const method = String(f.method ?? f.X ?? "GET").toUpperCase();
  if (endpoint === undefined) die("fake gh: api needs an endpoint");
  const file = path.join(store, "api", `${encodeURIComponent(endpoint.replace(/^\//, ""))}.json`);
  if (existsSync(file)) console.log(readFileSync(file, "utf8"));
  else if (method === "GET") die(`gh: Not Found (HTTP 404) ${endpoint}`);
} else if (group === "issue") {
  const file = path.join(store, "issues.json");
  const issues = json(file, []);
  const f = flags(rest);
  if (verb === "list") {
    const open = issues.filter((i) => (f.state ?? "open") === "all" || i.state === (f.state ?? "open"));
    console.log(JSON.stringify(open.map((i) => pick(i, f.json ?? "number,title"))));
  } else if (verb === "create") {
    const number = issues.length + 1;
    issues.push({ number, title: f.title, body: f.body, state: "open", comments: [] });
    console.log(`https://github.com/sim/repo/issues/${number}`);
  } else if (verb === "comment" || verb === "close") {
    const issue = issues.find((i) => i.number === Number(f._[0]));
    if (!issue) die(`issue ${f._[0]} not found`);
    if (f.body ?? f.comment) issue.comments.push(f.body ?? f.comment);
    if (verb === "close") issue.state = "closed";
  } else die(`fake gh: issue ${verb} is not supported`);
  writeFileSync(file, JSON.stringify(issues, null, 2));
} else die(`fake gh: ${argv.join(" ")} is not supported`);
