import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runDistribute } from "../../src/distribute/index.js";
import {
  FAKE_BASE,
  editionOf,
  fakeClock,
  fakeRelease,
  fastSeams,
  manifestOf,
  projectWith,
  sha256,
  smtpServer,
} from "./support.js";

/**
 * E-mail delivery against a real SMTP server on 127.0.0.1, parsed back
 * with mailparser: envelopes, headers, bodies, attachments, exactly one
 * message per recipient and edition, the ledger, retries and refusals.
 */

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function setup(respond?: Parameters<typeof smtpServer>[0]) {
  const root = projectWith();
  const release = fakeRelease(root);
  const server = await smtpServer(respond);
  servers.push(server);
  const env = { BRIEF_SMTP_URL: server.url, BRIEF_SMTP_ALLOW_CLEARTEXT: "1" };
  return { root, release, server, env };
}

describe("distribute --send by e-mail", () => {
  it("sends one message per recipient and edition, with envelopes, headers, bodies and the release's PDF", async () => {
    const { root, release, server, env } = await setup();
    const result = await runDistribute({ root, release, send: true, env }, fastSeams());
    expect(result.exitCode).toBe(0);
    const manifest = manifestOf(release);
    // Ada: alpha (pdf); Bo: alpha + beta (links); Cy (group Beta readers): beta (pdf).
    const got = server.received.map((r) => `${r.to.join(",")} ${editionOf(r.mail)}`).sort();
    expect(got).toEqual([
      "ada@example.org mini-alpha",
      "bo@example.org mini-alpha",
      "bo@example.org mini-beta",
      "cy@example.org mini-beta",
    ]);
    for (const r of server.received) {
      expect(r.from).toBe("briefs@example.org");
      expect(r.mail.from?.text).toBe('"Test Unit" <briefs@example.org>');
      expect(r.mail.subject).toMatch(/^Mini brief for tests — (Alpha|Beta) edition$/);
      expect(r.mail.messageId).toMatch(/^<[0-9a-f]{40}\.brief@example\.org>$/);
      expect(r.mail.text).toContain("Key takeaways");
      expect(r.mail.text).toContain("What changed\nTwo facts changed\n- cost: $5 million → $5.6 million");
      expect(r.mail.html).toContain("A plain claim &amp; &lt;another&gt;.");
      const edition = editionOf(r.mail);
      expect(r.mail.text).toContain(`${FAKE_BASE}${edition}.html`);
    }
    const ada = server.received.find((r) => r.to.includes("ada@example.org"));
    expect(ada?.mail.text).toContain("Personal note for Ada.");
    expect(ada?.mail.attachments).toHaveLength(1);
    const pdfs = server.received.flatMap((r) => r.mail.attachments.map((a) => ({ r, a })));
    expect(pdfs).toHaveLength(2);
    for (const { r, a } of pdfs) {
      const edition = manifest.editions.find((e) => e.name === editionOf(r.mail));
      const pdf = edition?.files.find((f) => f.kind === "pdf");
      expect(a.contentType).toBe("application/pdf");
      expect(sha256(a.content)).toBe(pdf?.sha256);
    }
    const bo = server.received.filter((r) => r.to.includes("bo@example.org"));
    expect(bo.every((r) => r.mail.attachments.length === 0)).toBe(true);
    // Message-IDs are distinct per recipient and edition.
    expect(new Set(server.received.map((r) => r.mail.messageId)).size).toBe(4);
  });

  it("never sends twice: a re-run sends nothing, --resend sends again with the same Message-IDs, --only narrows", async () => {
    const { root, release, server, env } = await setup();
    await runDistribute({ root, release, send: true, env }, fastSeams());
    const first = server.received.map((r) => r.mail.messageId).sort();
    const again = await runDistribute({ root, release, send: true, env }, fastSeams());
    expect(again.exitCode).toBe(0);
    expect(server.received).toHaveLength(4);
    expect(again.deliveries.every((d) => d.delivery.status === "delivered")).toBe(true);
    const ledger = readFileSync(path.join(root, ".cache/brief/deliveries.jsonl"), "utf8").trim().split("\n");
    expect(ledger).toHaveLength(4);
    const only = await runDistribute(
      { root, release, send: true, env, resend: true, only: ["Beta readers"] },
      fastSeams(),
    );
    expect(only.exitCode).toBe(0);
    expect(server.received.slice(4).map((r) => r.to.join())).toEqual(["cy@example.org"]);
    expect(first).toContain(server.received[4]?.mail.messageId);
  });

  it("an edition that reads differently is sent; one rebuilt with the same reader digest is not", async () => {
    const { root, release, server, env } = await setup();
    await runDistribute({ root, release, send: true, env }, fastSeams());
    fakeRelease(root, { seed: "v2", reads: "" });
    const layoutOnly = await runDistribute({ root, release, send: true, env }, fastSeams());
    expect(layoutOnly.exitCode).toBe(0);
    expect(server.received).toHaveLength(4);
    fakeRelease(root, { seed: "v3" });
    const second = await runDistribute({ root, release, send: true, env }, fastSeams());
    expect(second.exitCode).toBe(0);
    expect(server.received).toHaveLength(8);
  });

  it("retries a 451 with backoff and delivers once", async () => {
    const clock = fakeClock();
    const { root, release, server, env } = await setup((n) => (n <= 2 ? 451 : undefined));
    const result = await runDistribute({ root, release, send: true, env, concurrency: 1 }, fastSeams(clock));
    expect(result.exitCode).toBe(0);
    expect(server.attempts()).toBe(6);
    expect(server.received).toHaveLength(4);
    expect(new Set(server.received.map((r) => r.to.join() + r.mail.messageId)).size).toBe(4);
    // Two waits, doubling: 2 s then 4 s, with the fake clock's jitter of 0.5 → 1.5 s and 3 s.
    expect(clock.waits).toEqual([1500, 3000]);
    const retried = result.deliveries.find((d) => d.result?.attempts === 3);
    expect(retried?.result?.retries).toEqual([expect.stringMatching(/^451/), expect.stringMatching(/^451/)]);
  });

  it("a 550 fails that recipient only: exit 4, the others are delivered, a re-run does not try it again but exits 5 listing it", async () => {
    const { root, release, server, env } = await setup((_n, s) =>
      s.envelope.rcptTo.some((r) => r.address === "bo@example.org") ? 550 : undefined,
    );
    const result = await runDistribute({ root, release, send: true, env }, fastSeams());
    expect(result.exitCode).toBe(4);
    const failed = result.diagnostics.filter((d) => d.ruleId === "delivery/failed");
    expect(failed).toHaveLength(2);
    expect(failed[0]?.file).toBe("content/mini/distribution.yaml");
    expect(failed[0]?.line).toBe(12);
    expect(failed[0]?.message).toMatch(/to Bo Both by email was refused for good: 550/);
    expect(server.received.map((r) => r.to.join()).sort()).toEqual(["ada@example.org", "cy@example.org"]);
    const before = server.attempts();
    const later = await runDistribute({ root, release, send: true, env }, fastSeams());
    expect(later.exitCode).toBe(5);
    expect(server.attempts() - before).toBe(0);
    expect(later.diagnostics.filter((d) => d.ruleId === "delivery/rejected")).toHaveLength(2);
    const unreached = later.diagnostics.filter((d) => d.ruleId === "delivery/unreached");
    expect(unreached.map((d) => d.message)).toEqual([
      expect.stringMatching(
        /^mini-alpha to Bo Both by email is not being reached \(refused for good\): .*--resend --only bo@example\.org/,
      ),
      expect.stringMatching(/^mini-beta to Bo Both by email is not being reached/),
    ]);
    // A dry run plans without failing.
    expect((await runDistribute({ root, release, env }, fastSeams())).exitCode).toBe(0);
  });

  it("--send without BRIEF_SMTP_URL is a usage error and sends nothing", async () => {
    const { root, release, server } = await setup();
    for (const env of [{}, { BRIEF_SMTP_URL: "http://127.0.0.1:25" }]) {
      const result = await runDistribute({ root, release, send: true, env }, fastSeams());
      expect(result.exitCode).toBe(2);
      expect(result.diagnostics.map((d) => d.ruleId)).toContain("distribute/no-smtp");
    }
    expect(server.attempts()).toBe(0);
    expect(existsSync(path.join(release, "site"))).toBe(false);
  });

  it("refuses a release whose edition bytes differ from the manifest: nothing written, nothing sent", async () => {
    const { root, release, server, env } = await setup();
    writeFileSync(path.join(release, "mini-beta.pdf"), "tampered");
    const result = await runDistribute({ root, release, send: true, env }, fastSeams());
    expect(result.exitCode).toBe(1);
    const [d] = result.diagnostics.filter((x) => x.ruleId === "distribute/file-mismatch");
    expect(d?.file).toBe("release/mini-beta.pdf");
    expect(d?.message).toMatch(/does not match manifest\.json/);
    expect(server.attempts()).toBe(0);
    expect(existsSync(path.join(release, "site"))).toBe(false);
  });

  it("a dry run sends nothing and plans every delivery", async () => {
    const { root, release, server, env } = await setup();
    const result = await runDistribute({ root, release, env }, fastSeams());
    expect(result.exitCode).toBe(0);
    expect(result.sent).toBe(false);
    expect(result.deliveries).toHaveLength(4);
    expect(server.attempts()).toBe(0);
    expect(existsSync(path.join(release, "site/index.html"))).toBe(true);
    // Issue 28: the site page forbids scripts (a <meta> CSP; Pages sets no headers).
    expect(readFileSync(path.join(release, "site/index.html"), "utf8")).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none';`,
    );
    expect(existsSync(path.join(release, "bundles/alpha.zip"))).toBe(true);
  });
});
