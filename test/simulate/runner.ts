import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { REPO } from "../helpers.js";
import { act, type ActionContext } from "./actions.js";
import { condition, interpolate, type Scope, type Value } from "./expressions.js";
import { bash, hashFiles, parseOutputs, stepEnvironment } from "./machine.js";
import type { World } from "./world.js";

/**
 * Runs .github/workflows/editions.yml the way GitHub Actions would, on this
 * machine: jobs in the order their `needs` allow, `if:` conditions and
 * `${{ }}` expressions evaluated (expressions.ts), matrices expanded, step
 * and job outputs passed on, every `run:` step executed by bash with its
 * `env:`, and each `uses:` step done by a stand-in for that action
 * (actions.ts). Each job gets a fresh runner folder, removed when it ends.
 * Runs in one concurrency group wait for each other, as on GitHub.
 *
 * Two commands are not run: `make test` (it is this test suite) and the pull
 * request's `brief check` (only annotations; it renders every edition, and
 * the simulation has no pull request to annotate). They are listed in each
 * run's record.
 */

const FILE = path.join(REPO, ".github/workflows/editions.yml");
const NOT_RUN = new Set(["make test", "node bin/brief.js check --format github"]);

interface StepDef {
  readonly id?: string;
  readonly name?: string;
  readonly if?: string | boolean;
  readonly run?: string;
  readonly uses?: string;
  readonly with?: Record<string, unknown>;
  readonly env?: Record<string, unknown>;
}
interface JobDef {
  readonly needs?: string | string[];
  readonly if?: string | boolean;
  readonly permissions?: Record<string, string>;
  readonly environment?: string | { name: string };
  readonly strategy?: { matrix?: Record<string, unknown[]> };
  readonly outputs?: Record<string, string>;
  readonly env?: Record<string, unknown>;
  readonly steps: StepDef[];
}
interface WorkflowDef {
  readonly concurrency?: { group: string };
  readonly env?: Record<string, unknown>;
  readonly jobs: Record<string, JobDef>;
}

/** How a run starts. */
export interface Trigger {
  readonly event: "schedule" | "workflow_dispatch" | "push" | "pull_request";
  readonly ref?: string;
  readonly inputs?: Record<string, Value>;
  /** A pull request's base commit (github.event.pull_request.base.sha); the run's commit is its head. */
  readonly base?: string;
}

/** What happened to one job. */
export interface JobRecord {
  result: "success" | "failure" | "skipped" | "cancelled";
  outputs: Record<string, string>;
  log: string;
}

/** What happened in one run. */
export interface RunRecord {
  readonly id: number;
  readonly group: string;
  /** The commit it ran (a re-run runs the same one). */
  readonly sha: string;
  readonly trigger: Trigger;
  readonly jobs: Record<string, JobRecord>;
  readonly summaries: string[];
  readonly notRun: string[];
}

const groups = new Map<string, Promise<unknown>>();
let runIds = 1000;

/**
 * Run the workflow once for `trigger` (the editions workflow unless `file` names another), waiting for any run of the same concurrency group first.
 * With `rerun`, GitHub's "Re-run failed jobs" on that earlier run: the same run (id, commit,
 * event and artifacts), where only its failed jobs and the jobs that need them run again, with
 * the workflow file as it is now; the others keep their results and outputs. With `all` too,
 * "Re-run all jobs": every job of that run runs again, on its commit.
 */
