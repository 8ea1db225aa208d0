import {
  cpSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256 } from "../../src/lib/hash.js";
import { pdfText } from "../helpers.js";
import { packedTool, runOrThrow } from "../packed-tool.js";
import { runWorkflow, type RunRecord, type Trigger } from "../simulate/runner.js";
import { Mailboxes, WebhookReceiver } from "../simulate/servers.js";
import { World } from "../simulate/world.js";
import { limit } from "../slowness.js";

/**
 * A team's repository runs its own workflow (issue 32): the tool packed and
 * installed from the tarball (test/packed-tool.ts, shared with
 * package.test.ts), `brief init` and `brief new water` in an empty folder,
 * committed without node_modules, and the `.github/workflows/editions.yml`
 * that init wrote run job by job through the simulation `make
 * simulate-year` uses (test/simulate/runner.ts), with the installed
 * node_modules linked into every checkout as `npm ci` would make them and a
 * local SMTP server as the mail server. A push to main builds, releases,
 * publishes, deploys Pages and mails the readers; a scheduled run a week
 * later with no change releases nothing and mails nobody; a pull request
 * checks and builds the brief it touches, and releases and sends nothing.
 */

const DAY = 86_400_000;
const GOV = "gov@example.org";
const LINK = "link@example.org";
const EDITION = "water-government";

let world: World;
let mail: Mailboxes;
let certs: WebhookReceiver;
let workflow = "";
let watchdog = "";
let day = Date.parse("2026-03-02T06:17:00Z");
const savedCa = process.env.NODE_EXTRA_CA_CERTS;

const results = (r: RunRecord): Record<string, string> =>
  Object.fromEntries(Object.entries(r.jobs).map(([k, v]) => [k, v.result]));

/** Every job's log, for a failure's message. */
const logs = (r: RunRecord): string =>
  Object.entries(r.jobs)
    .map(([k, v]) => `--- ${k}: ${v.result}${v.log}`)
    .join("\n");

/** Run the team's workflow `gap` days after the last run. */
async function run(trigger: Trigger, gap = 0): Promise<RunRecord> {
  day += gap * DAY;
  world.now = new Date(day);
  return runWorkflow(world, trigger, undefined, workflow);
}

/** A file of a run's artifact (kept under the World's runs/ folder). */
const artifact = (r: RunRecord, name: string, file = ""): string =>
  path.join(world.root, "runs", String(r.id), "artifacts", name, file);

const published = (): string[] =>
  world
    .releases()
    .filter((x) => !x.draft)
    .map((x) => x.tag);

const header = (m: { mail: { headers: Map<string, unknown> } }, h: string): string => {
  const v = m.mail.headers.get(h);
  return typeof v === "string" ? v : "";
};

const distribution = (): string => `sender: { name: Water Team, email: briefs@example.org }
reply_to: analysts@example.org
base_url: ${world.pagesUrl}
recipients:
  - name: Gov Reader
    email: ${GOV}
    audiences: [government]
    attach: pdf
  - name: Link Reader
    email: ${LINK}
    audiences: [government]
    attach: link
`;

