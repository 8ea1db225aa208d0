import path from "node:path";
import { describe, expect, it } from "vitest";
import { prepareEdition as prepare } from "../../src/pipeline/prepare.js";
import { markdown } from "../../src/stages/4-markdown/index.js";
import { merge } from "../../src/stages/3-merge/index.js";
import { plan } from "../../src/stages/2-plan/index.js";
import { layout } from "../../src/stages/5-layout/index.js";
import type { Edition, Project } from "../../src/model.js";
import { loadedProject, REPO } from "../helpers.js";

function edition(p: Project, audience: string): Edition {
  const e = plan(p, { audiences: [audience] }).editions[0]?.edition;
  if (!e) throw new Error(`no edition for ${audience}`);
  return e;
}

const names = (p: Project): Set<string> => new Set(p.audiences.keys());

describe("load", () => {
  it("discovers audiences from templates/audiences/*.yaml with defaults applied", async () => {
    const p = await loadedProject();
    expect([...p.audiences.keys()]).toEqual(["alpha", "beta"]);
    expect(p.audiences.get("beta")?.config.page).toEqual({ size: "Letter", budget: 3 });
    expect(p.briefs.map((b) => b.id)).toEqual(["mini"]);
    expect(p.briefs[0]?.sections.map((s) => s.front.id)).toEqual(["takeaways", "common", "alpha-only", "beta-only"]);
  });
  it("applies an audience's template overrides and extra stylesheet", async () => {
    const p = await loadedProject({
      "templates/audiences/beta/partials/cover.hbs": '<header class="cover"><h1>Custom {{brief.title}}</h1></header>\n',
      "templates/audiences/beta/style.css": ".cover { color: #000; }\n",
    });
    const beta = p.audiences.get("beta");
    expect(beta?.templates.partials.get("cover")?.file).toBe("templates/audiences/beta/partials/cover.hbs");
    expect(beta?.templates.styles.at(-1)?.file).toBe("templates/audiences/beta/style.css");
    expect(p.audiences.get("alpha")?.templates.partials.get("cover")?.file).toBe("templates/partials/cover.hbs");
  });
});

