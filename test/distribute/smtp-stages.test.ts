import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runDistribute } from "../../src/distribute/index.js";
import { NORMAL, scriptedSmtp, type Scripted, type Stage } from "./scripted-smtp.js";
import { fakeRelease, fastSeams, projectWith } from "./support.js";

/**
 * Every reply class (2xx, 4xx, 5xx) at every stage of the SMTP session,
 * against a real SMTP dialogue over TCP. Only a refusal to RCPT TO or DATA
 * is the recipient's (recorded as rejected); a failure before that is the
 * session's: the run stops non-zero, names the stage, and records nobody
 * as refusing mail, so the next good run reaches everyone due. 4xx is
 * temporary everywhere.
 */

const servers: Scripted[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const ALL = ["ada@example.org", "bo@example.org", "bo@example.org", "cy@example.org"];

async function setup(offerTls = false, cleartext = true) {
  const root = projectWith();
  const release = fakeRelease(root);
  const server = await scriptedSmtp(offerTls);
  servers.push(server);
  const env: NodeJS.ProcessEnv = {
    BRIEF_SMTP_URL: server.url,
    ...(cleartext ? { BRIEF_SMTP_ALLOW_CLEARTEXT: "1" } : {}),
  };
  const ledger = (): string[] => {
    const file = path.join(root, ".cache/brief/deliveries.jsonl");
    return existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : [];
  };
  const send = () => runDistribute({ root, release, send: true, env, concurrency: 1 }, fastSeams());
  return { server, env, ledger, send };
}

const SESSION: readonly Stage[] = ["greeting", "EHLO", "AUTH", "MAIL FROM"];
const RECIPIENT: readonly Stage[] = ["RCPT TO", "DATA"];
const PERMANENT: Record<Stage, number> = {
  greeting: 554,
  EHLO: 550,
  STARTTLS: 454,
  AUTH: 535,
  "MAIL FROM": 553,
  "RCPT TO": 550,
  DATA: 554,
};

describe("SMTP replies by stage", () => {
  for (const stage of [...SESSION, ...RECIPIENT]) {
    it(`${stage}: a 2xx delivers to everyone`, async () => {
      const { server, ledger, send } = await setup();
      server.script(stage, NORMAL[stage]);
      const r = await send();
      expect(r.exitCode).toBe(0);
      expect([...server.accepted].sort()).toEqual(ALL);
      expect(ledger().every((l) => l.includes('"status":"sent"'))).toBe(true);
    });

    it(`${stage}: a 4xx is temporary: retried, nothing recorded, the next run delivers`, async () => {
      const { server, ledger, send } = await setup();
      server.script(stage, stage === "greeting" ? 421 : 451);
      const r = await send();
      expect(r.exitCode).toBe(4);
      expect(server.accepted).toEqual([]);
      expect(ledger()).toEqual([]);
      const ids = r.diagnostics.map((d) => d.ruleId);
      if (SESSION.includes(stage)) {
        const stop = r.diagnostics.find((d) => d.ruleId === "distribute/smtp-session");
        expect(stop?.message).toContain(`failed at ${stage} (4`);
        expect(stop?.file).toBe("content/mini/distribution.yaml");
      } else expect(ids).not.toContain("distribute/smtp-session");
      expect(ids).not.toContain("delivery/unreached");
      expect(r.deliveries.every((d) => d.result?.status === "failed")).toBe(true);
      expect(r.deliveries.some((d) => (d.result?.attempts ?? 0) === 5)).toBe(true);
      server.script(undefined);
      const next = await send();
      expect(next.exitCode).toBe(0);
      expect([...server.accepted].sort()).toEqual(ALL);
    });

    it(`${stage}: a 5xx ${SESSION.includes(stage) ? "stops the run and refuses nobody" : "is that recipient's refusal"}`, async () => {
      const { server, ledger, send } = await setup();
      server.script(stage, PERMANENT[stage]);
      const r = await send();
      expect(r.exitCode).toBe(4);
      expect(server.accepted).toEqual([]);
      if (SESSION.includes(stage)) {
        expect(ledger()).toEqual([]);
        const stop = r.diagnostics.filter((d) => d.ruleId === "distribute/smtp-session");
        expect(stop).toHaveLength(1);
        expect(stop[0]?.message).toContain(`failed at ${stage} (${PERMANENT[stage]}`);
        expect(stop[0]?.message).toMatch(/No recipient was recorded as refusing mail/);
        // Permanent: tried once, not retried, and the other e-mails were not tried.
        expect(r.deliveries.filter((d) => (d.result?.attempts ?? 0) > 0)).toHaveLength(1);
        expect(r.deliveries.map((d) => d.result?.status)).toEqual(["failed", "failed", "failed", "failed"]);
        server.script(undefined);
        const next = await send();
        expect(next.exitCode).toBe(0);
        expect([...server.accepted].sort()).toEqual(ALL);
      } else {
        expect(ledger()).toHaveLength(4);
        expect(ledger().every((l) => l.includes('"status":"rejected"'))).toBe(true);
        expect(r.diagnostics.map((d) => d.ruleId)).not.toContain("distribute/smtp-session");
      }
    });
  }

  it("STARTTLS: a 4xx, a 5xx and a failed upgrade all stop the run before the login; nothing is recorded", async () => {
    for (const code of [454, 554, 220]) {
      const { server, ledger, send } = await setup(true, false);
      server.script("STARTTLS", code);
      const r = await send();
      expect(r.exitCode).toBe(4);
      expect(ledger()).toEqual([]);
      const stop = r.diagnostics.find((d) => d.ruleId === "distribute/smtp-session");
      expect(stop?.message).toMatch(/failed at (STARTTLS|connect) /);
      expect(server.commands.some((c) => c.startsWith("AUTH"))).toBe(false);
    }
  });
});
