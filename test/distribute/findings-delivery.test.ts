import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { appendFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runDistribute } from "../../src/distribute/index.js";
import type { Poster } from "../../src/distribute/webhook.js";
import { cloneOf, fakeGithub, gitProject, ops, opsAsync } from "./ops-support.js";
import { editionOf, fakeRelease, fastSeams, MINI_DISTRIBUTION, projectWith, smtpServer } from "./support.js";

/**
 * The operations review's findings about delivery (issue 19), one test
 * each, named after the finding: each failed on the code before the fix.
 */

const closers: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

async function mailServer(respond?: Parameters<typeof smtpServer>[0]) {
  const s = await smtpServer(respond);
  closers.push(() => s.close());
  return s;
}

const ADA_ONLY = `sender: { name: Test Unit, email: briefs@example.org }
reply_to: analysts@example.org
base_url: https://briefs.example.org/mini/
recipients:
  - { name: Ada Alpha, email: ada@example.org, audiences: [alpha], attach: link }
`;

describe("finding 2: the delivery ledger is kept on a branch, not in a cache", () => {
  it("survives a wiped runner, and two runs pushing at once both keep their lines", async () => {
    const { origin } = gitProject();
    const { env } = fakeGithub();
    const line = (who: string, n: number): string => JSON.stringify({ v: 2, recipient: who, n });
    const first = cloneOf(origin);
    const pulled = ops("ledger.mjs", ["pull", "--file", "ledger/deliveries.jsonl"], first, env);
    expect(pulled.out).toContain("branch brief-ledger does not exist yet; starting an empty ledger");
    appendFileSync(path.join(first, "ledger/deliveries.jsonl"), `${line("a", 1)}\n${line("b", 1)}\n`);
    expect(ops("ledger.mjs", ["push", "--file", "ledger/deliveries.jsonl"], first, env).code).toBe(0);
    rmSync(first, { recursive: true, force: true });

    const later = cloneOf(origin);
    expect(ops("ledger.mjs", ["pull", "--file", "l.jsonl"], later, env).out).toContain(
      "Ledger: 2 lines from brief-ledger",
    );
    expect(readFileSync(path.join(later, "l.jsonl"), "utf8")).toBe(`${line("a", 1)}\n${line("b", 1)}\n`);

    for (let round = 2; round <= 4; round++) {
      const [x, y] = [cloneOf(origin), cloneOf(origin)];
      for (const [dir, who] of [
        [x, "x"],
        [y, "y"],
      ] as const) {
        ops("ledger.mjs", ["pull", "--file", "l.jsonl"], dir, env);
        appendFileSync(path.join(dir, "l.jsonl"), `${line(who, round)}\n`);
      }
      const both = await Promise.all([x, y].map((d) => opsAsync("ledger.mjs", ["push", "--file", "l.jsonl"], d, env)));
      for (const b of both) expect(b.code, b.out).toBe(0);
    }
    const final = cloneOf(origin);
    ops("ledger.mjs", ["pull", "--file", "l.jsonl"], final, env);
    const got = readFileSync(path.join(final, "l.jsonl"), "utf8").trim().split("\n");
    expect(got).toHaveLength(2 + 3 * 2);
    for (let round = 2; round <= 4; round++) for (const who of ["x", "y"]) expect(got).toContain(line(who, round));
  });

  it("a ledger that cannot be read is an error, never an empty ledger; a damaged line is never pushed", () => {
    const { origin } = gitProject();
    const { env } = fakeGithub();
    const runner = cloneOf(origin);
    rmSync(origin, { recursive: true, force: true });
    const gone = ops("ledger.mjs", ["pull", "--file", "l.jsonl"], runner, env);
    expect(gone.code).toBe(1);
    expect(gone.out).toMatch(/cannot read branch brief-ledger from origin/);
    const { origin: o2 } = gitProject();
    const r2 = cloneOf(o2);
    writeFileSync(path.join(r2, "l.jsonl"), '{"v":2}\nnot json\n');
    const bad = ops("ledger.mjs", ["push", "--file", "l.jsonl"], r2, env);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain("l.jsonl:2 is not a JSON line");
  });
});

