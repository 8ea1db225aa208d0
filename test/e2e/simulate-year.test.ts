import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sha256 } from "../../src/lib/hash.js";
import { REPO, tempProject } from "../helpers.js";
import { runWorkflow, type RunRecord, type Trigger } from "../simulate/runner.js";
import { Mailboxes, WebhookReceiver } from "../simulate/servers.js";
import { World } from "../simulate/world.js";
import { limit } from "../slowness.js";

/**
 * A year of unattended runs (`make simulate-year`): the real workflow file,
 * run job by job (test/simulate/runner.ts) with the real CLI and the same
 * make targets, against a throw-away repository, a local SMTP server and a
 * local HTTPS webhook receiver. Each job's runner is wiped when it ends;
 * only what GitHub would keep survives between runs: the repository and its
 * brief-ledger and brief-pages branches, the releases (and attestations and
 * issues), the deployed Pages site, and the build cache until it goes 7
 * days unused. After every run: each mailbox holds exactly the messages it
 * should, every link in every message and webhook post is a file of the
 * deployed site, and the release list is what it should be.
 */

const DAY = 86_400_000;
const ADA = "ada@example.org";
const BO = "bo@example.org";
const CY = "cy@example.org";

let world: World;
let mail: Mailboxes;
let hooks: WebhookReceiver;
/** Expected: address (or "desk" for the webhook) → "edition@tag" received, in any order. */
const expected = new Map<string, string[]>();
/** Published tags, newest first. */
const tags: string[] = [];
let day = Date.parse("2025-03-03T06:17:00Z");
/** The run whose mailing job failed with the SMTP server down (scenario 6), re-run in scenario 16. */
let smtpDown: RunRecord | undefined;
/** The run that reached everyone once the SMTP password was fixed (scenario 14), re-run in full in scenario 18. */
let passwordFixed: RunRecord | undefined;

const distribution = (
  extra: { cy?: boolean; suppress?: string[] } = {},
): string => `sender: { name: Policy Briefs Unit, email: briefs@example.org }
reply_to: analysts@example.org
base_url: ${world.pagesUrl}
recipients:
  - name: Ada Alpha
    email: ${ADA}
    audiences: [alpha]
    attach: pdf
  - name: Bo Both
    email: ${BO}
    audiences: [alpha, beta]
    attach: link
  - name: Investment desk
    channel: webhook
    audiences: [beta]
    webhook: { url: "https://hooks.simulate.example.org:${hooks.port}/hooks/desk", token_env: BRIEF_WEBHOOK_INVESTMENT_DESK }
${extra.cy ? `  - name: Cy Beta\n    email: ${CY}\n    audiences: [beta]\n    attach: pdf\n` : ""}${extra.suppress ? `suppress: [${extra.suppress.join(", ")}]\n` : ""}`;

/** One scheduled run a week (or `gap` days) after the last. */
async function run(gap = 7, trigger: Trigger = { event: "schedule" }): Promise<RunRecord> {
  day += gap * DAY;
  world.now = new Date(day);
  return runWorkflow(world, trigger);
}

/** Expect these new deliveries (address → editions) of the newest release. */
function delivered(add: Record<string, string[]>): void {
  const tag = tags[0] ?? "";
  for (const [who, editions] of Object.entries(add))
    expected.set(who, [...(expected.get(who) ?? []), ...editions.map((e) => `${e}@${tag}`)]);
}

/** A published release was made by the last run. */
function released(): string {
  const now = world
    .releases()
    .filter((r) => !r.draft)
    .map((r) => r.tag);
  expect(now.length, "one new release").toBe(tags.length + 1);
  const tag = now[0] ?? "";
  tags.unshift(tag);
  return tag;
}

const header = (m: { mail: { headers: Map<string, unknown> } }, h: string): string => {
  const v = m.mail.headers.get(h);
  return typeof v === "string" ? v : "";
};

