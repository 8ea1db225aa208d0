import path from "node:path";
import { describe, expect, it } from "vitest";
import { check } from "../../src/index.js";
import { plan } from "../../src/stages/2-plan/index.js";
import { load } from "../../src/stages/1-load/index.js";
import { FIXTURES, lines, loadedProject, read, tempProject } from "../helpers.js";

/**
 * Stage 2, plan: a brief owns its editions. Its own brief.yaml (or its
 * sections' `audiences` and `order`) decides what each edition prints; it
 * may override the audience's page and accent for itself only; and an
 * edition that would be empty or partial is an error on that edition.
 */

const BRIEF = read(path.join(FIXTURES, "base"), "content/mini/brief.yaml");
const withEditions = (yaml: string): string =>
  BRIEF.replace("audiences: [alpha, beta]\n", `audiences: [alpha, beta]\neditions:\n${yaml}`);

describe("plan: a brief's own editions", () => {
  it("follows the brief's list of sections for an edition, in its order", async () => {
    const p = await loadedProject({
      "content/mini/brief.yaml": withEditions("  alpha:\n    sections: [common, takeaways, alpha-only]\n"),
    });
    const alpha = plan(p, { audiences: ["alpha"] }).editions[0];
    expect(alpha?.edition.sections.map((s) => s.front.id)).toEqual(["common", "takeaways", "alpha-only"]);
    expect(alpha?.diagnostics).toEqual([]);
  });

  it("fails an edition whose list leaves out a section written for it (never a partial edition)", async () => {
    const p = await loadedProject({
      "content/mini/brief.yaml": withEditions("  alpha:\n    sections: [takeaways, common]\n"),
    });
    const alpha = plan(p, { audiences: ["alpha"] }).editions[0];
    expect(lines(alpha?.diagnostics ?? [])).toEqual([
      'content/mini/sections/20-alpha.md:5:12: error section "alpha-only" is for "alpha", but editions.alpha.sections in content/mini/brief.yaml does not list it edition/unlisted-section',
    ]);
  });

  it("names an unknown listed section at its line, with a did-you-mean", async () => {
    const p = await loadedProject({
      "content/mini/brief.yaml": withEditions("  alpha:\n    sections: [takeaways, comon, alpha-only]\n"),
    });
    const [d] = plan(p, { audiences: ["alpha"] }).editions[0]?.diagnostics ?? [];
    expect(d).toMatchObject({
      file: "content/mini/brief.yaml",
      line: 14,
      ruleId: "edition/unknown-section",
      severity: "error",
      message: 'editions.alpha.sections lists "comon", which is not a section of this brief',
    });
    expect(d?.hint).toMatch(/^Did you mean "common"\?/);
  });

  it("makes an edition with no sections an error at the audience that names it", async () => {
    const p = await loadedProject({
      "content/mini/brief.yaml": BRIEF.replace("audiences: [alpha, beta]", "audiences: [alpha, beta, gamma]"),
      "templates/audiences/gamma.yaml":
        "label: Gamma\ndescription: d\ncover: { kicker: k, edition: Gamma edition }\npage: { budget: 3 }\ndisclaimer: Not advice.\n",
      // Every section is for alpha or beta: none for gamma.
      "content/mini/sections/00-takeaways.md": read(
        path.join(FIXTURES, "base"),
        "content/mini/sections/00-takeaways.md",
      ).replace("kind: takeaways\n", "kind: takeaways\naudiences: [alpha, beta]\n"),
      "content/mini/sections/10-common.md": read(
        path.join(FIXTURES, "base"),
        "content/mini/sections/10-common.md",
      ).replace("order: 10\n", "order: 10\naudiences: [alpha, beta]\n"),
    });
    const gamma = plan(p, { audiences: ["gamma"] }).editions[0];
    expect(gamma?.edition.sections).toEqual([]);
    expect(lines(gamma?.diagnostics ?? [])).toEqual([
      'content/mini/brief.yaml:11:26: error edition mini-gamma has no sections: no section of content/mini is for "gamma" edition/empty',
    ]);
  });

  it("fails every edition of the brief when a section names an audience the brief does not publish for", async () => {
    const p = await loadedProject({
      "content/mini/sections/20-alpha.md": read(
        path.join(FIXTURES, "base"),
        "content/mini/sections/20-alpha.md",
      ).replace("audiences: [alpha]", "audiences: [alphas]"),
    });
    const { editions } = plan(p);
    expect(editions.map((e) => e.edition.name)).toEqual(["mini-alpha", "mini-beta"]);
    for (const e of editions) {
      expect(e.diagnostics.map((d) => [d.ruleId, d.severity])).toEqual([["section/unknown-audience", "error"]]);
      expect(e.diagnostics[0]?.hint).toBe('Did you mean "alpha"? Use one of this brief\'s audiences: alpha, beta.');
    }
  });

  it("applies the brief's page and accent overrides to its own editions only", async () => {
    const other = (name: string): string => BRIEF.replace("title: Mini brief for tests", `title: ${name}`);
    const root = tempProject({
      "content/mini/brief.yaml": withEditions(
        '  alpha:\n    page: { budget: 9, size: Letter }\n    accent: "#5a1f5f"\n',
      ),
      "content/other/brief.yaml": other("Other brief"),
      "content/other/facts.yaml": read(path.join(FIXTURES, "base"), "content/mini/facts.yaml"),
      "content/other/sources.yaml": read(path.join(FIXTURES, "base"), "content/mini/sources.yaml"),
      "content/other/charts.yaml": read(path.join(FIXTURES, "base"), "content/mini/charts.yaml"),
      "content/other/sections/00-takeaways.md": read(
        path.join(FIXTURES, "base"),
        "content/mini/sections/00-takeaways.md",
      ),
    });
    const { value: project } = await load({
      root,
      contentDir: path.join(root, "content"),
      templatesDir: path.join(root, "templates"),
    });
    const byName = new Map(plan(project).editions.map((e) => [e.edition.name, e.edition.audience.config]));
    expect(byName.get("mini-alpha")).toMatchObject({ page: { size: "Letter", budget: 9 }, accent: "#5a1f5f" });
    expect(byName.get("other-alpha")).toMatchObject({ page: { size: "A4", budget: 3 }, accent: "#1f4e79" });
    expect(project.audiences.get("alpha")?.config.page.budget).toBe(3);
  });

  it("refuses an editions entry for an audience the brief does not publish for, with a hint", async () => {
    const root = tempProject({ "content/mini/brief.yaml": withEditions("  gamma:\n    subtitle: For gamma\n") });
    const r = await check({ root, render: false });
    expect(lines(r.diagnostics.filter((d) => d.severity === "error"))).toEqual([
      'content/mini/brief.yaml:13:3: error editions.gamma names audience "gamma", which is not in this brief\'s audiences (alpha, beta) brief/unknown-audience',
    ]);
  });

  it("tells an author whose audience file still lists sections where the list now lives", async () => {
    const root = tempProject({
      "templates/audiences/alpha.yaml":
        "label: Alpha\ndescription: d\nsections: [common]\ncover: { kicker: k, edition: e }\npage: { budget: 3 }\ndisclaimer: Not advice.\n",
    });
    const r = await check({ root, render: false });
    const d = r.diagnostics.find((x) => x.ruleId === "audience/unknown-key");
    expect(d).toMatchObject({ file: "templates/audiences/alpha.yaml", line: 3, column: 1 });
    expect(d?.hint).toContain("editions.<audience>.sections");
  });
});
