// Shared helpers of the operations scripts (scripts/ops/*.mjs), which the
// workflow's jobs run through make targets. They use only Node's built-ins,
// git and gh, so the jobs that hold write permissions run them without
// `npm ci`. Every failure is loud: a message naming what failed and what to
// do, and a non-zero exit; inside GitHub Actions also an error annotation.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { appendFileSync, readFileSync } from "node:fs";

/** Stop with a message (and an annotation inside GitHub Actions). */
export function fail(message) {
  if (process.env.GITHUB_ACTIONS === "true") console.log(`::error::${message.replace(/\n/g, "%0A")}`);
  console.error(`error: ${message}`);
  process.exit(1);
}

/** Say something in the log. */
export function say(message) {
  console.log(message);
}

/** Set a step output (and print it), for the workflow's later steps and jobs. */
export function output(name, value) {
  console.log(`${name}=${value}`);
  if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, `${name}=${value}\n`);
}

/** Run a command; returns { status, stdout, stderr } (status null when it could not start). */
export function run(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, {
    encoding: "utf8",
    maxBuffer: 256 << 20,
    ...options,
    env: { ...process.env, ...(options.env ?? {}) },
  });
  if (r.error && r.error.code === "ENOENT") return { status: null, stdout: "", stderr: `${cmd} is not installed` };
  return { status: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}

/** The first line of a command's error output, for messages. */
export function why(r) {
  const text = `${r.stderr}\n${r.stdout}`.trim();
  return (
    text
      .split("\n")
      .find((l) => l.trim() !== "")
      ?.trim() ?? `exit status ${r.status}`
  );
}

/** Run gh; stop with `what` and gh's own message when it fails. */
export function gh(args, what, options = {}) {
  const r = run("gh", args, options);
  if (r.status !== 0) fail(`${what}: gh ${args.slice(0, 2).join(" ")} failed (${why(r)})`);
  return r.stdout;
}

/**
 * git with the GitHub token as its credential (through `gh auth git-credential`)
 * when GH_TOKEN is set, so a checkout made with persist-credentials: false can
 * still fetch and push; a local remote (the simulation) never asks for one.
 */
export function git(args, options = {}) {
  const auth = process.env.GH_TOKEN
    ? ["-c", "credential.helper=", "-c", "credential.helper=!gh auth git-credential"]
    : [];
  const identity = {
    GIT_AUTHOR_NAME: "github-actions[bot]",
    GIT_AUTHOR_EMAIL: "41898282+github-actions[bot]@users.noreply.github.com",
    GIT_COMMITTER_NAME: "github-actions[bot]",
    GIT_COMMITTER_EMAIL: "41898282+github-actions[bot]@users.noreply.github.com",
  };
  return run("git", [...auth, ...args], { ...options, env: { ...identity, ...(options.env ?? {}) } });
}

/** git that must succeed; stops with `what` otherwise. */
export function gitOk(args, what, options = {}) {
  const r = git(args, options);
  if (r.status !== 0) fail(`${what}: git ${args[0]} failed (${why(r)})`);
  return r.stdout;
}

/** Whether `branch` exists on `remote`: true, false, or a stop when the remote cannot be asked. */
export function remoteHasBranch(remote, branch) {
  const r = git(["ls-remote", "--exit-code", "--heads", remote, `refs/heads/${branch}`]);
  if (r.status === 0) return true;
  if (r.status === 2) return false;
  fail(`cannot read branch ${branch} from ${remote} (${why(r)}); nothing was changed`);
}

/** Fetch `branch` from `remote`; returns its commit id, or null when it does not exist. */
export function fetchBranch(remote, branch) {
  if (!remoteHasBranch(remote, branch)) return null;
  gitOk(["fetch", "--quiet", "--no-tags", remote, `+refs/heads/${branch}:refs/brief/${branch}`], `fetching ${branch}`);
  return gitOk(["rev-parse", `refs/brief/${branch}`], `reading ${branch}`).trim();
}

/** A commit of `tree` on top of `parent` (null: the first commit of the branch). */
export function commitTree(tree, parent, message) {
  return gitOk(["commit-tree", tree, ...(parent ? ["-p", parent] : []), "-m", message], "committing").trim();
}

/** Push `commit` to `branch`, never forcing: false when another push won the race (fetch and try again). */
export function pushBranch(remote, commit, branch) {
  const r = git(["push", "--quiet", remote, `${commit}:refs/heads/${branch}`]);
  if (r.status === 0) return true;
  if (/rejected|non-fast-forward|fetch first|stale info|failed to update ref|cannot lock ref/i.test(r.stderr))
    return false;
  fail(`pushing ${branch} to ${remote} failed (${why(r)})`);
}

/** sha256 of a file. */
export function sha256File(file) {
  return createHash("sha256").update(readFileSync(file)).digest("hex");
}

/** SHA256SUMS text as a Map of name → sha256. */
export function parseSums(text) {
  const out = new Map();
  for (const line of text.split("\n")) {
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line.trim());
    if (m) out.set(m[2], m[1]);
  }
  return out;
}

/** Parsed `--name value` and `--flag` arguments. */
export function args(argv) {
  const out = { _: [] };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith("--")) out._.push(a);
    else if (argv[i + 1] === undefined || argv[i + 1].startsWith("--")) out[a.slice(2)] = true;
    else out[a.slice(2)] = argv[++i];
  }
  return out;
}

/** Wait, without busy-looping (between push retries). */
export function pause(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