describe("plan", () => {
  it("builds a new audience from a YAML file alone, and several briefs side by side", async () => {
    const gamma =
      "label: Gamma\ndescription: A fourth audience.\ncover: { kicker: Gamma briefing, edition: Gamma edition }\npage: { size: Letter, budget: 2 }\ntoc: false\ndisclaimer: Not advice.\n";
    const brief = (await import("node:fs")).readFileSync(
      path.join(REPO, "test/fixtures/base/content/mini/brief.yaml"),
      "utf8",
    );
    const p = await loadedProject({
      "templates/audiences/gamma.yaml": gamma,
      "content/mini/brief.yaml": brief.replace("audiences: [alpha, beta]", "audiences: [alpha, beta, gamma]"),
      "content/other/brief.yaml": brief
        .replace("audiences: [alpha, beta]", "audiences: [gamma]")
        .replace("Mini brief for tests", "Other brief"),
      "content/other/facts.yaml": "{}\n",
      "content/other/sources.yaml":
        "one:\n  author: A\n  title: T\n  publisher: P\n  published: 2025-01-01\n  url: https://example.org/\n  accessed: 2025-02-10\n",
      "content/other/sections/a.md": '---\nid: a\ntitle: A\norder: 1\n---\nA claim.{{cite "one"}}\n',
    });
    expect(plan(p).editions.map((e) => e.edition.name)).toEqual([
      "mini-alpha",
      "mini-beta",
      "mini-gamma",
      "other-gamma",
    ]);
    const gammaEdition = plan(p, { briefs: ["other"] }).editions[0]?.edition;
    if (!gammaEdition) throw new Error("no gamma edition");
    const prepared = await prepare(gammaEdition, names(p));
    expect(prepared.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(prepared.value?.laidOut.css).toContain("size: Letter");
    expect(prepared.value?.laidOut.html).toContain("Gamma edition");
  });

  it("gives each audience its own sections in order", async () => {
    const p = await loadedProject();
    const { editions } = plan(p);
    expect(editions.map((e) => [e.edition.name, e.edition.sections.map((s) => s.front.id)])).toEqual([
      ["mini-alpha", ["takeaways", "common", "alpha-only"]],
      ["mini-beta", ["takeaways", "common", "beta-only"]],
    ]);
  });
});

describe("merge", () => {
  it("keeps {{#audience}} text for its audience only", async () => {
    const p = await loadedProject();
    const alpha = merge(edition(p, "alpha"), names(p)).sections.find((s) => s.section.front.id === "common");
    const beta = merge(edition(p, "beta"), names(p)).sections.find((s) => s.section.front.id === "common");
    expect(alpha?.markdown).toContain("alpha-paragraph");
    expect(alpha?.markdown).not.toContain("beta-paragraph");
    expect(beta?.markdown).toContain("beta-paragraph");
    expect(beta?.markdown).toContain("Some more text for Beta readers");
  });
  it("emits sentinels, not values, so fact text never meets the Markdown parser", async () => {
    const p = await loadedProject();
    const common = merge(edition(p, "alpha"), names(p)).sections.find((s) => s.section.front.id === "common");
    expect(common?.markdown).not.toContain("a*b_c");
    expect(common?.inserts.find((i) => i.kind === "fact" && i.id === "tricky")).toMatchObject({
      text: "a*b_c [d] <e> & f",
      source: "src-two",
      cite: "end",
      line: 6,
      column: 68,
    });
  });
});

describe("markdown", () => {
  it("reports lines after {{#audience}} blocks at their true position in the file", async () => {
    const body =
      'Intro.\n\n{{#audience "beta"}}\nBeta only,\nthree lines\nof text.\n{{/audience}}\n\n{{#audience "alpha"}}\nAlpha only.\n{{else}}\nOthers.\n{{/audience}}\n\n<b>raw</b> on line 20.\n';
    const p = await loadedProject({
      "content/mini/sections/50-x.md": `---\nid: x\ntitle: X\norder: 50\n---\n${body}`,
    });
    for (const name of ["alpha", "beta"]) {
      const x = merge(edition(p, name), names(p)).sections.find((s) => s.section.front.id === "x");
      if (!x) throw new Error("missing section");
      expect(
        markdown(x).diagnostics.map((d) => `${d.line}:${d.column} ${d.ruleId}`),
        name,
      ).toEqual(["20:1 markdown/raw-html"]);
    }
  });

  it("renders a fact value containing * _ [ < & literally, with its citation", async () => {
    const p = await loadedProject();
    const e = edition(p, "alpha");
    const common = merge(e, names(p)).sections.find((s) => s.section.front.id === "common");
    if (!common) throw new Error("missing section");
    const r = markdown(common);
    const laid = layout(e, [r.value], new Map()).value;
    // The citation follows the full stop that ends the fact's sentence.
    expect(laid?.html).toContain(
      '<span class="fact" data-fact="tricky">a*b_c [d] &#x3C;e> &#x26; f</span>.<sup class="cite">',
    );
    expect(laid?.html).not.toContain("<em>");
  });
  it("removes raw HTML with a warning that names the file and line", async () => {
    const p = await loadedProject({
      "content/mini/sections/50-x.md":
        '---\nid: x\ntitle: X\norder: 50\n---\nText.\n\n<b onclick="x()">bold</b> and <script>alert(1)</script>\n',
    });
    const e = edition(p, "alpha");
    const x = merge(e, names(p)).sections.find((s) => s.section.front.id === "x");
    if (!x) throw new Error("missing section");
    const r = markdown(x);
    expect(r.diagnostics.map((d) => `${d.file}:${d.line} ${d.severity} ${d.ruleId}`)).toEqual([
      "content/mini/sections/50-x.md:8 warning markdown/raw-html",
    ]);
    const html = layout(e, [r.value], new Map()).value?.html ?? "";
    expect(html).not.toMatch(/<script|onclick|<b /);
  });
});

describe("layout", () => {
  it("numbers citations in reading order and lists only cited sources", async () => {
    const p = await loadedProject();
    const prepared = await prepare(edition(p, "alpha"), names(p));
    const laid = prepared.value?.laidOut;
    // takeaways cite src-one (cost), then src-three (fall/day); common cites src-two (tricky).
    expect(laid?.cited).toEqual(["src-one", "src-three", "src-two"]);
    expect(laid?.html).toContain('<li id="note-1" value="1">');
    expect(laid?.html).toMatch(/href="#note-1"[^>]*>1<\/a>/);
    expect(laid?.toc.map((t) => t.id)).toEqual(["sec-common", "sec-alpha-only"]);
    expect(laid?.css).toContain("size: A4");
    expect(laid?.css).toContain("counter(pages)");
  });
  it("places the chart as an SVG with alt text, title and a source line", async () => {
    const p = await loadedProject();
    const prepared = await prepare(edition(p, "beta"), names(p));
    const html = prepared.value?.laidOut.html ?? "";
    expect(html).toContain('<figure class="chart" id="chart-costs">');
    expect(html).toContain('<svg role="img" aria-label="Bar chart comparing the reported cost with the estimate."');
    expect(html).toContain(
      '<figcaption><span class="caption-label">Figure 1:</span> The reported cost is a fraction of the estimate</figcaption>',
    );
    expect(html).toMatch(/class="chart-source">Source: Example Press<sup class="cite">/);
    expect(html).toContain("$5.576 million");
    expect(prepared.value?.laidOut.css).toContain("size: Letter");
  });
  it("selects the CJK font subsets the Chinese title needs", async () => {
    const p = await loadedProject();
    const prepared = await prepare(edition(p, "beta"), names(p));
    const fonts = prepared.value?.laidOut.assets.map((f) => f.to) ?? [];
    expect(fonts.some((f) => f.includes("noto-sans-sc"))).toBe(true);
    const alphaPrepared = await prepare(edition(p, "alpha"), names(p));
    // alpha cites src-two too (the tricky fact), so it also lists the Chinese title.
    expect(alphaPrepared.value?.laidOut.html).toContain('<cite lang="zh-Hans">DeepSeek创始人专访</cite>');
  });
});