beforeAll(async () => {
  const tool = packedTool();
  // The team's repository, as the docs say to make it: npm init -y, npm install <tarball>, npx brief init, brief new.
  const project = mkdtempSync(path.join(os.tmpdir(), "brief-team-"));
  for (const f of ["package.json", "package-lock.json"]) cpSync(path.join(tool.installed, f), path.join(project, f));
  symlinkSync(path.join(tool.installed, "node_modules"), path.join(project, "node_modules"));
  runOrThrow("npx", ["--no-install", "brief", "init"], project);
  runOrThrow(
    "npx",
    ["--no-install", "brief", "new", "water", "--audiences", "government", "--date", "2026-03-02"],
    project,
  );
  rmSync(path.join(project, "node_modules")); // committed without it, as its .gitignore says
  world = new World(project, new Date(day), { teamModules: tool.installed });
  rmSync(project, { recursive: true, force: true });
  // The team's own copy (what init wrote, as committed) is the one that runs.
  const own = world.show("main", ".github/workflows/editions.yml");
  expect(own, "brief init wrote the workflow").toBeDefined();
  workflow = path.join(world.root, "team-editions.yml");
  writeFileSync(workflow, own ?? "");
  const ownWatchdog = world.show("main", ".github/workflows/approval-watchdog.yml");
  expect(ownWatchdog, "brief init wrote the approval watchdog").toBeDefined();
  watchdog = path.join(world.root, "team-approval-watchdog.yml");
  writeFileSync(watchdog, ownWatchdog ?? "");

  certs = new WebhookReceiver(world.root); // only its certificate: the SMTP server's STARTTLS uses it
  mail = new Mailboxes({ key: certs.keyFile, cert: certs.certFile });
  await mail.start();
  process.env.NODE_EXTRA_CA_CERTS = certs.certFile;
  world.edit("Who gets the water brief", { "content/water/distribution.yaml": distribution() });
  world.secrets = { BRIEF_SMTP_URL: mail.url() };
  // The starter brief is a draft: the team allows releasing it (the variable the workflow documents).
  world.vars = { BRIEF_ALLOW_SPECIMEN: "1" };
}, limit(900_000));

afterAll(async () => {
  if (savedCa === undefined) delete process.env.NODE_EXTRA_CA_CERTS;
  else process.env.NODE_EXTRA_CA_CERTS = savedCa;
  await mail?.stop();
  world?.dispose();
});

