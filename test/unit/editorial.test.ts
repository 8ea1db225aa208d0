import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatFact } from "../../src/lib/format.js";
import { informationAge, wholeMonths } from "../../src/lib/information-age.js";
import { smarten } from "../../src/lib/typography.js";
import { sourcesListed } from "../../src/stages/5-layout/matter.js";
import { misspellings } from "../../src/checks/spelling.js";
import { prepareEdition as prepare } from "../../src/pipeline/prepare.js";
import { plan } from "../../src/stages/2-plan/index.js";
import { check } from "../../src/index.js";
import { FIXTURES, lines, loadedProject, tempProject } from "../helpers.js";

/**
 * The editorial features around the sections: the age of the information
 * on the cover, fact qualifiers (text and chart), typographic quotes,
 * sources' translated titles and punctuation, per-audience subtitles and
 * disclaimers, the "About this brief" back matter and assessment boxes.
 */

const BRIEF = path.join(FIXTURES, "base", "content", "mini", "brief.yaml");
const brief = readFileSync(BRIEF, "utf8");

/** The laid-out HTML of each edition of a mini project with `overlay` applied. */
async function editions(overlay: Record<string, string> = {}): Promise<Map<string, string>> {
  const project = await loadedProject(overlay);
  const out = new Map<string, string>();
  for (const { edition } of plan(project).editions) {
    const r = await prepare(edition, new Set(project.audiences.keys()));
    if (!r.value) throw new Error(r.diagnostics.map((d) => d.message).join("; "));
    out.set(edition.audience.name, r.value.laidOut.html);
  }
  return out;
}

describe("information age", () => {
  it("counts whole calendar months", () => {
    expect(wholeMonths("2025-02-10", "2026-11-29")).toBe(21);
    expect(wholeMonths("2025-02-10", "2025-03-09")).toBe(0);
    expect(wholeMonths("2025-02-10", "2025-03-10")).toBe(1);
    expect(wholeMonths("2025-01-31", "2025-02-28")).toBe(0);
  });
  it("is beyond review only past the review period, and says so in months or days", () => {
    expect(informationAge("2025-02-10", "2026-11-29", 90)).toEqual({
      days: 657,
      months: 21,
      beyondReview: true,
      text: "21 months",
    });
    expect(informationAge("2025-02-10", "2025-02-22", 10)).toMatchObject({ beyondReview: true, text: "12 days" });
    expect(informationAge("2025-02-10", "2025-05-11", 90).beyondReview).toBe(false);
  });
  it("puts the age and the advice on the cover only when the information is beyond review", async () => {
    const fresh = await editions();
    expect(fresh.get("alpha")).toContain('<p class="cover-asof">Information as of 10 February 2025</p>');
    const old = await editions({
      "content/mini/brief.yaml": brief
        .replace("edition_date: 2025-02-12", "edition_date: 2026-11-29")
        .replace("review_period_days: 365", "review_period_days: 90"),
    });
    expect(old.get("alpha")).toContain(
      "Information as of 10 February 2025, 21 months before this edition; check for later developments before acting on it",
    );
  });
});

