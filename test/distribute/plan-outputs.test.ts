import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "../helpers.js";
import { fakeRelease, manifestOf, projectWith } from "./support.js";

/**
 * The workflow's plan step (`make plan`: a dry run of `brief distribute`
 * inside Actions) decides whether the mailing job, and its approval, runs:
 * it writes `due=`, `unreached=` and `tag=` to $GITHUB_OUTPUT and prints the
 * same lines, so the run's log says what it decided. `tag` is the release
 * the run distributes, new or not: the workflow keeps the ledger's copy
 * with it.
 */

function plan(root: string, output: string) {
  const r = spawnSync(
    process.execPath,
    [path.join(REPO, "bin/brief.js"), "distribute", "--release", "release", "--no-site", "--ledger", "ledger.jsonl"],
    { cwd: root, encoding: "utf8", env: { PATH: process.env.PATH, NO_COLOR: "1", GITHUB_OUTPUT: output } },
  );
  return { code: r.status, out: r.stdout, err: r.stderr, written: readFileSync(output, "utf8") };
}

describe("the plan step says what it decided", () => {
  it("prints and writes due=, unreached= and tag=; nothing due and a refused recipient are both visible", () => {
    const root = projectWith();
    const release = fakeRelease(root);
    const { tag, editions } = manifestOf(release);
    const output = path.join(root, "github-output");
    writeFileSync(output, "");
    const first = plan(root, output);
    expect(first.code, first.err).toBe(0);
    expect(first.written).toBe(`due=4\nunreached=\ntag=${tag}\n`);
    expect(first.out).toContain(`due=4\nunreached=\ntag=${tag}\n`);
    // Everyone has it but Bo's beta edition, which was refused for good: nothing is due, and Bo is listed.
    const line = (recipient: string, edition: string, status: string) => {
      const digest = editions.find((e) => e.name === edition)?.readerDigest ?? "";
      return JSON.stringify({
        v: 2,
        recipient,
        channel: "email",
        edition,
        digest,
        release: tag,
        status,
        id: `${recipient}-${edition}`,
        at: "2025-02-12T11:00:00.000Z",
        response: status === "sent" ? "250 OK" : "550 5.1.1 Mailbox unavailable",
      });
    };
    writeFileSync(
      path.join(root, "ledger.jsonl"),
      [
        line("ada@example.org", "mini-alpha", "sent"),
        line("bo@example.org", "mini-alpha", "sent"),
        line("bo@example.org", "mini-beta", "rejected"),
        line("cy@example.org", "mini-beta", "sent"),
        "",
      ].join("\n"),
    );
    writeFileSync(output, "");
    const later = plan(root, output);
    expect(later.code, later.err).toBe(0);
    const expected = `due=0\nunreached=Bo Both <bo@example.org>: mini-beta, refused\ntag=${tag}\n`;
    expect(later.written).toBe(expected);
    expect(later.out).toContain(expected);
  });
});
