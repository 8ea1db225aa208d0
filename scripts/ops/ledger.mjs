#!/usr/bin/env node
// The delivery ledger lives on a branch of its own (default brief-ledger),
// one file, deliveries.jsonl: it survives cache eviction, lost runners and
// months without a run, and every run reads the same one.
//
//   node scripts/ops/ledger.mjs pull --file ledger/deliveries.jsonl [--branch brief-ledger] [--remote origin]
//   node scripts/ops/ledger.mjs push --file ledger/deliveries.jsonl [--branch brief-ledger] [--remote origin]
//
// `pull` writes the branch's ledger to FILE. Missing (no branch, or no file
// on it) is an empty ledger only while no published release keeps a copy of it (or with
// --new, BRIEF_LEDGER_NEW=1: a deliberate fresh start); once one is, a
// missing ledger stops the run and says how to restore it, because an empty
// ledger would mail everyone again. Any other failure to read it stops too. `push` merges FILE into the
// branch: the branch's lines, then FILE's lines it does not have, in order,
// and pushes one commit without forcing. A push that loses a race (another
// run pushed first) fetches again, merges again and retries, so no line is
// ever lost. A line that is not JSON stops the push. With --release TAG, the
// merged ledger is also kept with that release as the asset
// brief-ledger.jsonl: the restore source if the branch is ever lost. `copy
// --release TAG` keeps the branch's ledger with TAG (the publish job does
// this for every release, so the newest release always has a copy).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import os from "node:os";
import { args, commitTree, fail, fetchBranch, gh, gitOk, pause, pushBranch, say } from "./lib.mjs";

const a = args(process.argv.slice(2));
const [verb] = a._;
const file = a.file ?? "ledger/deliveries.jsonl";
const branch = a.branch ?? process.env.LEDGER_BRANCH ?? "brief-ledger";
const remote = a.remote ?? "origin";
const NAME = "deliveries.jsonl";
/** The name of the ledger's copy kept with each release. */
const COPY = "brief-ledger.jsonl";
const prefix = a.prefix ?? process.env.TAG_PREFIX ?? "editions-";

/**
 * The newest published release of this project that keeps a copy of the
 * ledger (the publish job attaches one once anybody has been mailed), or
 * undefined. A release without a copy proves nothing was delivered: the
 * first release, whose ledger is rightly empty when its mailing job pulls it.
 */
function releaseWithLedgerCopy() {
  const listed = JSON.parse(
    gh(
      ["release", "list", "--exclude-drafts", "--limit", "100", "--json", "tagName,isDraft,isPrerelease,publishedAt"],
      "cannot list the releases to tell a first run from a lost ledger, so the run stops",
    ),
  );
  const tags = listed
    .filter((r) => typeof r.tagName === "string" && r.tagName.startsWith(prefix) && !r.isDraft && !r.isPrerelease)
    .sort((x, y) => String(y.publishedAt).localeCompare(String(x.publishedAt)))
    .map((r) => r.tagName);
  for (const tag of tags) {
    const { assets } = JSON.parse(
      gh(["release", "view", tag, "--json", "assets"], `cannot list the assets of ${tag}, so the run stops`),
    );
    if (Array.isArray(assets) && assets.some((x) => x && x.name === COPY)) return tag;
  }
  return undefined;
}

/** The branch's ledger text at `commit` ("" when it has none). */
function ledgerAt(commit) {
  if (!commit) return "";
  const names = gitOk(["ls-tree", "--name-only", commit], "listing the ledger branch").split("\n");
  return names.includes(NAME) ? gitOk(["show", `${commit}:${NAME}`], "reading the ledger") : "";
}

/** Complete lines only (a line cut short at the end, by a killed run, is dropped); each must be JSON. */
function lines(text, where) {
  // The last element is "" after a final newline, or a line cut short without one: dropped either way.
  const complete = text.split("\n").slice(0, -1);
  return complete.filter((l, i) => {
    if (l.trim() === "") return false;
    try {
      JSON.parse(l);
    } catch {
      fail(
        `${where}:${i + 1} is not a JSON line; repair the ledger before anything is pushed (docs/scheduled-regeneration.md, "Repairing the ledger")`,
      );
    }
    return true;
  });
}

