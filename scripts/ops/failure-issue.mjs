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
// worked. Only this job holds `issues: write`. A recipient still refused
// or whose outcome is unknown (the `unreached` output of the distribute job,
// else of the release job's plan) keeps the issue open, listed by name,
// until an operator clears it (--resend, --mark-delivered or suppress:).
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

const outputOf = (job, name) => String(needs[job]?.outputs?.[name] ?? "").trim();
// The mailing job's list when it ran, else the plan's (the mailing job is skipped when nothing is due).
const unreached = (
  needs.distribute && needs.distribute.result !== "skipped"
    ? outputOf("distribute", "unreached")
    : outputOf("release", "unreached")
)
  .split("; ")
  .filter(Boolean);
const reached = unreached.length === 0;

const open = JSON.parse(
  gh(
    ["issue", "list", "--state", "open", "--search", `in:title "${TITLE}"`, "--json", "number,title"],
    "cannot list the open issues",
  ),
).filter((i) => i.title === TITLE);

if (failed.length || !reached) {
  const what = failed.length
    ? `The editions workflow failed in ${failed.join(", ")}.`
    : "Every job of the editions workflow succeeded, but some recipients are not being reached.";
  const list = reached
    ? ""
    : `\n\nNot being reached (refused for good, or the outcome is unknown):\n${unreached.map((u) => `- ${u}`).join("\n")}\n\nClear each one: after fixing the address, \`brief distribute --send --resend --only ADDRESS\`; once the recipient confirms it arrived, \`--mark-delivered --only ADDRESS\`; or list the address under \`suppress:\` in distribution.yaml (docs/distribution.md, "Refused and unknown deliveries").`;
  const body = `${what}${list}\n\nRun: ${runUrl}\n\nSee docs/scheduled-regeneration.md ("When a run fails") for what each job does and how to recover. This issue is closed by the next run that succeeds and reaches every recipient.`;
  if (open[0]) {
    gh(["issue", "comment", String(open[0].number), "--body", body], `cannot comment on issue #${open[0].number}`);
    say(
      `Commented on issue #${open[0].number}: failed ${failed.join(", ") || "none"}; not reached ${unreached.length}.`,
    );
  } else {
    gh(["issue", "create", "--title", TITLE, "--body", body], "cannot open the failure issue");
    say(`Opened the issue "${TITLE}": failed ${failed.join(", ") || "none"}; not reached ${unreached.length}.`);
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
