#!/usr/bin/env node
// The approval watchdog (.github/workflows/approval-watchdog.yml, hourly):
// a run of the editions workflow that has waited longer than HOURS for a
// reviewer of the `stakeholders` Environment is reported on the issue
// "Editions workflow is failing" (opened if need be), once per run. A
// forgotten approval otherwise holds the editions-publish concurrency group
// silently, for up to 30 days, with every later run queued behind it.
//
//   node scripts/ops/approval-watchdog.mjs [--hours 24] [--workflow editions.yml]
//
// Runs in a workflow of its own, because a job of the editions workflow
// would itself wait in that concurrency group.
import { args, fail, gh, say } from "./lib.mjs";

const TITLE = "Editions workflow is failing";
const a = args(process.argv.slice(2));
const hours = Number(a.hours ?? process.env.APPROVAL_LIMIT_HOURS ?? 24);
if (!(hours > 0)) fail(`--hours must be a positive number, not "${a.hours ?? process.env.APPROVAL_LIMIT_HOURS}"`);
const workflow = a.workflow ?? "editions.yml";
const repo = process.env.GITHUB_REPOSITORY;
if (!repo) fail("GITHUB_REPOSITORY is not set; it names the repository whose runs to check");
const now = process.env.WATCHDOG_NOW ? Date.parse(process.env.WATCHDOG_NOW) : Date.now();

const listed = gh(
  ["api", `repos/${repo}/actions/workflows/${workflow}/runs?status=waiting&per_page=100`],
  "cannot list the runs waiting for approval",
);
let runs;
try {
  runs = JSON.parse(listed).workflow_runs ?? [];
} catch {
  fail(`gh api did not print the runs as JSON: ${listed.slice(0, 200)}`);
}
const stuck = runs.filter((r) => now - Date.parse(r.created_at) > hours * 3600_000);
if (stuck.length === 0) {
  say(`No run of ${workflow} has waited for approval longer than ${hours} h (${runs.length} waiting).`);
  process.exit(0);
}

const open = JSON.parse(
  gh(
    ["issue", "list", "--state", "open", "--search", `in:title "${TITLE}"`, "--json", "number,title,body,comments"],
    "cannot list the open issues",
  ),
).filter((i) => i.title === TITLE);
const said = open.flatMap((i) => [
  i.body ?? "",
  ...(i.comments ?? []).map((c) => (typeof c === "string" ? c : (c.body ?? ""))),
]);
const fresh = stuck.filter((r) => !said.some((text) => text.includes(r.html_url)));
if (fresh.length === 0) {
  say(`${stuck.length} run(s) still waiting for approval; already reported on the issue.`);
  process.exit(0);
}
const lines = fresh.map((r) => `- ${r.html_url} (waiting since ${r.created_at})`).join("\n");
const body = `A run of the editions workflow has waited more than ${hours} hours for a reviewer of the \`stakeholders\` Environment:\n\n${lines}\n\nApprove or reject it on the run's page (Review deployments). While it waits it holds the editions-publish concurrency group: every later run waits behind it, and nothing is published or sent. See docs/scheduled-regeneration.md ("Approving a mailing").`;
if (open[0]) {
  gh(["issue", "comment", String(open[0].number), "--body", body], `cannot comment on issue #${open[0].number}`);
  say(`Commented on issue #${open[0].number}: ${fresh.length} run(s) waiting for approval.`);
} else {
  gh(["issue", "create", "--title", TITLE, "--body", body], "cannot open the failure issue");
  say(`Opened the issue "${TITLE}": ${fresh.length} run(s) waiting for approval.`);
}