/** With --release TAG: the ledger as pushed, kept with that release (replacing the copy it had). */
function keepCopy(text) {
  const tag = typeof a.release === "string" ? a.release : "";
  if (!tag || !text) return;
  const dir = mkdtempSync(path.join(os.tmpdir(), "brief-ledger-copy-"));
  writeFileSync(path.join(dir, COPY), text);
  gh(["release", "upload", tag, path.join(dir, COPY), "--clobber"], `cannot keep a copy of the ledger with ${tag}`);
  say(`Ledger: a copy is kept with release ${tag} as ${COPY}.`);
}

if (verb === "pull") {
  const head = fetchBranch(remote, branch);
  const present =
    head && gitOk(["ls-tree", "--name-only", head], "listing the ledger branch").split("\n").includes(NAME);
  if (!present && !(a.new || process.env.BRIEF_LEDGER_NEW === "1")) {
    const latest = releaseWithLedgerCopy();
    if (latest)
      fail(
        `the delivery ledger is missing (${head ? `branch ${branch} has no ${NAME}` : `branch ${branch} does not exist`}), but release ${latest} is published with a copy of it: an empty ledger would mail every recipient again, so the run stops. Restore it from that copy: gh release download ${latest} --pattern ${COPY}, then push that file to ${branch} as ${NAME} (docs/scheduled-regeneration.md, "Restoring the ledger"). Only if nobody was ever mailed, run once with BRIEF_LEDGER_NEW=1.`,
      );
  }
  const text = ledgerAt(head);
  mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  writeFileSync(file, text);
  say(
    head
      ? `Ledger: ${lines(text, `${branch}:${NAME}`).length} lines from ${branch} (${head.slice(0, 12)}).`
      : `Ledger: branch ${branch} does not exist yet; starting an empty ledger.`,
  );
} else if (verb === "push") {
  if (!existsSync(file)) {
    say(`${file} does not exist: the run made no deliveries to record.`);
    process.exit(0);
  }
  const mine = lines(readFileSync(file, "utf8"), file);
  for (let attempt = 1; ; attempt++) {
    const head = fetchBranch(remote, branch);
    const theirs = lines(ledgerAt(head), `${branch}:${NAME}`);
    const known = new Set(theirs);
    const added = mine.filter((l) => !known.has(l));
    if (added.length === 0) {
      say(`The ledger on ${branch} already has every line of ${file}; nothing to push.`);
      keepCopy(theirs.length ? `${theirs.join("\n")}\n` : "");
      break;
    }
    const text = `${[...theirs, ...added].join("\n")}\n`;
    const blob = gitOk(["hash-object", "-w", "--stdin"], "storing the ledger", { input: text }).trim();
    const tree = gitOk(["mktree"], "writing the ledger's tree", { input: `100644 blob ${blob}\t${NAME}\n` }).trim();
    const commit = commitTree(
      tree,
      head,
      `Ledger: ${added.length} deliver${added.length === 1 ? "y" : "ies"} recorded`,
    );
    if (pushBranch(remote, commit, branch)) {
      say(`Ledger: ${added.length} new lines pushed to ${branch} (${theirs.length + added.length} in all).`);
      keepCopy(text);
      break;
    }
    if (attempt >= 8) fail(`could not push the ledger after ${attempt} attempts: other runs kept pushing`);
    say(`Another run pushed ${branch} first; merging again (attempt ${attempt + 1}).`);
    pause(300 * attempt);
  }
} else if (verb === "copy") {
  // The ledger as the branch holds it now, kept with --release TAG (the publish job, after publishing).
  if (typeof a.release !== "string") fail("copy needs --release TAG");
  keepCopy(ledgerAt(fetchBranch(remote, branch)));
} else fail("usage: ledger.mjs pull|push|copy --file FILE [--branch BRANCH] [--remote REMOTE] [--new] [--release TAG]");
