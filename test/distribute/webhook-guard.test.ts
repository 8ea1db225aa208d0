import { spawnSync } from "node:child_process";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { runDistribute } from "../../src/distribute/index.js";
import { smtpUrl } from "../../src/distribute/email.js";
import { loadDistribution } from "../../src/distribute/load.js";
import { httpsPoster } from "../../src/distribute/webhook.js";
import { hostProblem, isPublicAddress } from "../../src/distribute/webhook-guard.js";
import { formatLine } from "../../src/index.js";
import { REPO } from "../helpers.js";
import { fakeClock, fakeRelease, fastSeams, loopbackSeam, projectWith } from "./support.js";

/**
 * Issue 28, problem 1: a webhook line cannot carry another secret, or any
 * secret to a machine inside the network. Refused at its line by `brief
 * check` and by distribute's own loading; refused again at send time when a
 * public-looking name resolves to a private address.
 */

const closers: (() => void)[] = [];
afterEach(() => closers.splice(0).forEach((c) => c()));

const HEAD = `sender: { name: Test Unit, email: briefs@example.org }
base_url: https://briefs.example.org/mini/
`;

const hook = (name: string, url: string, tokenEnv?: string, extra = "") =>
  `  - name: ${name}
    channel: webhook
    audiences: [alpha]
    webhook: { url: "${url}"${tokenEnv ? `, token_env: ${tokenEnv}` : ""}${extra} }
`;

async function problems(yaml: string): Promise<string[]> {
  const root = projectWith(yaml);
  const loaded = await loadDistribution(root, path.join(root, "content"), "mini");
  return loaded.diagnostics.map(formatLine);
}

describe("webhook hosts and token variables", () => {
  it("refuses a token_env that is not BRIEF_WEBHOOK_…, and non-public hosts, each at its line", async () => {
    const yaml = `${HEAD}recipients:
${hook("Smtp", "https://hooks.example.org/a", "BRIEF_SMTP_URL")}${hook("Home", "https://hooks.example.org/b", "HOME", ", token_in: path")}${hook("Loop", "https://127.0.0.1:8443/hook")}${hook("V6", "https://[::1]/hook")}${hook("Private", "https://10.1.2.3/hook")}${hook("Meta", "https://169.254.169.254/latest")}${hook("Ula", "https://[fd12::1]/hook")}${hook("Mapped", "https://[::ffff:192.168.0.1]/hook")}${hook("Local", "https://localhost/hook")}${hook("Bare", "https://intranet/hook")}`;
    const lines = await problems(yaml);
    expect(lines.map((l) => l.replace(/ error .* (\S+)$/u, " $1"))).toEqual([
      "content/mini/distribution.yaml:7:63: distribution/webhook-token-env",
      "content/mini/distribution.yaml:11:63: distribution/webhook-token-env",
      "content/mini/distribution.yaml:15:21: distribution/webhook-host",
      "content/mini/distribution.yaml:19:21: distribution/webhook-host",
      "content/mini/distribution.yaml:23:21: distribution/webhook-host",
      "content/mini/distribution.yaml:27:21: distribution/webhook-host",
      "content/mini/distribution.yaml:31:21: distribution/webhook-host",
      "content/mini/distribution.yaml:35:21: distribution/webhook-host",
      "content/mini/distribution.yaml:39:21: distribution/webhook-host",
      "content/mini/distribution.yaml:43:21: distribution/webhook-host",
    ]);
    expect(lines[0]).toContain('token_env "BRIEF_SMTP_URL" must start with BRIEF_WEBHOOK_');
    expect(lines[2]).toContain("127.0.0.1 is not a public address");
  });

  it("accepts a public host with a BRIEF_WEBHOOK_ variable; allowed_hosts narrows the hosts", async () => {
    const ok = `${HEAD}recipients:\n${hook("Desk", "https://hooks.example.org/a", "BRIEF_WEBHOOK_DESK")}`;
    expect(await problems(ok)).toEqual([]);
    expect(await problems(`${HEAD}allowed_hosts: [hooks.example.org]\n${ok.slice(HEAD.length)}`)).toEqual([]);
    expect(await problems(`${HEAD}allowed_hosts: [hooks.slack.com]\n${ok.slice(HEAD.length)}`)).toEqual([
      "content/mini/distribution.yaml:8:21: error webhook host hooks.example.org is not on allowed_hosts (hooks.slack.com) distribution/webhook-host",
    ]);
  });

  it("classifies addresses and names", () => {
    expect(["8.8.8.8", "2606:4700::1111"].map(isPublicAddress)).toEqual([true, true]);
    expect(
      ["127.0.0.1", "10.0.0.1", "172.16.0.1", "192.168.1.1", "169.254.1.1", "100.64.0.1", "0.0.0.0"].some(
        isPublicAddress,
      ),
    ).toBe(false);
    expect(["::1", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "::"].some(isPublicAddress)).toBe(false);
    expect(hostProblem("hooks.slack.com")).toBeUndefined();
    expect(hostProblem("printer.local")).toMatch(/local name/);
  });

  it("`brief check` reports them at their line, with no stack trace and no secret", () => {
    const root = projectWith(`${HEAD}recipients:\n${hook("Loop", "https://127.0.0.1:8443/hook", "BRIEF_SMTP_URL")}`);
    const r = spawnSync(process.execPath, [path.join(REPO, "bin", "brief.js"), "check", "--no-render"], {
      cwd: root,
      env: { ...process.env, NO_COLOR: "1", BRIEF_SMTP_URL: "smtp://u:hunter2@mail.example.org" },
      encoding: "utf8",
    });
    expect(r.status).toBe(1);
    const out = r.stdout + r.stderr;
    expect(out).toContain("content/mini/distribution.yaml:7:21: error");
    expect(out).toContain("distribution/webhook-host");
    expect(out).toContain("content/mini/distribution.yaml:7:63: error");
    expect(out).toContain("distribution/webhook-token-env");
    expect(out).not.toContain("hunter2");
    expect(out).not.toMatch(/\n\s+at /u);
  });
});