describe("qualifiers", () => {
  it("print before the value in the text and on the chart", async () => {
    const facts = readFileSync(path.join(FIXTURES, "base", "content", "mini", "facts.yaml"), "utf8");
    const html = await editions({
      "content/mini/facts.yaml": facts.replace("  value: 1000000000\n", "  value: 1000000000\n  qualifier: over\n"),
    });
    expect(html.get("alpha")).toContain('<span class="fact" data-fact="estimate">over $1 billion</span>');
    expect(html.get("beta")).toMatch(/<text[^>]*>over \$1 billion<\/text>/);
  });

  it("draw a lower bound open-ended, say 'over' to a screen reader, and curl the chart's apostrophes", async () => {
    const facts = readFileSync(path.join(FIXTURES, "base", "content", "mini", "facts.yaml"), "utf8");
    const plain = (await editions()).get("beta") ?? "";
    const html = await editions({
      "content/mini/facts.yaml": facts
        .replace("  value: 1000000000\n", "  value: 1000000000\n  qualifier: over\n")
        .replace("label: Estimate", "label: Some experts' estimate"),
    });
    const beta = html.get("beta") ?? "";
    // The bar's end: one dashed, unfilled bar past the value, hidden from screen readers; none without the qualifier.
    const dashed = (h: string): string[] => [...h.matchAll(/<path[^>]*stroke-dasharray="3,2"[^>]*>/g)].map((m) => m[0]);
    expect(dashed(beta)).toHaveLength(1);
    expect(dashed(beta)[0]).not.toMatch(/fill="(?!none|transparent)/); // unfilled: the group's fill is none
    expect(dashed(beta)[0]).not.toContain("aria-label");
    expect(dashed(plain)).toEqual([]);
    // What the bar and its label say to a screen reader: the printed figure, qualifier included.
    expect(beta).toContain('aria-label="Some experts’ estimate: over $1 billion"');
    expect(beta).not.toMatch(/aria-label="[^"]*: 1000;/);
    // The axis label, curled (wrapped onto two lines when long, issue 31).
    expect(beta).toMatch(/<text[^>]*><tspan>Some experts’<\/tspan><tspan[^>]*>estimate<\/tspan><\/text>/);
    expect(beta).not.toContain("experts' estimate");
    expect(
      formatFact({
        format: "money",
        value: 5576000,
        currency: "USD",
        qualifier: "about",
        as_of: "2025-01-01",
        source: "x",
      }),
    ).toBe("about $5.576 million");
  });
});

describe("qualifiers in running text", () => {
  const facts = readFileSync(path.join(FIXTURES, "base", "content", "mini", "facts.yaml"), "utf8")
    .replace("  value: 1000000000\n", "  value: 1000000000\n  qualifier: up to\n")
    .replace("  value: 18\n", "  value: 18\n  qualifier: up to\n");
  const section = (body: string): Record<string, string> => ({
    "content/mini/facts.yaml": facts,
    "content/mini/sections/50-q.md": `---\nid: q\ntitle: Q\norder: 50\naudiences: [alpha]\n---\n${body}\n`,
  });
  const spans = (html: string): string[] =>
    [
      ...(/id="sec-q"[\s\S]*?<\/section>/.exec(html)?.[0] ?? "").matchAll(
        /<span class="fact" data-fact="(?:estimate|fall)">([^<]*)<\/span>/g,
      ),
    ].map((m) => m[1] ?? "");

  it("is capitalised at the start of a sentence and of a block, and not after an abbreviation", async () => {
    const html = await editions(
      section(
        'Ceilings, not tariffs. {{fact "estimate"}} is the ceiling.\n\n{{fact "fall"}} of turnover.\n\nThe U.S. {{fact "estimate"}} figure.',
      ),
    );
    expect(spans(html.get("alpha") ?? "")).toEqual(["Up to $1 billion", "Up to 18%", "up to $1 billion"]);
  });

  it("is printed once per phrase: not again after 'or', nor after the author's own words", async () => {
    const html = await editions(
      section('Fines of {{fact "estimate"}} or {{fact "fall"}} of turnover. Fines of up to {{fact "estimate"}}.'),
    );
    expect(spans(html.get("alpha") ?? "")).toEqual(["up to $1 billion", "18%", "$1 billion"]);
  });

  it("can be turned off for one use with qualifier=false, and per chart", async () => {
    const charts = readFileSync(path.join(FIXTURES, "base", "content", "mini", "charts.yaml"), "utf8");
    const html = await editions({
      ...section('The ceiling, {{fact "estimate" qualifier=false}}, is a maximum.'),
      "content/mini/charts.yaml": `${charts}  qualifiers: false\n`,
    });
    expect(spans(html.get("alpha") ?? "")).toEqual(["$1 billion"]);
    expect(html.get("beta")).toMatch(/<text[^>]*>\$1 billion<\/text>/);
    expect(html.get("beta")).not.toMatch(/<text[^>]*>up to \$1 billion<\/text>/);
  });
});

