import { afterEach, describe, expect, it } from "vitest";
import { StepMemo } from "../simulate/step-memo.js";

/**
 * The year simulation replays `make setup` and `make runtime` only when
 * nothing they read differs (test/simulate/step-memo.ts): a changed runtime,
 * code or environment must run them again, or a scenario such as the Node
 * update on the runners would read the old runtime back.
 */

const ENV = { PATH: "/usr/bin", BRIEF_BROWSER: "pinned", PUPPETEER_CACHE_DIR: "/w/puppeteer-cache" };
const ok = { code: 0, output: "browser: /w/chrome (pinned by puppeteer 24.0.0)\n", outputs: "node=v20.0.0\n" };

describe("the simulation's replay of set-up steps", () => {
  afterEach(() => {
    delete process.env.SIM_NO_REPLAY;
  });

  it("replays make setup and make runtime only, and only after a successful run with the same key", () => {
    const memo = new StepMemo();
    expect(memo.key("make release FROM=x", "/w/code-1", ENV)).toBeUndefined();
    expect(memo.key("node bin/brief.js build", "/w/code-1", ENV)).toBeUndefined();
    const key = memo.key("make runtime\n", "/w/code-1", ENV);
    expect(key).toBeDefined();
    if (key === undefined) return;
    expect(memo.get(key)).toBeUndefined();
    memo.set(key, { ...ok, code: 2 });
    expect(memo.get(key), "a failure is never replayed").toBeUndefined();
    memo.set(key, ok);
    expect(memo.get(key)).toEqual(ok);
    expect(memo.replayed).toBe(1);
  });

  it("gives the same key whatever the step's own files, run and commit are", () => {
    const memo = new StepMemo();
    const a = memo.key("make setup", "/w/code-1", {
      ...ENV,
      GITHUB_OUTPUT: "/w/runner-a/temp/output-3",
      GITHUB_WORKSPACE: "/w/runner-a/work",
      GITHUB_SHA: "a".repeat(40),
      GITHUB_RUN_ID: "1001",
      FAKE_GH_NOW: "2025-03-03T06:17:00.000Z",
    });
    const b = memo.key("make setup", "/w/code-1", {
      ...ENV,
      GITHUB_OUTPUT: "/w/runner-b/temp/output-4",
      GITHUB_WORKSPACE: "/w/runner-b/work",
      GITHUB_SHA: "b".repeat(40),
      GITHUB_RUN_ID: "1002",
      FAKE_GH_NOW: "2025-03-10T06:17:00.000Z",
    });
    expect(a).toBe(b);
  });

  it("runs again after a runtime update, a code change, another environment or another command", () => {
    const memo = new StepMemo();
    const base = memo.key("make runtime", "/w/code-1", ENV);
    const others = [
      memo.key("make runtime", "/w/code-1", { ...ENV, SIM_NODE_VERSION: "v20.99.0" }),
      memo.key("make runtime", "/w/code-2", ENV),
      memo.key("make runtime", "/w/code-1", { ...ENV, BRIEF_BROWSER: "" }),
      memo.key("make setup", "/w/code-1", ENV),
    ];
    for (const k of others) expect(k).not.toBe(base);
    expect(new Set(others).size).toBe(others.length);
  });

  it("runs every step with SIM_NO_REPLAY=1 (to measure what replaying saves)", () => {
    process.env.SIM_NO_REPLAY = "1";
    expect(new StepMemo().key("make setup", "/w/code-1", ENV)).toBeUndefined();
  });
});