describe("BRIEF_SMTP_URL", () => {
  it("a malformed percent escape is a clear error naming the variable, not a URIError", () => {
    expect(smtpUrl({ BRIEF_SMTP_URL: "smtps://user:p%zzword@mail.example.org:465" })).toBe(
      "BRIEF_SMTP_URL has a malformed percent escape in its user name or password (write % as %25)",
    );
  });
});

describe("webhook addresses at send time", () => {
  async function server() {
    let hits = 0;
    const s = createServer((_req, res) => {
      hits += 1;
      res.writeHead(200).end("ok");
    });
    await new Promise<void>((resolve) => s.listen(0, "127.0.0.1", resolve));
    closers.push(() => s.close());
    return { port: (s.address() as AddressInfo).port, hits: () => hits };
  }

  const project = () => {
    const root = projectWith(
      `${HEAD}recipients:\n${hook("Desk", "https://hooks.example.org/services", "BRIEF_WEBHOOK_DESK")}`,
    );
    return { root, release: fakeRelease(root) };
  };

  it("a public-looking name that resolves to loopback is refused when connecting, without retries; nothing arrives", async () => {
    const { port, hits } = await server();
    const { root, release } = project();
    const rebinding = loopbackSeam("hooks.example.org");
    const poster = httpsPoster({ ...rebinding, policy: isPublicAddress });
    const clock = fakeClock();
    const seams = {
      ...fastSeams(clock),
      poster: (r: Parameters<typeof poster>[0]) =>
        poster({ ...r, url: r.url.replace("https:", "http:").replace(".org/", `.org:${port}/`) }),
    };
    const result = await runDistribute({ root, release, send: true, env: { BRIEF_WEBHOOK_DESK: "t0k" } }, seams);
    expect(result.exitCode).toBe(4);
    expect(hits()).toBe(0);
    expect(clock.waits).toEqual([]);
    const failed = result.diagnostics.find((d) => d.ruleId === "delivery/failed");
    expect(failed?.message).toContain("hooks.example.org resolves to 127.0.0.1, which is not a public address");
  });

  it("a literal private address is refused by the real poster before any connection", async () => {
    const { port, hits } = await server();
    const poster = httpsPoster({ ...loopbackSeam("x.example.org"), policy: isPublicAddress });
    await expect(poster({ url: `http://127.0.0.1:${port}/x`, headers: {}, body: "{}" })).rejects.toThrow(
      /^127\.0\.0\.1 is not a public address/,
    );
    expect(hits()).toBe(0);
  });
});
