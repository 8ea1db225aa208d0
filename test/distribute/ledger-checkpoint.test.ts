import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { REPO } from "../helpers.js";
import { cloneOf, gitProject, ops } from "./ops-support.js";
import { fakeRelease, smtpServer } from "./support.js";

/**
 * `brief distribute --send --checkpoint-every N` pushes the ledger to the
 * brief-ledger branch (with scripts/ops/ledger.mjs push, against a bare git
 * "origin") every N messages and at the end. A runner lost mid-send
 * (SIGKILL, after K > N messages reached the SMTP server) leaves at least
 * floor(K/N)*N lines on the branch, so the next run, on a fresh runner that
 * pulls the branch, re-sends at most N messages and reaches everyone else.
 */

const N = 3;
const K = 7;
const PEOPLE = Array.from({ length: 9 }, (_, i) => `p${i + 1}@example.org`);
const DISTRIBUTION = `sender:
  name: Test Unit
  email: briefs@example.org
subject: "{{brief.title}} — {{audience.label}} edition"
base_url: https://briefs.example.org/mini/
recipients:
${PEOPLE.map((a, i) => `  - name: Person ${i + 1}\n    email: ${a}\n    audiences: [alpha]\n    attach: link\n`).join("")}`;

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

/** `brief distribute --send` in `cwd`, checkpointing every N; `started` gets the child (to kill it). */
function send(cwd: string, smtp: string, started: (c: ChildProcess) => void = () => undefined) {
  return new Promise<{ code: number | null; signal: NodeJS.Signals | null; out: string }>((resolve) => {
    const child = spawn(
      process.execPath,
      [
        path.join(REPO, "bin/brief.js"),
        "distribute",
        "--release",
        "release",
        "--send",
        "--no-site",
        "--ledger",
        "ledger/deliveries.jsonl",
        "--checkpoint-every",
        String(N),
      ],
      {
        cwd,
        env: { PATH: process.env.PATH, NO_COLOR: "1", BRIEF_SMTP_URL: smtp, BRIEF_SMTP_ALLOW_CLEARTEXT: "1" },
      },
    );
    started(child);
    let out = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (out += c.toString()));
    child.on("close", (code, signal) => resolve({ code, signal, out }));
  });
}

/** The lines of the ledger on origin's brief-ledger branch. */
const branchLedger = (origin: string): string[] =>
  spawnSync("git", ["-C", origin, "show", "brief-ledger:deliveries.jsonl"], { encoding: "utf8" })
    .stdout.split("\n")
    .filter(Boolean);

/** The recipients each message was sent to. */
const recipients = (mails: readonly { to: readonly string[] }[]): string[] => mails.flatMap((m) => m.to);

describe("brief distribute --send --checkpoint-every N", () => {
  it("a runner killed after K > N messages leaves floor(K/N)*N lines on the branch; the next run re-sends at most N", async () => {
    const { root, origin } = gitProject({ "content/mini/distribution.yaml": DISTRIBUTION });
    fakeRelease(root);
    let child: ChildProcess | undefined;
    let held = "";
    const first = await smtpServer((n, session) => {
      if (n < K) return undefined;
      // The K-th message has reached the server: the runner is lost before the reply.
      held = session.envelope.rcptTo.map((r) => r.address).join();
      child?.kill("SIGKILL");
      return "hold";
    });
    servers.push(first);
    const lost = await send(root, first.url, (c) => (child = c));
    expect(lost.signal, lost.out).toBe("SIGKILL");
    const reached = [...recipients(first.received), held];
    expect(reached).toHaveLength(K);
    const pushed = branchLedger(origin);
    expect(pushed.length).toBeGreaterThanOrEqual(Math.floor(K / N) * N);
    for (const line of pushed) expect(line).toContain('"status":"sent"');

    // A fresh runner: the checkout, the ledger pulled from its branch, the same release.
    const runner = cloneOf(origin);
    fakeRelease(runner);
    const pull = ops("ledger.mjs", ["pull", "--file", "ledger/deliveries.jsonl"], runner, process.env);
    expect(pull.code, pull.out).toBe(0);
    const second = await smtpServer();
    servers.push(second);
    const next = await send(runner, second.url);
    expect(next.code, next.out).toBe(0);
    const again = recipients(second.received);
    const resent = again.filter((a) => reached.includes(a));
    expect(resent.length).toBeLessThanOrEqual(N);
    expect([...new Set([...reached, ...again])].sort()).toEqual([...PEOPLE].sort());
    // The end of the run is a checkpoint too: the branch holds every delivery.
    expect(branchLedger(origin)).toHaveLength(PEOPLE.length);
  });

  it("refuses a count that is not a whole number of messages", () => {
    const { root } = gitProject({ "content/mini/distribution.yaml": DISTRIBUTION });
    fakeRelease(root);
    const r = spawnSync(
      process.execPath,
      [path.join(REPO, "bin/brief.js"), "distribute", "--release", "release", "--send", "--checkpoint-every", "0"],
      { cwd: root, encoding: "utf8" },
    );
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--checkpoint-every needs a whole number of messages, 1 or more");
  });
});
