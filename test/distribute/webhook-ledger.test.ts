import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";
import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runDistribute } from "../../src/distribute/index.js";
import { readLedger } from "../../src/distribute/ledger.js";
import { backoffMs, DEFAULT_RETRY, parseRetryAfter } from "../../src/distribute/retry.js";
import { httpsPoster } from "../../src/distribute/webhook.js";
import { FAKE_BASE, fakeClock, loopbackSeam, fakeRelease, fastSeams, projectWith } from "./support.js";

/** Webhooks against a local HTTP server; the ledger's damage rules; the backoff arithmetic. */

interface Hit {
  readonly url: string;
  readonly auth: string | undefined;
  readonly body: Record<string, unknown>;
}

const closers: (() => void)[] = [];
afterEach(() => closers.splice(0).forEach((c) => c()));

/** An HTTP server answering the n-th request with `answer(n)`: [status, headers]. */
async function hookServer(answer: (n: number) => [number, Record<string, string>?]) {
  const hits: Hit[] = [];
  const server = createServer((req: IncomingMessage, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const [status, headers] = answer(hits.length + 1);
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
      hits.push({ url: req.url ?? "", auth: req.headers.authorization, body });
      res.writeHead(status, headers ?? {}).end(status < 300 ? "ok" : "no");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  closers.push(() => server.close());
  return { port: (server.address() as AddressInfo).port, hits };
}

/** A project whose only recipient is a webhook; https is required, so the poster seam rewrites to the local http server. */
function webhookProject(tokenIn: "bearer" | "path") {
  const root = projectWith(`sender: { name: Test Unit, email: briefs@example.org }
base_url: https://briefs.example.org/mini/
recipients:
  - name: Team channel
    channel: webhook
    audiences: [alpha]
    note: For the Monday meeting.
    webhook: { url: "https://hooks.example.org/services", token_env: BRIEF_WEBHOOK_HOOK, token_in: ${tokenIn} }
`);
  return { root, release: fakeRelease(root) };
}

/** The real poster, with hooks.example.org resolving to the local server (the poster's address seam). */
function seamsTo(port: number, clock = fakeClock()) {
  const seams = fastSeams(clock);
  const poster = httpsPoster(loopbackSeam("hooks.example.org"));
  return {
    ...seams,
    poster: (r: Parameters<typeof seams.poster>[0]) =>
      poster({ ...r, url: r.url.replace("https://hooks.example.org", `http://hooks.example.org:${port}`) }),
  };
}

describe("webhook delivery", () => {
  it("posts text and the structured summary with a bearer token; retries 5xx and honours Retry-After on 429", async () => {
    const { port, hits } = await hookServer((n) => (n === 1 ? [503] : n === 2 ? [429, { "retry-after": "7" }] : [200]));
    const { root, release } = webhookProject("bearer");
    const clock = fakeClock();
    const env = { BRIEF_WEBHOOK_HOOK: "s3cret" };
    const result = await runDistribute({ root, release, send: true, env }, seamsTo(port, clock));
    expect(result.exitCode).toBe(0);
    expect(hits).toHaveLength(3);
    expect(clock.waits).toEqual([1500, 7000]);
    const last = hits[2];
    expect(last?.url).toBe("/services");
    expect(last?.auth).toBe("Bearer s3cret");
    expect(last?.body.text).toMatch(/^\*Mini brief for tests — Alpha edition\*\n/);
    expect(last?.body.text).toContain("For the Monday meeting.");
    expect(last?.body.text).toContain(`${FAKE_BASE}mini-alpha.pdf`);
    expect(last?.body.brief).toMatchObject({ edition: "Alpha edition", what_changed: "Two facts changed" });
    const again = await runDistribute({ root, release, send: true, env }, seamsTo(port));
    expect(again.exitCode).toBe(0);
    expect(hits).toHaveLength(3);
  });

  it("reports a 4xx without retrying (exit 4), and puts a path token in the URL", async () => {
    const { port, hits } = await hookServer(() => [404]);
    const { root, release } = webhookProject("path");
    const result = await runDistribute(
      { root, release, send: true, env: { BRIEF_WEBHOOK_HOOK: "T1/B2/x" } },
      seamsTo(port),
    );
    expect(result.exitCode).toBe(4);
    expect(hits.map((h) => h.url)).toEqual(["/services/T1/B2/x"]);
    const d = result.diagnostics.find((x) => x.ruleId === "delivery/failed");
    expect(d?.message).toMatch(/mini-alpha to Team channel by webhook failed: HTTP 404/);
  });

  it("gives up on a 5xx after the last attempt, with bounded waits", async () => {
    const { port, hits } = await hookServer(() => [500]);
    const { root, release } = webhookProject("bearer");
    const clock = fakeClock();
    const result = await runDistribute(
      { root, release, send: true, env: { BRIEF_WEBHOOK_HOOK: "t" } },
      seamsTo(port, clock),
    );
    expect(result.exitCode).toBe(4);
    expect(hits).toHaveLength(DEFAULT_RETRY.attempts);
    expect(clock.waits.every((w) => w <= DEFAULT_RETRY.capMs)).toBe(true);
  });

  it("a token variable that is not set is a usage error and nothing is posted", async () => {
    const { port, hits } = await hookServer(() => [200]);
    const { root, release } = webhookProject("bearer");
    const result = await runDistribute({ root, release, send: true, env: {} }, seamsTo(port));
    expect(result.exitCode).toBe(2);
    expect(result.diagnostics.map((d) => d.message)).toContain(
      'BRIEF_WEBHOOK_HOOK is not set; the webhook "Team channel" needs it (nothing was sent)',
    );
    expect(hits).toHaveLength(0);
  });
});

describe("ledger and backoff", () => {
  const entry = (recipient: string) =>
    JSON.stringify({ v: 1, recipient, edition: "e", inputHash: "a".repeat(64), channel: "email", at: "x" });

  it("ignores a line cut short at the end, refuses a damaged line in the middle", async () => {
    const dir = path.join(projectWith(), ".cache");
    mkdirSync(dir, { recursive: true });
    const file = path.join(dir, "l.jsonl");
    writeFileSync(file, `${entry("a@example.org")}\n${entry("b@example.org").slice(0, 30)}`);
    const torn = await readLedger(file, "l.jsonl");
    expect([...(torn.value?.values() ?? [])].map((e) => e.recipient)).toEqual(["a@example.org"]);
    appendFileSync(file, `\n${entry("c@example.org")}\n`);
    const damaged = await readLedger(file, "l.jsonl");
    expect(damaged.value).toBeUndefined();
    expect(damaged.diagnostics.map((d) => [d.ruleId, d.line])).toEqual([["distribute/ledger", 2]]);
  });

  it("backs off exponentially up to the cap, and caps Retry-After", () => {
    const f = { temporary: true, reason: "451" };
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffMs(n, f, DEFAULT_RETRY, 1))).toEqual([
      2000, 4000, 8000, 16000, 30000, 30000,
    ]);
    expect(backoffMs(1, f, DEFAULT_RETRY, 0)).toBe(1000);
    expect(backoffMs(1, { ...f, retryAfterMs: 3_600_000 }, DEFAULT_RETRY, 1)).toBe(DEFAULT_RETRY.retryAfterCapMs);
    const now = new Date("2025-02-12T12:00:00Z");
    expect(parseRetryAfter("120", now)).toBe(120_000);
    expect(parseRetryAfter("Wed, 12 Feb 2025 12:00:30 GMT", now)).toBe(30_000);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
  });
});