describe("a team's generated workflow, run through the simulation", () => {
  let first: RunRecord;

  it("a push to main builds the edition, releases it, publishes it with Pages and mails both readers", async () => {
    first = await run({ event: "push" });
    expect(results(first), logs(first)).toEqual({
      review: "skipped",
      build: "success",
      release: "success",
      publish: "success",
      pages: "success",
      distribute: "success",
      ledger: "success",
      keepalive: "skipped",
      report: "success",
    });
    // The build job built the edition (its artifact).
    const pdf = artifact(first, "built", `${EDITION}.pdf`);
    expect(existsSync(pdf)).toBe(true);
    expect(pdfText(pdf)).toContain("Title of the brief");
    // The release job made a release; publish published it with SHA256SUMS and the PDF.
    const tags = published();
    expect(tags).toHaveLength(1);
    const tag = tags[0] ?? "";
    expect(tag.startsWith("editions-")).toBe(true);
    const sums = readFileSync(world.asset(tag, "SHA256SUMS"), "utf8");
    const line = sums.split("\n").find((l) => l.endsWith(` ${EDITION}.pdf`)) ?? "";
    expect(line, sums).toMatch(/^[0-9a-f]{64} /);
    expect(sha256(readFileSync(world.asset(tag, `${EDITION}.pdf`)))).toBe(line.slice(0, 64));
    // Pages: the release's folder is on the brief-pages branch and on the deployed site.
    expect(existsSync(path.join(world.pagesSite, tag, `${EDITION}.pdf`))).toBe(true);
    expect(world.show("brief-pages", `${tag}/${EDITION}.pdf`)).toBeDefined();
    // Distribute: each reader got the edition once, from this release; the ledger branch says so.
    for (const who of [GOV, LINK]) {
      const got = mail.of(who).map((m) => `${header(m, "x-brief-edition")}@${header(m, "x-brief-release")}`);
      expect(got, who).toEqual([`${EDITION}@${tag}`]);
    }
    expect(mail.of(GOV)[0]?.mail.attachments.map((a) => a.filename)).toContain(`${EDITION}.pdf`);
    expect(world.show("brief-ledger", "deliveries.jsonl")?.trim().split("\n")).toHaveLength(2);
    // The plan found both due; the merged ledger is kept with the release (the restore source).
    expect(first.jobs.release?.outputs.due).toBe("2");
    expect(first.jobs.release?.outputs.tag).toBe(tag);
    expect(readFileSync(world.asset(tag, "brief-ledger.jsonl"), "utf8").trim().split("\n")).toHaveLength(2);
    // The build cache key carries the runtime the build job reported.
    expect(logs(first)).toMatch(/Runtime: Node v\d+/);
    // The report job found nothing to report: no failure issue.
    expect(world.issues().filter((i) => i.state === "open")).toEqual([]);
    // Every job installed the package with `npm ci` from the lock file; the jobs that can write, without scripts.
    const calls = world.npmCalls();
    expect(calls.length).toBe(6); // build, release, publish, distribute, ledger, report
    for (const c of calls) expect(c.args[0]).toBe("ci");
    // publish, distribute, ledger and report (the jobs that can write, or hold the SMTP secret) run no
    // install script; the mailing job installs production dependencies only.
    expect(calls.filter((c) => c.args.includes("--ignore-scripts"))).toHaveLength(4);
    expect(calls.filter((c) => c.args.includes("--omit=dev"))).toHaveLength(1);
  });

  it("a scheduled run a week later, with nothing changed, makes no release, asks no approval and mails nobody", async () => {
    const before = mail.messages.length;
    const r = await run({ event: "schedule" }, 7);
    // Nothing is due, so the mailing job (and the stakeholders approval it would ask for) is skipped.
    expect(results(r), logs(r)).toMatchObject({
      build: "success",
      release: "success",
      publish: "success",
      distribute: "skipped",
      ledger: "skipped",
      keepalive: "success",
      report: "success",
    });
    expect(r.jobs.release?.outputs.due, logs(r)).toBe("0");
    expect(r.jobs.release?.outputs.released, logs(r)).not.toBe("true");
    expect(published()).toHaveLength(1);
    expect(mail.messages.length).toBe(before);
    expect(world.show("brief-ledger", "deliveries.jsonl")?.trim().split("\n")).toHaveLength(2);
  });

  it("a pull request checks and builds the brief it touches, and releases and sends nothing", async () => {
    const base = world.head();
    world.edit("A sentence more", {
      "content/water/sections/10-background.md": (old) => `${old.trimEnd()}\n\nOne sentence more for review.\n`,
    });
    const before = mail.messages.length;
    const r = await run({ event: "pull_request", ref: "refs/pull/1/merge", base }, 1);
    expect(results(r), logs(r)).toEqual({
      review: "success",
      build: "skipped",
      release: "skipped",
      publish: "skipped",
      pages: "skipped",
      distribute: "skipped",
      ledger: "skipped",
      keepalive: "skipped",
      report: "skipped",
    });
    expect(r.group).toBe("editions-test-refs/pull/1/merge");
    // The touched brief's PDFs only (review/*.pdf), for the reviewers.
    expect(existsSync(artifact(r, "review-pdfs")), logs(r)).toBe(true);
    expect(readdirSync(artifact(r, "review-pdfs"))).toEqual([`${EDITION}.pdf`]);
    expect(existsSync(artifact(r, "built"))).toBe(false);
    expect(published()).toHaveLength(1);
    expect(mail.messages.length).toBe(before);
  });

  it("the team's approval watchdog reports a run left waiting for the stakeholders approval longer than the limit, and not one waiting less", async () => {
    const at = (hours: number): string =>
      new Date(world.now.getTime() - hours * 3_600_000).toISOString().replace(/\.\d{3}Z$/, "Z");
    const forgotten = { html_url: `https://github.com/${world.repository}/actions/runs/7001`, created_at: at(30) };
    const recent = { html_url: `https://github.com/${world.repository}/actions/runs/7002`, created_at: at(2) };
    // What GitHub answers for the editions workflow's runs waiting for approval.
    world.answerApi(`repos/${world.repository}/actions/workflows/editions.yml/runs?status=waiting&per_page=100`, {
      total_count: 2,
      workflow_runs: [forgotten, recent],
    });
    world.runnerEnv.WATCHDOG_NOW = world.now.toISOString();
    try {
      const r = await runWorkflow(world, { event: "schedule" }, undefined, watchdog);
      expect(results(r), logs(r)).toEqual({ watchdog: "success" });
      const open = world.issues().filter((i) => i.state === "open");
      expect(open.map((i) => i.title)).toEqual(["Editions workflow is failing"]);
      expect(open[0]?.body).toContain(forgotten.html_url);
      expect(open[0]?.body).not.toContain(recent.html_url);
    } finally {
      delete world.runnerEnv.WATCHDOG_NOW;
    }
  });
});
