#!/usr/bin/env node
// The delivery ledger lives on a branch of its own (default brief-ledger),
// one file, deliveries.jsonl: it survives cache eviction, lost runners and
// months without a run, and every run reads the same one.
//
//   node scripts/ops/ledger.mjs pull --file ledger/deliveries.jsonl [--branch brief-ledger] [--remote origin]
//   node scripts/ops/ledger.mjs push --file ledger/deliveries.jsonl [--branch brief-ledger] [--remote origin]
//
// `pull` writes the branch's ledger to FILE (an empty ledger when the branch
// does not exist yet; any other failure to read it stops the run, because an
// empty ledger would mail everyone again). `push` merges FILE into the
// branch: the branch's lines, then FILE's lines it does not have, in order,
// and pushes one commit without forcing. A push that loses a race (another
// run pushed first) fetches again, merges again and retries, so no line is
// ever lost. A line that is not JSON stops the push.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { args, commitTree, fail, fetchBranch, gitOk, pause, pushBranch, say } from "./lib.mjs";

const a = args(process.argv.slice(2));
const [verb] = a._;
const file = a.file ?? "ledger/deliveries.jsonl";
const branch = a.branch ?? process.env.LEDGER_BRANCH ?? "brief-ledger";
const remote = a.remote ?? "origin";
const NAME = "deliveries.jsonl";

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

if (verb === "pull") {
  const head = fetchBranch(remote, branch);
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
      break;
    }
    if (attempt >= 8) fail(`could not push the ledger after ${attempt} attempts: other runs kept pushing`);
    say(`Another run pushed ${branch} first; merging again (attempt ${attempt + 1}).`);
    pause(300 * attempt);
  }
} else fail("usage: ledger.mjs pull|push --file FILE [--branch BRANCH] [--remote REMOTE]");