export async function runWorkflow(
  world: World,
  trigger: Trigger,
  rerun?: RunRecord,
  file: string = FILE,
  options: { readonly all?: boolean } = {},
): Promise<RunRecord> {
  const wf = parse(readFileSync(file, "utf8")) as WorkflowDef;
  const id = rerun?.id ?? ++runIds;
  const sha = rerun?.sha ?? world.head();
  const ref = trigger.ref ?? "refs/heads/main";
  const event: Record<string, Value> =
    trigger.event === "schedule"
      ? { schedule: "17 6 * * 1" } // a scheduled run's payload has no repository (no default_branch)
      : {
          repository: { default_branch: "main", full_name: world.repository },
          inputs: trigger.inputs ?? {},
          ...(trigger.base ? { pull_request: { number: 1, base: { sha: trigger.base, ref: "main" } } } : {}),
        };
  const contexts: Record<string, Value> = {
    github: {
      event_name: trigger.event,
      ref,
      ref_name: ref.replace(/^refs\/(heads|tags)\//, ""),
      sha,
      repository: world.repository,
      run_id: String(id),
      run_attempt: rerun ? "2" : "1",
      server_url: "https://github.com",
      token: "simulated-token",
      event,
    },
    inputs: trigger.event === "workflow_dispatch" ? (trigger.inputs ?? {}) : {},
    secrets: world.secrets,
    vars: world.vars,
  };
  // A workflow without a concurrency group never waits for another run.
  const group = wf.concurrency ? interpolate(wf.concurrency.group, { contexts, status: "success" }) : `run-${id}`;
  const before = groups.get(group) ?? Promise.resolve();
  const again = rerun && options.all ? { ...rerun, jobs: {} } : rerun;
  const mine = before.then(() => execute(world, wf, { id, sha, contexts, group, trigger }, again));
  groups.set(
    group,
    mine.catch(() => undefined),
  );
  return mine;
}

async function execute(
  world: World,
  wf: WorkflowDef,
  run: { id: number; sha: string; contexts: Record<string, Value>; group: string; trigger: Trigger },
  rerun?: RunRecord,
): Promise<RunRecord> {
  const record: RunRecord = {
    id: run.id,
    group: run.group,
    sha: run.sha,
    trigger: run.trigger,
    jobs: {},
    summaries: [],
    notRun: [],
  };
  const artifacts = path.join(world.root, "runs", String(run.id), "artifacts");
  mkdirSync(artifacts, { recursive: true });
  const pending = new Set(Object.keys(wf.jobs));
  if (rerun) {
    // Failed jobs and, transitively, every job that needs one run again; the others keep what they did.
    const again = new Set(
      Object.entries(rerun.jobs)
        .filter(([, j]) => j.result === "failure" || j.result === "cancelled")
        .map(([n]) => n),
    );
    let size = -1;
    while (size !== again.size) {
      size = again.size;
      for (const [name, def] of Object.entries(wf.jobs)) if (needsOf(def).some((n) => again.has(n))) again.add(name);
    }
    for (const [name, j] of Object.entries(rerun.jobs))
      if (!again.has(name)) {
        record.jobs[name] = { ...j, log: "" };
        pending.delete(name);
      }
  }
  while (pending.size) {
    const ready = [...pending].filter((name) => needsOf(wf.jobs[name]).every((n) => record.jobs[n]));
    if (!ready.length) throw new Error(`simulation: jobs ${[...pending].join(", ")} wait for each other`);
    for (const name of ready) {
      pending.delete(name);
      record.jobs[name] = await job(world, wf, name, run, record, artifacts);
    }
  }
  return record;
}

const needsOf = (j: JobDef | undefined): string[] => (j?.needs === undefined ? [] : [j.needs].flat());

async function job(
  world: World,
  wf: WorkflowDef,
  name: string,
  run: { id: number; sha: string; contexts: Record<string, Value> },
  record: RunRecord,
  artifacts: string,
): Promise<JobRecord> {
  const def = wf.jobs[name];
  if (!def) throw new Error(`simulation: no job ${name}`);
  const needs = Object.fromEntries(
    needsOf(def).map((n) => [
      n,
      { result: record.jobs[n]?.result ?? "skipped", outputs: record.jobs[n]?.outputs ?? {} },
    ]),
  );
  const results = Object.values(needs).map((n) => n.result);
  const status = results.includes("failure") ? "failure" : results.includes("cancelled") ? "cancelled" : "success";
  const contexts: Record<string, Value> = { ...run.contexts, needs };
  const cond = def.if === undefined ? undefined : String(def.if);
  const usesStatus = cond !== undefined && /\b(success|failure|always|cancelled)\s*\(/.test(cond);
  const skippedNeed = results.includes("skipped") && !usesStatus;
  if (skippedNeed || !condition(cond, { contexts, status })) return { result: "skipped", outputs: {}, log: "" };
  const matrix = def.strategy?.matrix ?? {};
  const combos = Object.keys(matrix).length
    ? Object.entries(matrix).reduce<Record<string, Value>[]>(
        (acc, [k, vs]) => acc.flatMap((c) => vs.map((v) => ({ ...c, [k]: v as Value }))),
        [{}],
      )
    : [{}];
  // A matrix's jobs run at once, each on its own runner, as on GitHub.
  const all = await Promise.all(
    combos.map((combo) => steps(world, wf, name, def, { ...contexts, matrix: combo }, run, record, artifacts)),
  );
  const out: JobRecord = { result: "success", outputs: {}, log: "" };
  for (const one of all) {
    out.log += one.log;
    if (one.result !== "success") out.result = one.result;
    Object.assign(out.outputs, one.outputs);
  }
  return out;
}

async function steps(
  world: World,
  wf: WorkflowDef,
  name: string,
  def: JobDef,
  contexts: Record<string, Value>,
  run: { id: number; sha: string },
  record: RunRecord,
  artifacts: string,
): Promise<JobRecord> {
  const runner = mkdtempSync(path.join(world.root, `runner-${name}-`));
  const workspace = path.join(runner, "work");
  const temp = path.join(runner, "temp");
  mkdirSync(workspace);
  mkdirSync(temp);
  let log = "";
  let status: Scope["status"] = "success";
  const stepCtx: Record<string, Value> = {};
  const posts: (() => Promise<void>)[] = [];
  const baseEnv = { ...(wf.env ?? {}), ...(def.env ?? {}) };
  try {
    for (const [i, step] of def.steps.entries()) {
      const scope = (): Scope => ({
        contexts: { ...contexts, steps: stepCtx, env: evalEnv(baseEnv, contexts), runner: { os: "Linux", temp } },
        status,
        hashFiles: (patterns) => hashFiles(workspace, patterns),
      });
      if (!condition(step.if === undefined ? undefined : String(step.if), scope())) continue;
      const env = { ...evalEnv(baseEnv, scope().contexts), ...evalEnv(step.env ?? {}, scope().contexts) };
      const outputFile = path.join(temp, `output-${i}`);
      const summaryFile = path.join(temp, `summary-${i}`);
      writeFileSync(outputFile, "");
      writeFileSync(summaryFile, "");
      let ok: boolean;
      let outputs: Record<string, string> = {};
      if (step.run !== undefined) {
        if (step.run.includes("${{")) throw new Error(`simulation: ${name}: an expression inside run: ${step.run}`);
        if (NOT_RUN.has(step.run.trim())) {
          record.notRun.push(`${name}: ${step.run.trim()}`);
          continue;
        }
        const r = await runStep(world, step.run, run.sha, workspace, outputFile, {
          ...stepEnvironment(world, run, contexts, workspace, temp),
          ...env,
          GITHUB_OUTPUT: outputFile,
          GITHUB_STEP_SUMMARY: summaryFile,
        });
        log += `\n$ ${step.run.trim()}\n${r.output}`;
        ok = r.code === 0;
        outputs = parseOutputs(readFileSync(outputFile, "utf8"));
      } else if (step.uses) {
        const inputs = Object.fromEntries(
          Object.entries(step.with ?? {}).map(([k, v]) => [k, interpolate(String(v), scope())]),
        );
        const ctx: ActionContext = {
          world,
          workspace,
          artifacts,
          sha: run.sha,
          inputs,
          posts,
          jobOk: () => status === "success",
        };
        const r = await act(step.uses, ctx);
        log += `\n[${step.uses.split("@")[0] ?? ""}] ${r.log}\n`;
        ok = r.ok;
        outputs = r.outputs;
      } else throw new Error(`simulation: ${name}: a step with neither run nor uses`);
      const summary = readFileSync(summaryFile, "utf8");
      if (summary) record.summaries.push(summary);
      if (step.id)
        stepCtx[step.id] = { outputs, outcome: ok ? "success" : "failure", conclusion: ok ? "success" : "failure" };
      if (!ok) status = "failure";
    }
    for (const post of posts) await post();
    const outputs = Object.fromEntries(
      Object.entries(def.outputs ?? {}).map(([k, v]) => [
        k,
        interpolate(v, { contexts: { ...contexts, steps: stepCtx }, status }),
      ]),
    );
    return { result: status === "success" ? "success" : "failure", outputs, log };
  } finally {
    rmSync(runner, { recursive: true, force: true });
  }
}

/** A `run:` step by bash, or, for a set-up step already run with the same inputs, its result again (step-memo.ts). */
async function runStep(
  world: World,
  script: string,
  sha: string,
  workspace: string,
  outputFile: string,
  env: Record<string, string>,
): Promise<{ code: number; output: string }> {
  const memo = world.stepMemo;
  const key = memo.key(script, world.codeAt(sha), env);
  const hit = key === undefined ? undefined : memo.get(key);
  if (hit) {
    writeFileSync(outputFile, hit.outputs);
    return { code: hit.code, output: `${hit.output}(simulation: replayed, same code and environment as before)\n` };
  }
  const r = await bash(script, workspace, env);
  if (key !== undefined) memo.set(key, { ...r, outputs: readFileSync(outputFile, "utf8") });
  return r;
}

function evalEnv(env: Record<string, unknown>, contexts: Record<string, Value>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env).map(([k, v]) => [k, interpolate(String(v), { contexts, status: "success" })]),
  );
}
