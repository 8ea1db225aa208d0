import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { main } from "../../src/cli/index.js";
import { loadDistribution } from "../../src/distribute/load.js";
import { check } from "../../src/index.js";
import { tempProject } from "../helpers.js";

/**
 * `brief new`: a brief that passes `brief check` the moment it is written,
 * and an audience file; never an overwrite, and a typo in an audience name
 * gets the right name back.
 */

async function run(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  const was = process.cwd();
  let out = "";
  let err = "";
  process.chdir(cwd);
  try {
    const code = await main(args, { out: (s) => void (out += s), err: (s) => void (err += s), tty: false });
    return { code, out, err };
  } finally {
    process.chdir(was);
  }
}

describe("brief new", () => {
  it("writes a complete brief that passes brief check with no error", async () => {
    const root = tempProject();
    const r = await run(
      ["new", "ai-act", "--audiences", "alpha,beta", "--title", "The EU AI Act", "--date", "2026-12-01"],
      root,
    );
    expect(r).toMatchObject({ code: 0, err: "" });
    expect(r.out).toMatch(
      /^created content\/ai-act\/ \(brief\.yaml, facts\.yaml, sources\.yaml, charts\.yaml, distribution\.yaml, sections\/00-takeaways\.md, sections\/10-background\.md\)/,
    );
    const dir = path.join(root, "content", "ai-act");
    expect(readdirSync(path.join(dir, "sections")).sort()).toEqual(["00-takeaways.md", "10-background.md"]);
    const brief = readFileSync(path.join(dir, "brief.yaml"), "utf8");
    expect(brief).toContain('title: "The EU AI Act"');
    expect(brief).toContain("audiences: [alpha, beta]");
    expect(brief).toContain("edition_date: 2026-12-01");
    const result = await check({ root, briefs: ["ai-act"], render: false });
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(result.exitCode).toBe(0);
    // Only placeholders that a person must replace are flagged.
    expect(result.diagnostics.filter((d) => d.severity === "warning").map((d) => d.ruleId)).toEqual([
      "about/placeholder-contact",
    ]);
    // Every fact and source it defines is used, and the chart is placed.
    const body = readFileSync(path.join(dir, "sections", "10-background.md"), "utf8");
    expect(body).toContain('{{chart "budget-use"}}');
    expect(body).toContain('{{#audience "alpha"}}');
  });

  it("writes a distribution example that loads cleanly against the new brief", async () => {
    const root = tempProject();
    expect((await run(["new", "second", "--audiences", "beta", "--date", "2026-12-01"], root)).code).toBe(0);
    const loaded = await loadDistribution(root, path.join(root, "content"), "second");
    expect(loaded.diagnostics).toEqual([]);
    expect(loaded.value?.recipients.map((r) => r.audiences.join())).toEqual(["beta"]);
  });

  it("a title with a line break cannot add a key to brief.yaml (issue 28)", async () => {
    const root = tempProject();
    const title = 'Title\nstatus: final\n# "quoted"';
    const r = await run(["new", "injected", "--audiences", "alpha", "--title", title, "--date", "2026-12-01"], root);
    expect(r.code).toBe(0);
    const text = readFileSync(path.join(root, "content", "injected", "brief.yaml"), "utf8");
    const data = parse(text) as Record<string, unknown>;
    expect(data.status).toBe("draft");
    expect(data.title).toBe(title);
  });

  it("never overwrites a brief", async () => {
    const root = tempProject();
    const before = readFileSync(path.join(root, "content/mini/brief.yaml"), "utf8");
    const r = await run(["new", "mini"], root);
    expect(r.code).toBe(2);
    expect(r.err).toBe(
      "brief: content/mini already exists; brief new never overwrites a brief\nRun `brief --help` for usage.\n",
    );
    expect(readFileSync(path.join(root, "content/mini/brief.yaml"), "utf8")).toBe(before);
    expect(readdirSync(path.join(root, "content"))).toEqual(["mini"]);
  });

  it("refuses an audience that does not exist, with a did-you-mean and the command that adds it", async () => {
    const root = tempProject();
    const r = await run(["new", "x", "--audiences", "alpah"], root);
    expect(r.code).toBe(2);
    expect(r.err).toContain(
      'audience "alpah" is not defined in templates/audiences/. Did you mean "alpha"? Use one of: alpha, beta. Or add it first: brief new --audience alpah',
    );
    expect(readdirSync(path.join(root, "content"))).toEqual(["mini"]);
  });

  it("--audience writes an audience that a brief can name at once, and never overwrites one", async () => {
    const root = tempProject();
    expect(await run(["new", "--audience", "journalist"], root)).toMatchObject({ code: 0 });
    expect((await run(["new", "press", "--audiences", "journalist", "--date", "2026-12-01"], root)).code).toBe(0);
    const result = await check({ root, briefs: ["press"], render: false });
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const again = await run(["new", "--audience", "journalist"], root);
    expect(again.code).toBe(2);
    expect(again.err).toContain("templates/audiences/journalist.yaml already exists");
  });

  it("rejects an id that is not lower-case letters, digits and hyphens", async () => {
    const root = tempProject();
    expect((await run(["new", "AI_Act"], root)).err).toContain(
      'brief id "AI_Act" must be lower-case letters, digits and hyphens',
    );
  });
});
