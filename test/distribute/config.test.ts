import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadDistribution } from "../../src/distribute/load.js";
import { formatLine } from "../../src/index.js";
import { specimenCopy } from "../helpers.js";
import { MINI_DISTRIBUTION, projectWith } from "./support.js";

/** distribution.yaml: the schema and the cross-checks, each reported at its line and column. */

async function problems(yaml: string): Promise<string[]> {
  const root = projectWith(yaml);
  const loaded = await loadDistribution(root, path.join(root, "content"), "mini");
  return loaded.diagnostics.map(formatLine);
}

const HEAD = `sender:
  name: Test Unit
  email: briefs@example.org
base_url: https://briefs.example.org/
`;

describe("distribution.yaml", () => {
  it("loads a valid file, flattening groups and defaulting channel and subject", async () => {
    const root = projectWith();
    const loaded = await loadDistribution(root, path.join(root, "content"), "mini");
    expect(loaded.diagnostics).toEqual([]);
    const recipients = loaded.value?.recipients ?? [];
    expect(recipients.map((r) => [r.name, r.group ?? "", r.channel.kind, r.key, r.at.line])).toEqual([
      ["Ada Alpha", "", "email", "ada@example.org", 7],
      ["Bo Both", "", "email", "bo@example.org", 12],
      ["Cy Beta", "Beta readers", "email", "cy@example.org", 21],
    ]);
    expect(loaded.value?.config.subject).toBe("{{brief.title}} — {{audience.label}} edition");
  });

  it("the specimen's example (the DeepSeek brief's) loads cleanly against its brief", async () => {
    const root = specimenCopy();
    const loaded = await loadDistribution(root, path.join(root, "content"), "deepseek");
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.value?.recipients.map((r) => r.audiences.join())).toEqual([
      "government",
      "investor",
      "investor",
      "student",
      "student",
    ]);
    expect(loaded.value?.recipients.every((r) => !r.email || r.email.endsWith("@example.org"))).toBe(true);
  });

  it("reports a malformed address, an unknown audience, a duplicate, a non-https webhook and unknown keys at their positions", async () => {
    const yaml = `${HEAD}recipients:
  - name: Ann
    email: ann@@example.org
    audiences: [alpha]
  - name: Ben
    email: ben@example.org
    audiences: [alpha, gamma]
  - name: Ben again
    email: BEN@example.org
    audiences: [beta]
  - name: Hook
    channel: webhook
    audiences: [beta]
    webhook:
      url: http://hooks.example.org/x
  - name: Typo
    email: typo@example.org
    audiences: [beta]
    atach: pdf
`;
    expect(await problems(yaml)).toEqual([
      'content/mini/distribution.yaml:7:12: error recipients.0.email "ann@@example.org" is not a valid e-mail address distribution/bad-address',
      'content/mini/distribution.yaml:19:12: error recipients.3.webhook.url "http://hooks.example.org/x" is not an https:// URL distribution/insecure-webhook',
      'content/mini/distribution.yaml:23:5: error unknown key "recipients.4.atach" distribution/unknown-key',
    ]);
    // The schema problems come first; once they are fixed, the cross-checks run.
    const fixed = yaml
      .replace("ann@@example.org", "ann@example.org")
      .replace("http://", "https://")
      .replace("    atach: pdf\n", "");
    expect(await problems(fixed)).toEqual([
      'content/mini/distribution.yaml:11:24: error audience "gamma" is not one of this brief\'s audiences (alpha, beta) distribution/unknown-audience',
      "content/mini/distribution.yaml:12:5: error BEN@example.org is already listed at line 9 distribution/duplicate-recipient",
    ]);
  });

  it("reports a group member listed twice, a group named like a recipient, and a bad subject template", async () => {
    const yaml = `${HEAD}subject: "{{brief.titel}}"
recipients:
  - name: Readers
    email: r@example.org
    audiences: [alpha]
groups:
  - name: Readers
    audiences: [beta]
    members:
      - { name: Cy, email: cy@example.org }
      - { name: Cy Two, email: cy@example.org }
`;
    expect(await problems(yaml)).toEqual([
      'content/mini/distribution.yaml:5:10: error subject template: "titel" not defined distribution/subject-template',
      'content/mini/distribution.yaml:7:5: error the name "Readers" is already listed at line 11 distribution/duplicate-recipient',
      "content/mini/distribution.yaml:15:9: error cy@example.org is already listed at line 14 distribution/duplicate-recipient",
    ]);
  });

  it("a missing field, a missing channel default, an attach on a webhook, and a bad env name", async () => {
    const yaml = `sender:
  name: Test Unit
  email: briefs@example.org
recipients:
  - name: Hook
    channel: webhook
    audiences: [beta]
    attach: pdf
    webhook: { url: "https://h.example.org/x", token_env: lower_case }
`;
    expect(await problems(yaml)).toEqual([
      'content/mini/distribution.yaml:1:1: error missing required field "base_url" distribution/missing-field',
      'content/mini/distribution.yaml:8:5: error unknown key "recipients.0.attach" distribution/unknown-key',
      'content/mini/distribution.yaml:9:59: error recipients.0.webhook.token_env must be an environment variable name such as BRIEF_WEBHOOK_TOKEN; got "lower_case" distribution/invalid',
    ]);
  });

  it("a brief without distribution.yaml is an info, not an error", async () => {
    const root = projectWith(null);
    const loaded = await loadDistribution(root, path.join(root, "content"), "mini");
    expect(loaded.value).toBeUndefined();
    expect(loaded.diagnostics.map(formatLine)).toEqual([
      'content/mini/distribution.yaml:0:0: info brief "mini" has no distribution.yaml distribution/none',
    ]);
  });

  it("the mini fixture's distribution is what the other tests assume", () => {
    expect(MINI_DISTRIBUTION).toContain("attach: pdf");
  });
});