describe("finding 4: distribution catches up", () => {
  it("a send that failed is sent by the next run against the same release; a recipient added later gets the current edition", async () => {
    const root = projectWith(MINI_DISTRIBUTION);
    const release = fakeRelease(root);
    const down = await mailServer();
    await down.close();
    const failed = await runDistribute(
      { root, release, send: true, env: { BRIEF_SMTP_URL: down.url, BRIEF_SMTP_ALLOW_CLEARTEXT: "1" } },
      fastSeams(),
    );
    expect(failed.exitCode).toBe(4);
    expect(failed.deliveries.map((d) => d.result?.status).sort()).toEqual(["failed", "failed", "failed", "failed"]);
    const server = await mailServer();
    const env = { BRIEF_SMTP_URL: server.url, BRIEF_SMTP_ALLOW_CLEARTEXT: "1" };
    const caught = await runDistribute({ root, release, send: true, env }, fastSeams());
    expect(caught.exitCode).toBe(0);
    expect(server.received).toHaveLength(4);
    writeFileSync(
      path.join(root, "content/mini/distribution.yaml"),
      `${MINI_DISTRIBUTION.replace("groups:", "  - { name: Dee New, email: dee@example.org, audiences: [beta], attach: link }\ngroups:")}`,
    );
    const added = await runDistribute({ root, release, send: true, env }, fastSeams());
    expect(added.exitCode).toBe(0);
    expect(server.received.slice(4).map((r) => `${r.to.join()} ${editionOf(r.mail)}`)).toEqual([
      "dee@example.org mini-beta",
    ]);
  });
});

describe("finding 5: corrections and reverts are delivered", () => {
  it("a recipient gets the edition again whenever it reads differently from what they last received, a revert included", async () => {
    const root = projectWith(ADA_ONLY);
    const server = await mailServer();
    const env = { BRIEF_SMTP_URL: server.url, BRIEF_SMTP_ALLOW_CLEARTEXT: "1" };
    for (const [seed, reads] of [
      ["1", "A"],
      ["2", "B"],
      ["3", "A"],
      ["4", "A"],
    ] as const) {
      const release = fakeRelease(root, { seed, reads, tag: `editions-2025021${seed}-100000-aaaaaaaaaaaa` });
      const r = await runDistribute({ root, release, send: true, env }, fastSeams());
      expect(r.exitCode).toBe(0);
    }
    // A, then B, then A again (the revert); the fourth release reads as the third: not sent.
    const releaseOf = (m: (typeof server.received)[number]): string => {
      const v = m.mail.headers.get("x-brief-release");
      return typeof v === "string" ? v.slice(9, 17) : "";
    };
    expect(server.received.map(releaseOf)).toEqual(["20250211", "20250212", "20250213"]);
  });
});

