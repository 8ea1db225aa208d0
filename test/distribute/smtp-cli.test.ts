import { spawn } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { simpleParser, type ParsedMail } from "mailparser";
import { SMTPServer } from "smtp-server";
import { afterEach, describe, expect, it } from "vitest";
import { REPO } from "../helpers.js";
import { runDistribute } from "../../src/distribute/index.js";
import { MINI_DISTRIBUTION, fakeRelease, fastSeams, projectWith, sha256, smtpServer } from "./support.js";

/**
 * `brief distribute --send` as operators run it (the real command, in its
 * own process), against smtp-server with a login: an expired password
 * (535) and a refused sender (553) stop the run and refuse nobody, the
 * next good run reaches everyone; a 550 at RCPT TO refuses only that
 * recipient, and keeps the run non-zero until someone clears it; a release
 * older than the newest delivered mails nobody; smtp:// without STARTTLS
 * never sends the password.
 */

interface Server {
  readonly url: (password: string) => string;
  readonly received: { to: string; mail: ParsedMail }[];
  readonly logins: string[];
  refuseSender: boolean;
  readonly refuseRcpt: Set<string>;
  close(): Promise<void>;
}

const servers: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

const smtpError = (code: number, message: string): Error => Object.assign(new Error(message), { responseCode: code });

