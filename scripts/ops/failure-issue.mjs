#!/usr/bin/env node
// The workflow's last job: one GitHub issue tells people when the editions
// workflow fails, and goes away when it works again.
//
//   NEEDS='${{ toJSON(needs) }}' RUN_URL=… node scripts/ops/failure-issue.mjs
//
// When a job failed (or was cancelled, or timed out), it opens the issue
// "Editions workflow is failing", or comments on it if it is already open,
// naming the failed jobs and linking the run. When every job succeeded or
// was skipped on purpose, it closes that issue with a link to the run that
// worked. Only this job holds `issues: write`.
import { args, fail, gh, say } from "./lib.mjs";

const TITLE = "Editions workflow is failing";

const a = args(process.argv.slice(2));
let needs;
try {
  needs = JSON.parse(a.needs ?? process.env.NEEDS ?? "");
} catch {
  fail("NEEDS must be the JSON of the workflow's `needs` context (toJSON(needs))");
}
const runUrl = a["run-url"] ?? process.env.RUN_URL ?? "(no run URL)";
const failed = Object.entries(needs)
  .filter(([, j]) => j.result === "failure" || j.result === "cancelled")
  .map(([name, j]) => `${name} (${j.result})`);

const open = JSON.parse(
  gh(
    ["issue", "list", "--state", "open", "--search", `in:title "${TITLE}"`, "--json", "number,title"],
    "cannot list the open issues",
  ),
).filter((i) => i.title === TITLE);

if (failed.length) {
  const body = `The editions workflow failed in ${failed.join(", ")}.\n\nRun: ${runUrl}\n\nSee docs/scheduled-regeneration.md ("When a run fails") for what each job does and how to recover. This issue is closed by the next run that succeeds.`;
  if (open[0]) {
    gh(["issue", "comment", String(open[0].number), "--body", body], `cannot comment on issue #${open[0].number}`);
    say(`Commented on issue #${open[0].number}: failed ${failed.join(", ")}.`);
  } else {
    gh(["issue", "create", "--title", TITLE, "--body", body], "cannot open the failure issue");
    say(`Opened the issue "${TITLE}": failed ${failed.join(", ")}.`);
  }
} else {
  for (const i of open) {
    gh(
      ["issue", "close", String(i.number), "--comment", `This run succeeded: ${runUrl}`],
      `cannot close issue #${i.number}`,
    );
    say(`Closed issue #${i.number}: the workflow succeeded.`);
  }
  if (!open.length) say("Every job succeeded or was skipped; no failure issue is open.");
}