/** Everything the issue asks to check after each run. */
function checkWorld(label: string, r: RunRecord): void {
  // Mailboxes: exactly the expected messages.
  for (const address of [ADA, BO, CY]) {
    const got = mail.of(address).map((m) => `${header(m, "x-brief-edition")}@${header(m, "x-brief-release")}`);
    expect([...got].sort(), `${label}: the mailbox of ${address}`).toEqual([...(expected.get(address) ?? [])].sort());
  }
  const desk = hooks.hooks.map((h) => {
    const link = (h.body.brief.links as Record<string, unknown>).pdf;
    const pdf = typeof link === "string" ? link : "";
    const [release = "", file = ""] = pdf.slice(world.pagesUrl.length).split("/");
    return `${file.replace(/\.pdf$/, "")}@${release}`;
  });
  expect([...desk].sort(), `${label}: the webhook's deliveries`).toEqual([...(expected.get("desk") ?? [])].sort());
  // Links: every URL under the site's address is a file of the deployed site.
  const urls = [
    ...mail.messages.flatMap(
      (m) =>
        `${m.mail.text ?? ""}\n${typeof m.mail.html === "string" ? m.mail.html : ""}`.match(/https:\/\/[^\s"<>)]+/g) ??
        [],
    ),
    ...hooks.hooks.flatMap((h) => JSON.stringify(h.body).match(/https:\/\/[^\s"<>)\\]+/g) ?? []),
  ].filter((u) => u.startsWith(world.pagesUrl));
  if (mail.messages.length) expect(urls.length, `${label}: links in the messages`).toBeGreaterThan(0);
  for (const u of new Set(urls)) {
    const file = path.join(world.pagesSite, decodeURIComponent(u.slice(world.pagesUrl.length)));
    expect(existsSync(file), `${label}: ${u} is a file of the site`).toBe(true);
  }
  // Each message links into its own release's folder (never latest/), and its PDF is the one the site serves.
  for (const m of mail.messages) {
    const tag = header(m, "x-brief-release");
    const text = m.mail.text ?? "";
    for (const u of text.match(/https:\/\/\S+/g) ?? []) expect(u.startsWith(`${world.pagesUrl}${tag}/`), u).toBe(true);
    const [, pdf = "", sum = ""] = /sha256 of (\S+): ([0-9a-f]{64})/.exec(text) ?? [];
    expect(sha256(readFileSync(path.join(world.pagesSite, tag, pdf))), `${label}: ${tag}/${pdf}`).toBe(sum);
  }
  // The release list.
  expect(
    world
      .releases()
      .filter((x) => !x.draft)
      .map((x) => x.tag),
    `${label}: the releases`,
  ).toEqual(tags);
  expect(r.notRun.every((n) => /make test|brief\.js check/.test(n))).toBe(true);
}

const results = (r: RunRecord): Record<string, string> =>
  Object.fromEntries(Object.entries(r.jobs).map(([k, v]) => [k, v.result]));

const log = (r: RunRecord, job: string): string => r.jobs[job]?.log ?? "";

beforeAll(async () => {
  const project = tempProject();
  world = new World(project, new Date(day));
  hooks = new WebhookReceiver(world.root);
  await hooks.start();
  mail = new Mailboxes({ key: hooks.keyFile, cert: hooks.certFile });
  await mail.start();
  world.edit("Distribution: Ada, Bo and the investment desk", { "content/mini/distribution.yaml": distribution() });
  world.secrets = { BRIEF_SMTP_URL: mail.url(), BRIEF_WEBHOOK_INVESTMENT_DESK: "desk-token" };
  process.env.NODE_EXTRA_CA_CERTS = hooks.certFile;
  // The webhook's host resolves to the local receiver only through this preload (the real poster refuses loopback).
  const preload = pathToFileURL(path.resolve("test/simulate/webhook-loopback.mjs")).href;
  // A faked runner update (World.runnerEnv.SIM_NODE_VERSION) reaches every Node process through this one.
  const node = pathToFileURL(path.resolve("test/simulate/runner-node.mjs")).href;
  process.env.NODE_OPTIONS = `${process.env.NODE_OPTIONS ?? ""} --import ${preload} --import ${node}`.trim();
}, limit(120_000));

afterAll(async () => {
  delete process.env.NODE_OPTIONS;
  await mail.stop();
  await hooks.stop();
  world.dispose();
});

const FACTS = "content/mini/facts.yaml";
const chips = (from: string, to: string) => (old: string) =>
  old.replace(`  value: ${from}\n  format: number`, `  value: ${to}\n  format: number`);
const append = (line: string) => (old: string) => `${old.trimEnd()}\n\n${line}\n`;

/** The CHANGES.md of a release, as GitHub holds it. */
const changes = (tag: string): string => readFileSync(world.asset(tag, "CHANGES.md"), "utf8");

/** The open failure issues. */
const openIssues = () => world.issues().filter((i) => i.state === "open");

describe("a year of scheduled runs", () => {
  it("1: the first release is published, deployed and sent to everyone", async () => {
    const r = await run(0);
    expect(results(r), log(r, "release") + log(r, "distribute")).toMatchObject({
      release: "success",
      publish: "success",
      pages: "success",
      distribute: "success",
      ledger: "success",
      keepalive: "success",
      report: "success",
    });
    const tag = released();
    delivered({ [ADA]: ["mini-alpha"], [BO]: ["mini-alpha", "mini-beta"], desk: ["mini-beta"] });
    checkWorld("run 1", r);
    expect(changes(tag)).toMatch(/^# First release: 2 editions\./);
    // Header lines unfolded, names in one case (nodemailer writes List-ID).
    const lines = (mail.of(ADA)[0]?.mail.headerLines ?? []).map((h) => h.line.replace(/\r?\n\s+/g, " ").toLowerCase());
    expect(lines).toContain("list-unsubscribe: <mailto:analysts@example.org?subject=unsubscribe%20ada%40example.org>");
    expect(lines).toContain("list-id: mini editions <mini.editions.example.org>");
    expect(hooks.hooks[0]?.headers["idempotency-key"]).toMatch(/^[0-9a-f]{40}$/);
    expect(r.summaries.join("\n")).toContain(`## Distribution of ${tag}`);
    expect(world.show("brief-ledger", "deliveries.jsonl")?.trim().split("\n")).toHaveLength(4);
    // The mailing job pushed the ledger itself (its checkpoints); the ledger job found nothing left to merge.
    expect(log(r, "distribute")).toMatch(/Ledger: \d+ new lines pushed to brief-ledger/);
    expect(log(r, "ledger")).toContain("already has every line");
    // It installed production dependencies without install scripts, and ran the release job's bundle.
    const installs = world.npmCalls();
    expect(installs.length).toBeGreaterThan(0);
    for (const c of installs) expect(c.args).toEqual(expect.arrayContaining(["ci", "--omit=dev", "--ignore-scripts"]));
    expect(log(r, "distribute")).not.toMatch(/npx tsc|bundle\.mjs/);
    // Every job that sets up a browser took puppeteer's pinned Chrome, never the runner's.
    for (const job of ["build", "release"])
      expect(log(r, job), job).toMatch(/^browser: .+ \(pinned by puppeteer [\d.]+\)$/m);
    expect(existsSync(path.join(world.pagesSite, tag, "site/index.html"))).toBe(true);
    expect(readFileSync(path.join(world.pagesSite, "latest/manifest.json"), "utf8")).toContain(tag);
  });

  it("2: nothing changed: no release, nothing sent, and no approval asked (the mailing job is skipped)", async () => {
    const r = await run();
    expect(results(r)).toMatchObject({
      release: "success",
      publish: "success",
      distribute: "skipped",
      report: "success",
    });
    expect(log(r, "release")).toMatch(/due=0/);
    expect(log(r, "release")).toMatch(/released=false/);
    checkWorld("run 2", r);
  });

  it("3: a text change to the alpha section reaches alpha's readers only", async () => {
    world.edit("Alpha section: one more sentence", {
      "content/mini/sections/20-alpha.md": append("A sentence added for the alpha readers."),
    });
    const r = await run();
    expect(results(r), log(r, "release")).toMatchObject({ publish: "success", distribute: "success" });
    const tag = released();
    delivered({ [ADA]: ["mini-alpha"], [BO]: ["mini-alpha"] });
    checkWorld("run 3", r);
    expect(changes(tag)).toMatch(/^# Changes since the previous release: 1 edition reading differently\./);
  });

  it("4: a code-only change is released quietly: CHANGES.md says layout only, nobody is mailed", async () => {
    world.edit("A code change that alters nothing a reader sees", {}, world.newCode("a comment in the code"));
    const r = await run();
    expect(results(r), log(r, "release")).toMatchObject({ publish: "success", distribute: "skipped" });
    const tag = released();
    expect(changes(tag)).toMatch(/^# Layout only; not mailed: 2 editions rebuilt/);
    checkWorld("run 4", r);
  });

  it("5: a recipient added to distribution.yaml gets the current edition on the next run", async () => {
    world.edit("Cy joins the beta readers", { "content/mini/distribution.yaml": distribution({ cy: true }) });
    const r = await run();
    expect(log(r, "release")).toMatch(/released=false/);
    delivered({ [CY]: ["mini-beta"] });
    checkWorld("run 5", r);
  });

  it(
    "6: the SMTP server is down during a release: the webhook is sent, the run fails loudly, the ledger keeps what went",
    async () => {
      world.edit("Common section: a correction for everyone", {
        "content/mini/sections/10-common.md": append("A correction every reader should see."),
      });
      await mail.stop();
      const r = await run();
      smtpDown = r;
      expect(results(r)).toMatchObject({
        publish: "success",
        pages: "success",
        distribute: "failure",
        ledger: "success",
        report: "success",
      });
      expect(log(r, "distribute")).toMatch(/failed after 5 attempts: .*ECONNREFUSED.*the next run tries again/);
      released();
      delivered({ desk: ["mini-beta"] });
      checkWorld("run 6", r);
      const issues = openIssues();
      expect(issues).toHaveLength(1);
      expect(issues[0]?.body).toContain("distribute (failure)");
    },
    limit(240_000),
  );

  it("7: recovery: the next run sends what failed, and closes the issue", async () => {
    await mail.start();
    world.secrets.BRIEF_SMTP_URL = mail.url();
    const r = await run();
    expect(results(r)).toMatchObject({ distribute: "success", report: "success" });
    expect(log(r, "release")).toMatch(/released=false/);
    delivered({ [ADA]: ["mini-alpha"], [BO]: ["mini-alpha", "mini-beta"], [CY]: ["mini-beta"] });
    checkWorld("run 7", r);
    expect(openIssues()).toEqual([]);
  });

  it(
    "8: after ten weeks without a run (the build cache evicted), a fact is changed, then reverted: both are delivered",
    async () => {
      world.edit("Chips: 12,000", { [FACTS]: chips("10000", "12000") });
      const changed = await run(70);
      expect(results(changed), log(changed, "release")).toMatchObject({ distribute: "success" });
      const tag = released();
      expect(changes(tag)).toContain("- `chips` (mini): value 10,000 chips → 12,000 chips");
      delivered({ [ADA]: ["mini-alpha"], [BO]: ["mini-alpha", "mini-beta"], [CY]: ["mini-beta"], desk: ["mini-beta"] });
      checkWorld("run 8, changed", changed);
      world.edit("Chips: back to 10,000", { [FACTS]: chips("12000", "10000") });
      const reverted = await run();
      expect(results(reverted)).toMatchObject({ distribute: "success" });
      released();
      delivered({ [ADA]: ["mini-alpha"], [BO]: ["mini-alpha", "mini-beta"], [CY]: ["mini-beta"], desk: ["mini-beta"] });
      checkWorld("run 8, reverted", reverted);
    },
    limit(240_000),
  );

  it("9: a suppressed address is not mailed, and the summary says so", async () => {
    world.edit("Bo unsubscribed; the beta section changes", {
      "content/mini/distribution.yaml": distribution({ cy: true, suppress: [BO] }),
      "content/mini/sections/30-beta.md": append("A new paragraph for beta readers."),
    });
    const r = await run();
    expect(results(r)).toMatchObject({ distribute: "success" });
    released();
    delivered({ [CY]: ["mini-beta"], desk: ["mini-beta"] });
    checkWorld("run 9", r);
    expect(r.summaries.join("\n")).toMatch(
      /Bo Both <bo@example\.org> \| mini-beta \| email \(links\) \| — \| suppressed/,
    );
  });

  it("10: a permanent 5xx for one address: recorded, reported, the others delivered", async () => {
    mail.refuse.set(CY, 550);
    world.edit("The beta section changes again", {
      "content/mini/sections/30-beta.md": append("Another paragraph for beta readers."),
    });
    const r = await run();
    expect(results(r)).toMatchObject({ distribute: "failure", ledger: "success" });
    expect(log(r, "distribute")).toMatch(/mini-beta to Cy Beta by email was refused for good: 550/);
    released();
    delivered({ desk: ["mini-beta"] });
    checkWorld("run 10", r);
    expect(world.show("brief-ledger", "deliveries.jsonl")).toMatch(
      /"recipient":"cy@example\.org".*"status":"rejected"/,
    );
    expect(openIssues()).toHaveLength(1);
    mail.refuse.clear();
  });

  it("11: the latest release's manifest was tampered with: the run stops before anything is released or sent", async () => {
    const [latest = ""] = tags;
    const file = world.asset(latest, "manifest.json");
    writeFileSync(file, readFileSync(file, "utf8").replace('"value": "10,000 chips"', '"value": "99,000 chips"'));
    const r = await run();
    expect(results(r)).toMatchObject({
      release: "failure",
      publish: "skipped",
      distribute: "skipped",
      report: "success",
    });
    expect(log(r, "release")).toMatch(
      /release editions-\S+ does not match its own SHA256SUMS[\s\S]*manifest\.json: does not match SHA256SUMS/,
    );
    checkWorld("run 11", r);
    const [issue] = openIssues();
    expect(issue?.comments.at(-1)).toContain("release (failure)");
    // The repair the docs describe: delete the damaged release; its folder on the site stays.
    world.deleteRelease(latest);
    tags.shift();
  });

  it(
    "12: two runs at once: one releases again what was deleted, the other waits and finds nothing to do; nobody is mailed twice",
    async () => {
      day += 7 * DAY;
      world.now = new Date(day);
      const [a, b] = await Promise.all([
        runWorkflow(world, { event: "schedule" }),
        runWorkflow(world, { event: "workflow_dispatch", inputs: { force: false, notify: false, brief: "" } }),
      ]);
      expect(a.group).toBe("editions-publish");
      expect(b.group).toBe(a.group);
      // Nothing is due (Cy's refusal is not retried, though the server would accept now): no approval asked.
      expect(results(a)).toMatchObject({ publish: "success", distribute: "skipped", report: "success" });
      expect(results(b)).toMatchObject({ publish: "success", distribute: "skipped", report: "success" });
      expect(log(a, "release")).toMatch(/released=true/);
      expect(log(b, "release")).toMatch(/released=false/);
      released();
      expect(log(a, "release")).toMatch(/mini-beta to Cy Beta by email not sent: refused for good on/);
      checkWorld("run 12", a);
      // Cy is still not reached: the issue stays open and says so, until someone acts.
      const [issue] = openIssues();
      expect(issue?.comments.at(-1)).toContain("- Cy Beta <cy@example.org>: mini-beta, refused");
      const lines = world.show("brief-ledger", "deliveries.jsonl")?.trim().split("\n") ?? [];
      expect(new Set(lines).size).toBe(lines.length);
    },
    limit(240_000),
  );

  it("13: the operator clears Cy's refusal (suppress:): the issue closes", async () => {
    world.edit("Cy's address bounces: suppressed", {
      "content/mini/distribution.yaml": distribution({ cy: true, suppress: [BO, CY] }),
    });
    const r = await run();
    expect(results(r)).toMatchObject({ distribute: "skipped", report: "success" });
    checkWorld("run 13", r);
    expect(openIssues()).toEqual([]);
  });

  it(
    "14: an expired SMTP password fails the run and refuses nobody; once the secret is fixed, everyone due is reached",
    async () => {
      world.edit("Bo's suppression lifted; the alpha section changes", {
        "content/mini/distribution.yaml": distribution({ cy: true, suppress: [CY] }),
        "content/mini/sections/20-alpha.md": append("Another sentence for the alpha readers."),
      });
      mail.password = "rotated-secret";
      const r = await run();
      expect(results(r)).toMatchObject({ publish: "success", distribute: "failure", ledger: "success" });
      expect(log(r, "distribute")).toMatch(/the SMTP session failed at AUTH \(535 5\.7\.8 Authentication failed/);
      released();
      delivered({ desk: [] });
      checkWorld("run 14", r);
      const ledger = world.show("brief-ledger", "deliveries.jsonl")?.trim().split("\n") ?? [];
      expect(ledger.filter((l) => l.includes(tags[0] ?? "?") && l.includes('"status":"rejected"'))).toEqual([]);
      expect(openIssues()).toHaveLength(1);
      world.secrets.BRIEF_SMTP_URL = mail.url();
      const fixed = await run();
      expect(results(fixed)).toMatchObject({ distribute: "success", report: "success" });
      delivered({ [ADA]: ["mini-alpha"], [BO]: ["mini-alpha", "mini-beta"] });
      checkWorld("run 14, fixed", fixed);
      expect(openIssues()).toEqual([]);
      passwordFixed = fixed;
    },
    limit(240_000),
  );

  it(
    "15: the brief-ledger branch is deleted: the run stops before anything is sent; restored from the release's copy, it goes on",
    async () => {
      const git = (...a: string[]) => execFileSync("git", ["-C", world.origin, ...a], { encoding: "utf8" });
      const before = world.show("brief-ledger", "deliveries.jsonl") ?? "";
      git("branch", "-D", "brief-ledger");
      world.edit("The beta section changes once more", {
        "content/mini/sections/30-beta.md": append("Yet another paragraph for beta readers."),
      });
      const r = await run();
      expect(results(r)).toMatchObject({ release: "failure", distribute: "skipped", report: "success" });
      expect(log(r, "release")).toMatch(
        /the delivery ledger is missing \(branch brief-ledger does not exist\), but release \S+ is published/,
      );
      checkWorld("run 15", r);
      // The restore the message describes: the copy kept with the latest release, pushed back as the branch.
      const copy = readFileSync(world.asset(tags[0] ?? "", "brief-ledger.jsonl"), "utf8");
      expect(copy).toBe(before);
      const blob = execFileSync("git", ["-C", world.origin, "hash-object", "-w", "--stdin"], {
        input: copy,
        encoding: "utf8",
      }).trim();
      const tree = execFileSync("git", ["-C", world.origin, "mktree"], {
        input: `100644 blob ${blob}\tdeliveries.jsonl\n`,
        encoding: "utf8",
      }).trim();
      const commit = execFileSync(
        "git",
        ["-C", world.origin, "commit-tree", tree, "-m", "Ledger restored from the release's copy"],
        {
          encoding: "utf8",
          env: {
            ...process.env,
            GIT_AUTHOR_NAME: "op",
            GIT_AUTHOR_EMAIL: "op@example.org",
            GIT_COMMITTER_NAME: "op",
            GIT_COMMITTER_EMAIL: "op@example.org",
          },
        },
      ).trim();
      git("update-ref", "refs/heads/brief-ledger", commit);
      const restored = await run();
      expect(results(restored)).toMatchObject({ distribute: "success", report: "success" });
      released();
      delivered({ [BO]: ["mini-beta"], desk: ["mini-beta"] });
      checkWorld("run 15, restored", restored);
    },
    limit(240_000),
  );

  it(
    "16: a re-run of an old run (Re-run failed jobs on the run whose SMTP server was down) mails nobody, and says why",
    async () => {
      const old = smtpDown;
      if (!old) throw new Error("scenario 6 did not run");
      const ledger = world.show("brief-ledger", "deliveries.jsonl");
      const r = await runWorkflow(world, old.trigger, old);
      expect(r.id).toBe(old.id);
      // Only the failed job and those after it ran again, from that run's own release artifact.
      expect(results(r)).toMatchObject({ release: "success", distribute: "failure", ledger: "success" });
      expect(log(r, "release")).toBe("");
      expect(log(r, "distribute")).toMatch(
        /release editions-\S+ is older than editions-\S+, which the ledger has already delivered; nothing was sent/,
      );
      expect(log(r, "distribute")).toContain("distribute/older-release");
      checkWorld("run 16 (a re-run of run 6)", r);
      expect(world.show("brief-ledger", "deliveries.jsonl")).toBe(ledger);
      // The failed re-run is visible on the failure issue; the next run that works closes it (scenario 17).
      expect(openIssues()).toHaveLength(1);
    },
    limit(240_000),
  );

  it(
    "17: a Node update on the runners: the build cache misses once, every edition is rebuilt with it, and the release goes out as usual",
    async () => {
      const updated = process.version.replace(/^v(\d+)\.\d+\.\d+$/, "v$1.99.0");
      expect(updated).not.toBe(process.version);
      world.runnerEnv.SIM_NODE_VERSION = updated;
      world.edit("Alpha section: a sentence written after the runners' Node update", {
        "content/mini/sections/20-alpha.md": append("A sentence written after the runners' Node update."),
      });
      const r = await run();
      expect(results(r), log(r, "build") + log(r, "release")).toMatchObject({
        build: "success",
        release: "success",
        publish: "success",
        distribute: "success",
        report: "success",
      });
      expect(log(r, "build")).toContain(`Runtime: Node ${updated},`);
      // No cache entry of the old runtime is restored: a cached edition would keep the old Node (release/mixed-versions).
      expect(log(r, "build")).not.toMatch(/restored brief-/);
      const tag = released();
      const manifest = JSON.parse(readFileSync(world.asset(tag, "manifest.json"), "utf8")) as { node: string };
      expect(manifest.node).toBe(updated);
      delivered({ [ADA]: ["mini-alpha"], [BO]: ["mini-alpha"] });
      checkWorld("run 17", r);
      expect(openIssues()).toEqual([]);
    },
    limit(240_000),
  );
  it(
    "18: Re-run all jobs of an old run builds its old commit: no new release is made of it, and nobody is mailed old content",
    async () => {
      const old = passwordFixed;
      if (!old) throw new Error("scenario 14 did not run");
      expect(old.sha).not.toBe(world.head());
      const latest = readFileSync(path.join(world.pagesSite, "latest/manifest.json"), "utf8");
      const r = await runWorkflow(world, old.trigger, old, undefined, { all: true });
      expect(r.id).toBe(old.id);
      expect(r.sha).toBe(old.sha);
      expect(results(r), log(r, "release")).toMatchObject({
        build: "success",
        release: "success",
        publish: "success",
        pages: "success",
        report: "success",
      });
      // The old commit's editions differ from the latest release, but it is not the head of main.
      expect(log(r, "release")).toMatch(/::notice::commit [0-9a-f]{12} is not the head of main/);
      expect(log(r, "release")).not.toContain("released=true");
      expect(log(r, "publish")).not.toContain("publish-draft");
      checkWorld("run 18 (all jobs of run 14's fixed run, again)", r);
      expect(readFileSync(path.join(world.pagesSite, "latest/manifest.json"), "utf8")).toBe(latest);
      expect(openIssues()).toEqual([]);
    },
    limit(240_000),
  );

  it(
    "19: a forgotten approval: the watchdog reports the run waiting longer than the limit on the failure issue, and not one waiting less",
    async () => {
      const waitingSince = (hours: number): string =>
        new Date(world.now.getTime() - hours * 3_600_000).toISOString().replace(/\.\d{3}Z$/, "Z");
      const forgotten = { html_url: "https://github.com/sim/briefs/actions/runs/4101", created_at: waitingSince(30) };
      const recent = { html_url: "https://github.com/sim/briefs/actions/runs/4102", created_at: waitingSince(2) };
      // What GitHub answers for the editions workflow's runs waiting for the stakeholders approval.
      world.answerApi(`repos/${world.repository}/actions/workflows/editions.yml/runs?status=waiting&per_page=100`, {
        total_count: 2,
        workflow_runs: [forgotten, recent],
      });
      const watchdog = path.join(REPO, ".github/workflows/approval-watchdog.yml");
      world.runnerEnv.WATCHDOG_NOW = world.now.toISOString();
      try {
        const r = await runWorkflow(world, { event: "schedule" }, undefined, watchdog);
        expect(results(r), log(r, "watchdog")).toEqual({ watchdog: "success" });
        const [issue, ...others] = openIssues();
        expect(others).toEqual([]);
        expect(issue?.title).toBe("Editions workflow is failing");
        expect(issue?.body).toContain(`- ${forgotten.html_url} (waiting since ${forgotten.created_at})`);
        expect(issue?.body).not.toContain(recent.html_url);
        // An hour later: reported once, not again.
        world.now = new Date(world.now.getTime() + 3_600_000);
        world.runnerEnv.WATCHDOG_NOW = world.now.toISOString();
        const later = await runWorkflow(world, { event: "schedule" }, undefined, watchdog);
        expect(results(later)).toEqual({ watchdog: "success" });
        expect(openIssues()).toHaveLength(1);
        expect(openIssues()[0]?.comments).toEqual([]);
      } finally {
        delete world.runnerEnv.WATCHDOG_NOW;
      }
    },
    limit(240_000),
  );
});