describe("finding 9: no duplicates from a lost reply or a slow webhook", () => {
  it("a lost 250 OK is not sent again: the outcome is recorded as unknown and reported", async () => {
    const root = projectWith(ADA_ONLY);
    const release = fakeRelease(root);
    const server = await mailServer((n) => (n === 1 ? "lost" : undefined));
    const env = { BRIEF_SMTP_URL: server.url, BRIEF_SMTP_ALLOW_CLEARTEXT: "1" };
    const first = await runDistribute({ root, release, send: true, env }, fastSeams());
    expect(server.received).toHaveLength(1);
    expect(first.deliveries[0]?.result?.status).toBe("unknown");
    expect(first.diagnostics.map((d) => d.ruleId).sort()).toEqual(["delivery/unknown", "delivery/unreached"]);
    const later = await runDistribute({ root, release, send: true, env }, fastSeams());
    expect(server.received).toHaveLength(1);
    // Still visible: exit 5 while the outcome is unknown, with how to clear it.
    expect(later.exitCode).toBe(5);
    expect(later.diagnostics.map((d) => d.message).sort()).toEqual([
      expect.stringMatching(
        /mini-alpha to Ada Alpha by email is not being reached \(outcome unknown\): if it arrived, run --mark-delivered --only ada@example\.org/,
      ),
      expect.stringMatching(
        /mini-alpha to Ada Alpha by email not sent again: the connection was lost after it was sent/,
      ),
    ]);
    const ledger = readFileSync(path.join(root, ".cache/brief/deliveries.jsonl"), "utf8");
    expect(ledger).toMatch(/"status":"unknown"/);
    const resent = await runDistribute({ root, release, send: true, env, resend: true }, fastSeams());
    expect(resent.exitCode).toBe(0);
    expect(server.received).toHaveLength(2);
    expect(server.received[1]?.mail.messageId).toBe(server.received[0]?.mail.messageId);
  });

  it("an unknown outcome the recipient confirms is recorded with --mark-delivered, sending nothing", async () => {
    const root = projectWith(ADA_ONLY);
    const release = fakeRelease(root);
    const server = await mailServer((n) => (n === 1 ? "lost" : undefined));
    const env = { BRIEF_SMTP_URL: server.url, BRIEF_SMTP_ALLOW_CLEARTEXT: "1" };
    await runDistribute({ root, release, send: true, env }, fastSeams());
    const marked = await runDistribute({ root, release, markDelivered: true, env: {} }, fastSeams());
    expect(marked.exitCode).toBe(0);
    expect(marked.deliveries[0]?.result).toMatchObject({ status: "sent", attempts: 0 });
    const after = await runDistribute({ root, release, send: true, env }, fastSeams());
    expect(after.diagnostics).toEqual([]);
    expect(after.deliveries[0]?.delivery.status).toBe("delivered");
    expect(server.received).toHaveLength(1);
  });

  it("a webhook that does not answer in time is tried again with the same Idempotency-Key, in the run and in the next", async () => {
    const seen: string[] = [];
    const server = createServer((req, res) => {
      seen.push(String(req.headers["idempotency-key"]));
      req.resume();
      req.on("end", () => setTimeout(() => res.writeHead(200).end("ok"), 150));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    closers.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
    const port = (server.address() as AddressInfo).port;
    const root = projectWith(`sender: { name: Test Unit, email: briefs@example.org }
base_url: https://briefs.example.org/mini/
recipients:
  - { name: Desk, channel: webhook, audiences: [alpha], webhook: { url: "https://hooks.example.org/x" } }
`);
    const release = fakeRelease(root);
    // While `slow`, the answer never comes in time: the request reaches the server, then the wait ends.
    let slow = true;
    const poster: Poster = async (r) => {
      const before = seen.length;
      const controller = new AbortController();
      const answer = fetch(r.url.replace("https://hooks.example.org", `http://127.0.0.1:${port}`), {
        method: "POST",
        headers: r.headers,
        body: r.body,
        signal: controller.signal,
      });
      if (slow) {
        while (seen.length === before) await new Promise((resolve) => setTimeout(resolve, 5));
        controller.abort(new DOMException("The operation timed out.", "TimeoutError"));
      }
      const res = await answer;
      return { status: res.status, retryAfter: null, text: await res.text() };
    };
    const seams = { ...fastSeams(), poster, retry: { attempts: 2, baseMs: 1, capMs: 1, retryAfterCapMs: 1 } };
    const first = await runDistribute({ root, release, send: true, env: {} }, seams);
    expect(first.deliveries[0]?.result?.status).toBe("unknown");
    expect(first.deliveries[0]?.result, JSON.stringify(first.deliveries[0]?.result)).toMatchObject({ attempts: 2 });
    expect(seen).toHaveLength(2);
    slow = false;
    const next = await runDistribute({ root, release, send: true, env: {} }, seams);
    expect(next.exitCode).toBe(0);
    expect(next.deliveries[0]?.result?.status).toBe("sent");
    expect(seen).toHaveLength(3);
    expect(new Set(seen).size).toBe(1);
    expect(seen[0]).toMatch(/^[0-9a-f]{40}$/);
  });
});

describe("finding 10: unsubscribe, suppression and bounces", () => {
  it("every message has List-Unsubscribe and List-Id; suppressed addresses and groups are planned, reported and not sent", async () => {
    const root = projectWith(`${MINI_DISTRIBUTION}suppress: [BO@example.org, Beta readers, nobody@example.org]\n`);
    const release = fakeRelease(root);
    const server = await mailServer();
    const r = await runDistribute(
      { root, release, send: true, env: { BRIEF_SMTP_URL: server.url, BRIEF_SMTP_ALLOW_CLEARTEXT: "1" } },
      fastSeams(),
    );
    expect(r.exitCode).toBe(0);
    expect(server.received.map((m) => m.to.join())).toEqual(["ada@example.org"]);
    const lines = (server.received[0]?.mail.headerLines ?? []).map((h) =>
      h.line.replace(/\r?\n\s+/g, " ").toLowerCase(),
    );
    expect(lines).toContain("list-unsubscribe: <mailto:briefs@example.org?subject=unsubscribe%20ada%40example.org>");
    expect(lines).toContain("list-id: mini editions <mini.editions.example.org>");
    expect(
      r.deliveries
        .filter((d) => d.delivery.status === "suppressed")
        .map((d) => `${d.delivery.recipient.name} ${d.delivery.edition.name}`),
    ).toEqual(["Bo Both mini-alpha", "Bo Both mini-beta", "Cy Beta mini-beta"]);
    expect(r.diagnostics.map((d) => [d.ruleId, d.line])).toEqual([["distribution/suppress-unmatched", 23]]);
  });

  it("a permanent 5xx is tried once, recorded, not retried by later runs, and sent again only with --resend", async () => {
    const root = projectWith(ADA_ONLY);
    const release = fakeRelease(root);
    let refuse = true;
    const server = await mailServer(() => (refuse ? 550 : undefined));
    const env = { BRIEF_SMTP_URL: server.url, BRIEF_SMTP_ALLOW_CLEARTEXT: "1" };
    const first = await runDistribute({ root, release, send: true, env }, fastSeams());
    expect(first.exitCode).toBe(4);
    expect(server.attempts()).toBe(1);
    refuse = false;
    const later = await runDistribute({ root, release, send: true, env }, fastSeams());
    expect(later.exitCode).toBe(5);
    expect(server.attempts()).toBe(1);
    expect(later.deliveries[0]?.delivery.status).toBe("rejected");
    const resend = await runDistribute({ root, release, send: true, env, resend: true }, fastSeams());
    expect(resend.exitCode).toBe(0);
    expect(server.received).toHaveLength(1);
  });
});

describe("finding 13: a failed run opens an issue; the next good run closes it", () => {
  it("opens one issue naming the failed jobs and the run, comments on it while it stays open, closes it on success", () => {
    const { root } = gitProject();
    const { store, env } = fakeGithub();
    const needs = (distribute: string) =>
      JSON.stringify({
        release: { result: "success", outputs: {} },
        distribute: { result: distribute, outputs: {} },
        keepalive: { result: "skipped", outputs: {} },
      });
    const issues = () =>
      JSON.parse(readFileSync(path.join(store, "issues.json"), "utf8")) as {
        state: string;
        body: string;
        comments: string[];
      }[];
    const run = (result: string, url: string) =>
      ops("failure-issue.mjs", [], root, { ...env, NEEDS: needs(result), RUN_URL: url });
    expect(run("failure", "https://github.com/sim/briefs/actions/runs/1").code).toBe(0);
    expect(issues()).toEqual([
      expect.objectContaining({
        state: "open",
        body: expect.stringContaining(
          "failed in distribute (failure).\n\nRun: https://github.com/sim/briefs/actions/runs/1",
        ) as unknown,
      }),
    ]);
    expect(run("failure", "https://github.com/sim/briefs/actions/runs/2").code).toBe(0);
    expect(issues()).toHaveLength(1);
    expect(issues()[0]?.comments[0]).toContain("runs/2");
    expect(run("success", "https://github.com/sim/briefs/actions/runs/3").code).toBe(0);
    expect(issues()[0]).toMatchObject({
      state: "closed",
      comments: [expect.any(String), "This run succeeded: https://github.com/sim/briefs/actions/runs/3"],
    });
  });
});
