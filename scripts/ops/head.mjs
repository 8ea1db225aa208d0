#!/usr/bin/env node
// Is the commit this run builds still the head of the default branch?
//
//   node scripts/ops/head.mjs --sha SHA [--remote origin] [--branch BRANCH]
//
// GitHub's "Re-run all jobs" on an old run builds that run's old commit:
// compared with the latest release it differs, and would be released (and
// mailed) as new. So the release job asks this first, and makes a new
// release only when SHA (github.sha) is the default branch's head on the
// remote now; otherwise it takes the latest published release as it is, so
// whatever is due of it is still sent, and says why with a notice.
// The default branch is the remote's HEAD (`git ls-remote --symref`), or
// --branch. Sets the step output current=true|false; a remote that cannot
// be read stops the run (an unknown head must not release).
import { args, fail, gitOk, output, say } from "./lib.mjs";

const a = args(process.argv.slice(2));
const sha = typeof a.sha === "string" ? a.sha.trim() : "";
const remote = a.remote ?? "origin";
if (!/^[0-9a-f]{40}$/.test(sha)) fail(`--sha needs the run's full commit (github.sha), not "${sha}"`);

/** The remote's default branch: --branch, else what its HEAD points at. */
function defaultBranch() {
  if (typeof a.branch === "string" && a.branch) return a.branch;
  const listed = gitOk(["ls-remote", "--symref", remote, "HEAD"], `reading ${remote}'s default branch`);
  const m = /^ref: refs\/heads\/(\S+)\tHEAD$/m.exec(listed);
  if (!m) fail(`cannot tell ${remote}'s default branch from its HEAD; pass --branch`);
  return m[1];
}

const branch = defaultBranch();
const line = gitOk(["ls-remote", remote, `refs/heads/${branch}`], `reading the head of ${branch}`).trim();
const head = line.split(/\s+/)[0] ?? "";
if (!/^[0-9a-f]{40}$/.test(head))
  fail(`${remote} has no branch ${branch}, so the run cannot tell whether its commit is current`);
if (head === sha) {
  say(`Commit ${sha.slice(0, 12)} is the head of ${branch}: a new release may be made.`);
  output("current", "true");
} else {
  const message = `commit ${sha.slice(0, 12)} is not the head of ${branch} (${head.slice(0, 12)} is): this is a re-run of an older run, so no new release is made from it; the latest published release is published and distributed as it is`;
  if (process.env.GITHUB_ACTIONS === "true") console.log(`::notice::${message}`);
  say(`Notice: ${message}.`);
  output("current", "false");
}