describe("typographic quotes", () => {
  it("curls quotes and apostrophes without changing the length", () => {
    expect(smarten(`What does "open source" mean? OpenAI's model`)).toBe(
      "What does “open source” mean? OpenAI’s model",
    );
    expect(smarten("OpenAI’s and OpenAI's")).toBe("OpenAI’s and OpenAI’s");
  });
  it("reads across a fact's value, so the quote after it closes", async () => {
    const html = await editions({
      "content/mini/sections/50-q.md": `---\nid: q\ntitle: 'The "quoted" title'\norder: 50\n---\nHe said "{{fact "cost"}}" and it's DeepSeek's.\n`,
    });
    const alpha = html.get("alpha") ?? "";
    expect(alpha).toContain("He said “<span");
    expect(alpha).toContain("</span>” and it’s DeepSeek’s.");
    expect(alpha).toContain("The “quoted” title");
    expect(alpha).not.toMatch(/DeepSeek's|it's/);
  });
});

describe("figures whose source the notes do not name", () => {
  const facts = readFileSync(path.join(FIXTURES, "base", "content", "mini", "facts.yaml"), "utf8");
  const editorial = facts.replace(
    "estimate:\n  label: Estimate\n  value: 1000000000\n  format: money\n  as_of: 2025-02-05\n  source: src-one\n",
    "estimate:\n  label: Estimate\n  value: 1000000000\n  format: money\n  as_of: 2025-02-05\n  source: src-one\n" +
      "  attribution: editorial\n  note: The notes give it without a source.\n" +
      "  attribution_note: An outside estimate the research notes give without naming its source.\n",
  );

  it("prints a mark, never the guessed source's number, and the statement under the sources", async () => {
    expect(editorial).not.toBe(facts);
    const html = await editions({ "content/mini/facts.yaml": editorial });
    const alpha = html.get("alpha") ?? "";
    // In the text: the estimate carries the mark and links to the statement.
    const sentence =
      /The estimate is <span class="fact" data-fact="estimate">\$1 billion<\/span>\.(<sup[^]*?<\/sup>)/.exec(alpha);
    expect(sentence?.[1]).toContain('href="#unnamed-1"');
    expect(sentence?.[1]).toContain(">†</a>");
    expect(sentence?.[1]).not.toMatch(/href="#note-/);
    // Under the sources: the statement, with a way back.
    expect(alpha).toContain("Figures without a named source");
    expect(alpha).toMatch(
      /id="unnamed-1"><span class="note-mark">†<\/span> An outside estimate the research notes give without naming its source\./,
    );
    // The chart plots both figures: the named one keeps its publisher and number, the other is "not named" with the mark.
    const line = /<p class="chart-source">([^]*?)<\/p>/.exec(html.get("beta") ?? "")?.[1] ?? "";
    expect(line).toMatch(/^Source: [^<]+<sup class="cite"><a [^>]*href="#note-\d+"/);
    expect(line).toMatch(/; not named<sup class="cite cite-unnamed"><a [^>]*href="#unnamed-1"[^>]*>†<\/a><\/sup>$/);
  });

  it("a chart's own source words replace the default line, each figure's mark following", async () => {
    const charts = readFileSync(path.join(FIXTURES, "base", "content", "mini", "charts.yaml"), "utf8");
    const beta =
      (
        await editions({
          "content/mini/facts.yaml": editorial,
          "content/mini/charts.yaml": `${charts.trimEnd()}\n  source: The first source; an outside estimate\n`,
        })
      ).get("beta") ?? "";
    expect(beta).toMatch(
      /<p class="chart-source">Source: The first source; an outside estimate<sup class="cite">[^]*href="#unnamed-1"[^]*<\/sup><\/p>/,
    );
  });
});

describe("About's count of sources", () => {
  it("is computed per edition from the sources it lists", async () => {
    const html = await editions({
      "content/mini/brief.yaml": brief.replace(
        "method: A fixture; it follows no method.",
        "method: Drawn from the {{listed_sources}} listed under Sources.",
      ),
      // A fourth source, cited only in a section of alpha's.
      "content/mini/sources.yaml": `${readFileSync(path.join(FIXTURES, "base", "content", "mini", "sources.yaml"), "utf8").trimEnd()}\nsrc-four:\n  author: Poe, Ann\n  title: The fourth source\n  publisher: Unit Press\n  published: 2025-02-01\n  url: https://example.org/four\n  accessed: 2025-02-10\n`,
      "content/mini/sections/50-all.md":
        '---\nid: all\ntitle: All sources\norder: 50\naudiences: [alpha]\n---\nA claim of its own.{{cite "src-four"}}\n',
    });
    const counts = new Set<number>();
    for (const [name, h] of html) {
      const listed = [...h.matchAll(/<li id="note-\d+"/g)].length;
      counts.add(listed);
      expect(listed, name).toBeGreaterThan(0);
      expect(h, name).toContain(`Drawn from the ${sourcesListed(listed)} listed under Sources.`);
      expect(h).not.toContain("listed_sources");
    }
    expect(counts.size, "the fixture's editions list different numbers of sources").toBe(2);
    expect([sourcesListed(1), sourcesListed(4), sourcesListed(13)]).toEqual([
      "one source",
      "four sources",
      "13 sources",
    ]);
  });
});

describe("sources list", () => {
  it("adds no full stop after a title ending in ? or !, prints title_en in brackets and the shared access date once", async () => {
    const sources = readFileSync(path.join(FIXTURES, "base", "content", "mini", "sources.yaml"), "utf8");
    const html = await editions({
      "content/mini/sources.yaml": sources
        .replace("title: The first source", "title: Is it safe to use?")
        .replace(
          'title: "DeepSeek创始人专访"',
          'title: "DeepSeek创始人专访"\n  title_en: Interview with DeepSeek’s founder',
        ),
    });
    const alpha = html.get("alpha") ?? "";
    expect(alpha).toContain("“<cite>Is it safe to use?</cite>”");
    expect(alpha).not.toContain("?</cite>.");
    expect(alpha).toContain(
      '“<cite lang="zh-Hans">DeepSeek创始人专访</cite>.” [Interview with DeepSeek’s founder]. Sina Finance',
    );
    expect(alpha).toContain("All accessed on 10 February 2025.");
    expect(alpha).not.toContain("Accessed 10 February 2025");
  });
  it("hides the back-links in print and keeps them on screen", () => {
    const css = readFileSync(path.join(FIXTURES, "..", "..", "templates", "styles", "print.css"), "utf8");
    expect(css).toMatch(/@media print \{[^}]*\.backrefs \{ display: none; \}/);
  });
});

describe("front and back matter", () => {
  it("prints the audience's subtitle and disclaimer on the cover and the about block at the end", async () => {
    const html = await editions({
      "content/mini/brief.yaml": brief.replace(
        "audiences: [alpha, beta]\n",
        "audiences: [alpha, beta]\neditions:\n  beta:\n    subtitle: The beta subtitle\n",
      ),
    });
    expect(html.get("alpha")).toContain('<p class="cover-subtitle">A small brief that exercises every feature</p>');
    expect(html.get("beta")).toContain('<p class="cover-subtitle">The beta subtitle</p>');
    const alpha = html.get("alpha") ?? "";
    expect(alpha).toContain('<p class="cover-disclaimer">A test edition, not advice.</p>');
    expect(alpha).toContain('<a href="mailto:analysts@mini-briefs.net">analysts@mini-briefs.net</a>');
    expect(alpha).toContain("Reviewed by Dana Reyes on 11 February 2025");
    expect(alpha.indexOf('id="about"')).toBeGreaterThan(alpha.indexOf('id="notes"'));
  });
});

describe("assessment boxes", () => {
  it("makes an 'Our assessment:' paragraph a labelled box and labels list items", async () => {
    const html = await editions({
      "content/mini/sections/50-a.md":
        '---\nid: a\ntitle: A\norder: 50\n---\nA sourced fact.{{cite "src-one"}}\n\nOur assessment: our view.\n\n- **Our explanation:** a gloss.\n',
    });
    const alpha = html.get("alpha") ?? "";
    expect(alpha).toContain(
      '<div class="assessment"><p><strong class="assessment-label">Our assessment:</strong> our view.</p></div>',
    );
    expect(alpha).toContain(
      '<li class="assessment"><strong class="assessment-label">Our explanation:</strong> a gloss.</li>',
    );
  });
});

describe("spelling", () => {
  it("leaves the verb 'to license' and capitalised names alone", () => {
    expect(misspellings("They plan to license it under a license.", "gb").map((m) => m.text)).toEqual(["license"]);
    expect(misspellings("The Stanford Cyber Policy Center", "gb")).toEqual([]);
  });
});

describe("raw HTML", () => {
  it("loses its markup but keeps the author's text; script and iframe contents go whole", async () => {
    const root = tempProject({
      "content/mini/sections/50-h.md":
        '---\nid: h\ntitle: H\norder: 50\naudiences: [alpha]\n---\nBefore.\n\n<div class="callout">Fines are <b>ceilings</b>, not tariffs.</div>\n\n<script>alert("x")</script>\n\nAfter.\n',
    });
    const r = await check({ root, render: false });
    expect(lines(r.diagnostics.filter((d) => d.ruleId === "markdown/raw-html"))).toEqual([
      'content/mini/sections/50-h.md:9:1: warning raw HTML markup removed, its text kept as a paragraph: <div class="callout">Fines are <b>ceilin markdown/raw-html',
      'content/mini/sections/50-h.md:11:1: warning raw HTML removed: <script>alert("x")</script> markdown/raw-html',
    ]);
    const html =
      (
        await editions({
          "content/mini/sections/50-h.md": readFileSync(path.join(root, "content/mini/sections/50-h.md"), "utf8"),
        })
      ).get("alpha") ?? "";
    const section = /id="sec-h"[\s\S]*?<\/section>/.exec(html)?.[0] ?? "";
    expect(section).toContain("<p>Before.</p>\n<p>Fines are ceilings, not tariffs.</p>");
    expect(section).not.toContain("callout");
    expect(section).not.toContain("alert");
  });
});

describe("sources without a full publication date", () => {
  const sources = readFileSync(path.join(FIXTURES, "base", "content", "mini", "sources.yaml"), "utf8");
  it("print a year-month, a year, or n.d. when there is none; accessed stays the day it was read", async () => {
    const dates = ["2024-07", "2024", null];
    let i = 0;
    const changed = sources.replace(/^ {2}published: .*\n/gm, () => {
      const d = dates[i++];
      return d ? `  published: ${d}\n` : "";
    });
    expect(i).toBe(3);
    const html = (await editions({ "content/mini/sources.yaml": changed })).get("alpha") ?? "";
    const notes = /<ol class="notes-list">[\s\S]*?<\/ol>/.exec(html)?.[0] ?? "";
    expect(notes).toMatch(/, July 2024, <a/);
    expect(notes).toMatch(/, 2024, <a/);
    expect(notes).toMatch(/, n\.d\., <a/);
  });
  it("'published: n.d.' is one error that says to leave the field out", async () => {
    const r = await check({
      root: tempProject({ "content/mini/sources.yaml": sources.replace(/^ {2}published: .*$/m, "  published: n.d.") }),
      render: false,
    });
    const errors = r.diagnostics.filter((d) => d.severity === "error");
    expect(errors).toHaveLength(1);
    expect(errors[0]?.message).toBe('src-one.published must be a date written YYYY, YYYY-MM or YYYY-MM-DD; got "n.d."');
    expect(errors[0]?.hint).toContain("leave `published` out when it gives none");
  });
});

describe("one mistake, one error", () => {
  it.each([
    [
      "a YAML error in facts.yaml",
      "content/mini/facts.yaml",
      (t: string) => t.replace("value: 18", "value: [18"),
      "yaml/syntax",
    ],
    [
      "a section without front matter",
      "content/mini/sections/20-alpha.md",
      (t: string) => t.replace(/^---[\s\S]*?---\n/, ""),
      "section/no-front-matter",
    ],
    [
      "a bad format",
      "content/mini/facts.yaml",
      (t: string) => t.replace("format: percent", "format: percentage"),
      "facts/invalid",
    ],
  ])("%s: that error alone, at its line, and nothing that follows from it", async (_name, file, change, rule) => {
    const root = tempProject();
    const abs = path.join(root, file);
    const { writeFileSync } = await import("node:fs");
    writeFileSync(abs, change(readFileSync(abs, "utf8")));
    const r = await check({ root, render: false });
    const findings = r.diagnostics.filter((d) => d.severity !== "info");
    expect(findings.map((d) => [d.file, d.ruleId])).toEqual([[file, rule]]);
    expect(findings[0]?.line).toBeGreaterThan(0);
  });
});