async function loginServer(starttls = false): Promise<Server> {
  const state: Server = {
    url: () => "",
    received: [],
    logins: [],
    refuseSender: false,
    refuseRcpt: new Set(),
    close: () => Promise.resolve(),
  };
  const server = new SMTPServer({
    authMethods: ["PLAIN", "LOGIN"],
    allowInsecureAuth: true,
    disabledCommands: starttls ? [] : ["STARTTLS"],
    logger: false,
    onAuth(auth, _session, callback) {
      state.logins.push(auth.password ?? "");
      if (auth.password === "current") return callback(null, { user: auth.username });
      callback(smtpError(535, "5.7.8 Authentication credentials invalid (password expired)"));
    },
    onMailFrom(_address, _session, callback) {
      callback(state.refuseSender ? smtpError(553, "5.7.1 Sender address rejected") : undefined);
    },
    onRcptTo(address, _session, callback) {
      callback(state.refuseRcpt.has(address.address) ? smtpError(550, "5.1.1 Mailbox unavailable") : undefined);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        void simpleParser(Buffer.concat(chunks)).then((mail) => {
          for (const r of session.envelope.rcptTo) state.received.push({ to: r.address, mail });
          callback();
        });
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  const closer = { close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
  servers.push(closer);
  return Object.assign(state, {
    url: (password: string) => `smtp://unit:${password}@127.0.0.1:${port}`,
    close: closer.close,
  });
}

/** Run `brief distribute --send --no-site` in `root`. */
function cli(root: string, env: NodeJS.ProcessEnv, extra: string[] = []) {
  return new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
    const child = spawn(
      process.execPath,
      [path.join(REPO, "bin/brief.js"), "distribute", "--release", "release", "--send", "--no-site", ...extra],
      { cwd: root, env: { PATH: process.env.PATH, NO_COLOR: "1", ...env } },
    );
    let out = "";
    let err = "";
    child.stdout.on("data", (c: Buffer) => (out += c.toString()));
    child.stderr.on("data", (c: Buffer) => (err += c.toString()));
    child.on("close", (code) => resolve({ code, out, err }));
  });
}

const ledgerOf = (root: string): string[] => {
  const file = path.join(root, ".cache/brief/deliveries.jsonl");
  return existsSync(file) ? readFileSync(file, "utf8").split("\n").filter(Boolean) : [];
};

const EVERYONE = ["ada@example.org", "bo@example.org", "bo@example.org", "cy@example.org"];

describe("brief distribute --send: where a failure happens decides whose it is", () => {
  it("an expired password (535) ends the run non-zero and refuses nobody; once fixed, the next run reaches everyone", async () => {
    const root = projectWith();
    fakeRelease(root);
    const server = await loginServer();
    const cleartext = { BRIEF_SMTP_ALLOW_CLEARTEXT: "1" };
    const expired = await cli(root, { BRIEF_SMTP_URL: server.url("expired"), ...cleartext });
    expect(expired.code).toBe(4);
    expect(expired.err).toMatch(
      /content\/mini\/distribution\.yaml:\d+:\d+: error the SMTP session failed at AUTH \(535 5\.7\.8 Authentication credentials invalid \(password expired\)\), so sending stopped: the server refused the login: update the user name and password in BRIEF_SMTP_URL.* distribute\/smtp-session/,
    );
    // Permanent: not retried; at most one login per connection (three at once), not one per e-mail and attempt.
    expect(server.logins.length).toBeLessThanOrEqual(3);
    expect(ledgerOf(root)).toEqual([]);
    expect(expired.err).not.toMatch(/refused for good/);
    const fixed = await cli(root, { BRIEF_SMTP_URL: server.url("current"), ...cleartext });
    expect(fixed.err).toBe("");
    expect(fixed.code).toBe(0);
    expect(server.received.map((r) => r.to).sort()).toEqual(EVERYONE);
    expect(fixed.out).toMatch(/Sent 4, failed 0/);
  });

  it("a refused sender address (553 to MAIL FROM) stops the run and refuses nobody", async () => {
    const root = projectWith();
    fakeRelease(root);
    const server = await loginServer();
    server.refuseSender = true;
    const env = { BRIEF_SMTP_URL: server.url("current"), BRIEF_SMTP_ALLOW_CLEARTEXT: "1" };
    const r = await cli(root, env);
    expect(r.code).toBe(4);
    expect(r.err).toMatch(
      /failed at MAIL FROM \(553 5\.7\.1 Sender address rejected\).*sender\.email in distribution\.yaml/,
    );
    expect(ledgerOf(root)).toEqual([]);
    server.refuseSender = false;
    expect((await cli(root, env)).code).toBe(0);
    expect(server.received).toHaveLength(4);
  });

  it("a 550 at RCPT TO refuses that recipient only: non-zero while the others are sent, and exit 5 listing it until it is cleared", async () => {
    const root = projectWith();
    fakeRelease(root);
    const server = await loginServer();
    server.refuseRcpt.add("bo@example.org");
    const env = { BRIEF_SMTP_URL: server.url("current"), BRIEF_SMTP_ALLOW_CLEARTEXT: "1" };
    const r = await cli(root, env);
    expect(r.code).toBe(4);
    expect(server.received.map((x) => x.to).sort()).toEqual(["ada@example.org", "cy@example.org"]);
    expect(ledgerOf(root).filter((l) => l.includes('"status":"rejected"'))).toHaveLength(2);
    expect(r.err).toMatch(/mini-alpha to Bo Both by email was refused for good: 550 5\.1\.1 Mailbox unavailable/);
    // Nothing new to send, but Bo is still not reached: exit 5, listed in the summary and the errors.
    const again = await cli(root, env);
    expect(again.code).toBe(5);
    expect(again.err).toMatch(/error mini-beta to Bo Both by email is not being reached \(refused for good\)/);
    expect(again.out).toMatch(/rejected 2/);
    // Cleared by suppress: the run is clean again.
    writeFileSync(
      path.join(root, "content/mini/distribution.yaml"),
      `${MINI_DISTRIBUTION}suppress: [bo@example.org]\n`,
    );
    const cleared = await cli(root, env);
    expect(cleared.code).toBe(0);
    expect(server.received).toHaveLength(2);
  });

  it("smtp:// to a server without STARTTLS stops before the login: the password is never sent in cleartext", async () => {
    const root = projectWith();
    fakeRelease(root);
    const server = await loginServer(false);
    const r = await cli(root, { BRIEF_SMTP_URL: server.url("current") });
    expect(r.code).toBe(4);
    expect(r.err).toMatch(/failed at STARTTLS .*BRIEF_SMTP_ALLOW_CLEARTEXT=1 is only for a local test server/);
    expect(server.logins).toEqual([]);
    expect(ledgerOf(root)).toEqual([]);
  });
});

describe("brief distribute --send never goes backwards", () => {
  it("a release older than the newest delivered one mails nobody and says why", async () => {
    const root = projectWith();
    const server = await loginServer();
    const env = { BRIEF_SMTP_URL: server.url("current"), BRIEF_SMTP_ALLOW_CLEARTEXT: "1" };
    const newer = `editions-20250301-090000-${sha256("new").slice(0, 12)}`;
    fakeRelease(root, { seed: "new", tag: newer });
    expect((await cli(root, env)).code).toBe(0);
    expect(server.received).toHaveLength(4);
    fakeRelease(root, { seed: "old", tag: `editions-20250212-100000-${sha256("old").slice(0, 12)}` });
    const old = await cli(root, env);
    expect(old.code).toBe(2);
    expect(old.err).toContain(`release editions-20250212-100000-${sha256("old").slice(0, 12)} is older than ${newer}`);
    expect(old.err).toContain("distribute/older-release");
    expect(server.received).toHaveLength(4);
    expect(ledgerOf(root)).toHaveLength(4);
  });
});

describe("one-click unsubscribe", () => {
  it("with unsubscribe_url, List-Unsubscribe carries the HTTPS link first and List-Unsubscribe-Post; without it, mailto only", async () => {
    for (const url of ["https://unsubscribe.example.org/brief", undefined]) {
      const root = projectWith(url ? `${MINI_DISTRIBUTION}unsubscribe_url: ${url}\n` : MINI_DISTRIBUTION);
      const release = fakeRelease(root);
      const server = await smtpServer();
      servers.push(server);
      const env = { BRIEF_SMTP_URL: server.url, BRIEF_SMTP_ALLOW_CLEARTEXT: "1" };
      expect((await runDistribute({ root, release, send: true, env, only: ["Ada Alpha"] }, fastSeams())).exitCode).toBe(
        0,
      );
      const lines = server.received[0]?.mail.headerLines ?? [];
      const header = (name: string) => lines.find((l) => l.key === name)?.line.replace(/\r?\n\s+/g, " ");
      if (url) {
        expect(header("list-unsubscribe")).toBe(
          "List-Unsubscribe: <https://unsubscribe.example.org/brief?list=mini&recipient=ada%40example.org>, <mailto:briefs@example.org?subject=unsubscribe%20ada%40example.org>",
        );
        expect(header("list-unsubscribe-post")).toBe("List-Unsubscribe-Post: List-Unsubscribe=One-Click");
      } else {
        expect(header("list-unsubscribe")).toBe(
          "List-Unsubscribe: <mailto:briefs@example.org?subject=unsubscribe%20ada%40example.org>",
        );
        expect(header("list-unsubscribe-post")).toBeUndefined();
      }
    }
  });

  it("an unsubscribe_url that is not https is a positioned error", async () => {
    const root = projectWith(`${MINI_DISTRIBUTION}unsubscribe_url: http://unsubscribe.example.org/\n`);
    const release = fakeRelease(root);
    const r = await runDistribute({ root, release }, fastSeams());
    expect(r.exitCode).toBe(1);
    expect(r.diagnostics.map((d) => `${d.file}:${d.line} ${d.ruleId}`)).toEqual([
      "content/mini/distribution.yaml:23 distribution/invalid",
    ]);
  });
});
