import path from "node:path";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../src/index.js";
import { dataDigest, editionData } from "../../src/pipeline/inputs.js";
import { prepareEdition as prepare } from "../../src/pipeline/prepare.js";
import { affectedBy, type EditionInputs } from "../../src/preview/deps.js";
import { load } from "../../src/stages/1-load/index.js";
import { plan } from "../../src/stages/2-plan/index.js";
import { visibleText } from "../../src/stages/5-layout/index.js";
import { errors, FIXTURES, lines, tempProject } from "../helpers.js";

/**
 * References from a reference manager (test/fixtures/references: a brief
 * with references.json and no sources.yaml), cited with Pandoc's syntax and
 * formatted by citeproc-js with the bundled styles. The expected strings
 * are citeproc-js's own output for the bundled style files.
 */

const BIB = readFileSync(path.join(FIXTURES, "references", "references.bib"), "utf8");
const BRIEF = readFileSync(path.join(FIXTURES, "references", "content", "refs", "brief.yaml"), "utf8");

/** The alpha edition's HTML, or the diagnostics that stopped it. */
async function edition(overlay: Record<string, string | null> = {}): Promise<{ html?: string; ds: Diagnostic[] }> {
  const root = tempProject(overlay, "references");
  const loaded = await load({
    root,
    contentDir: path.join(root, "content"),
    templatesDir: path.join(root, "templates"),
  });
  if (!loaded.value || errors(loaded.diagnostics).length) return { ds: [...loaded.diagnostics] };
  const e = plan(loaded.value, { audiences: ["alpha"] }).editions[0]?.edition;
  if (!e) throw new Error("no alpha edition");
  const r = await prepare(e, new Set(loaded.value.audiences.keys()));
  return r.value ? { html: r.value.laidOut.html, ds: [...r.diagnostics] } : { ds: [...r.diagnostics] };
}

/** What a reader sees, whitespace collapsed; inline tags leave no space, list items and paragraphs one. */
const text = (html: string | undefined): string =>
  visibleText((html ?? "").replace(/<(?!\/?(?:li|p|h\d|div|section)\b)[^>]+>/g, "")).replace(/\s+/g, " ");
const styled = (style: string): Record<string, string> => ({
  "content/refs/brief.yaml": BRIEF.replace("citation_style: apa", `citation_style: ${style}`),
});

describe("references.json with citation_style: apa", () => {
  it("prints Pandoc citations in APA's in-text form", async () => {
    const { html, ds } = await edition();
    expect(errors(ds)).toEqual([]);
    const t = text(html);
    expect(t).toContain("Inference costs fell by half (Smith & Jones, 2024, p. 52).");
    expect(t).toContain("Both the study and the model card agree (DeepSeek, n.d.; Smith & Jones, 2024).");
    expect(t).toContain("Smith & Jones (2024) argue the point at length.");
    expect(t).toContain("The cost estimate holds (2024).");
    // A fact credited to a reference: the citation before the full stop.
    expect(t).toContain("Open weights reached 40% of downloads in the survey (Smith & Jones, 2024).");
    expect(t).not.toMatch(/\[-?@/);
  });

  it("follows the edition's language: en-GB dates from the bundled en-GB locale", async () => {
    const { html } = await edition({ "content/refs/brief.yaml": BRIEF.replace("lang: en-US", "lang: en-GB") });
    expect(text(html)).toContain(
      "DeepSeek. (n.d.). Model card. Retrieved 1 February 2025, from https://example.org/card",
    );
  });

  it("lists only what the edition cites, in APA's order, with n.d. and DOI links", async () => {
    const { html } = await edition();
    const t = text(html);
    expect(t).toContain(
      "References DeepSeek. (n.d.). Model card. Retrieved February 1, 2025, from https://example.org/card Smith, J., & Jones, A. (2024). Open weights and the cost of inference. Journal of AI Policy, 12(3), 45–67. https://doi.org/10.1234/jaip.2024.003 About this brief",
    );
    expect(html).toContain('<a href="https://doi.org/10.1234/jaip.2024.003">');
    expect(html).toMatch(/<ul class="references-list">\s*<li class="csl-entry">/);
  });

  it("gives the same in-text form from references.bib", async () => {
    const { html, ds } = await edition({ "content/refs/references.json": null, "content/refs/references.bib": BIB });
    expect(errors(ds)).toEqual([]);
    const t = text(html);
    expect(t).toContain("Inference costs fell by half (Smith & Jones, 2024, p. 52).");
    expect(t).toContain("(DeepSeek, n.d.; Smith & Jones, 2024)");
  });
});

describe("other bundled styles", () => {
  it("chicago-author-date", async () => {
    const { html } = await edition(styled("chicago-author-date"));
    const t = text(html);
    expect(t).toContain("Inference costs fell by half (Smith and Jones 2024, 52).");
    expect(t).toContain(
      "Smith, Jane, and Anna Jones. 2024. “Open Weights and the Cost of Inference.” Journal of AI Policy 12 (3): 45–67. https://doi.org/10.1234/jaip.2024.003.",
    );
  });

  it("harvard", async () => {
    const { html } = await edition(styled("harvard"));
    expect(text(html)).toContain("Inference costs fell by half (Smith and Jones, 2024, p. 52).");
  });

  it("chicago-notes: each citation an endnote with the note's text, and a bibliography", async () => {
    const { html, ds } = await edition(styled("chicago-notes"));
    expect(errors(ds)).toEqual([]);
    const t = text(html);
    // The one notes mechanism (issue 27): each citation is a numbered endnote, marked and listed like a footnote.
    expect(html).toMatch(/<sup class="fn"><a id="fnref-1" href="#fn-1" role="doc-noteref">1<\/a><\/sup>/);
    expect(html).toContain('role="doc-endnotes"');
    expect(t).toContain(
      "Jane Smith and Anna Jones, “Open Weights and the Cost of Inference,” Journal of AI Policy 12, no. 3 (2024): 52, https://doi.org/10.1234/jaip.2024.003.",
    );
    // The second citation of the same work takes the style's short form.
    expect(t).toContain("Smith and Jones, “Open Weights and the Cost of Inference”; DeepSeek, “Model Card,”");
    expect(t).toContain(
      "Smith, Jane, and Anna Jones. “Open Weights and the Cost of Inference.” Journal of AI Policy 12, no. 3 (2024): 45–67. https://doi.org/10.1234/jaip.2024.003.",
    );
  });
});

describe("errors", () => {
  it("an unknown key is one positioned error with a suggestion", async () => {
    const body = readFileSync(path.join(FIXTURES, "references/content/refs/sections/10-body.md"), "utf8");
    const { ds } = await edition({
      "content/refs/sections/10-body.md": body.replace("[@smith2024, p. 52]", "[@smith2042, p. 52]"),
    });
    expect(lines(errors(ds))).toEqual([
      'content/refs/sections/10-body.md:6:30: error citation "@smith2042" names no reference in sources.yaml, references.json or references.bib citations/undefined',
    ]);
    expect(errors(ds)[0]?.hint).toMatch(/^Did you mean "smith2024"\?/);
  });

  it("a malformed BibTeX entry is one error at its line, naming the entry", async () => {
    const bad = BIB.replace("title = {Model card},", "title = {Model card,");
    const { ds } = await edition({ "content/refs/references.json": null, "content/refs/references.bib": bad });
    const e = errors(ds);
    expect(e).toHaveLength(1);
    expect(e[0]).toMatchObject({ file: "content/refs/references.bib", ruleId: "references/invalid" });
    expect(e[0]?.message).toContain('in entry "web" (which starts on line 12)');
  });

  it("malformed CSL-JSON is one error at its line", async () => {
    const { ds } = await edition({
      "content/refs/references.json": '[\n  { "id": "a", "type": "book" },\n  { "id": "b" "type": "book" }\n]\n',
    });
    expect(errors(ds).map((d) => [d.ruleId, d.file, d.line])).toEqual([
      ["references/invalid", "content/refs/references.json", 3],
    ]);
  });

  it("an id in two files names both places", async () => {
    const { ds } = await edition({
      "content/refs/sources.yaml":
        "web:\n  author: DeepSeek\n  title: Model card\n  publisher: DeepSeek\n  url: https://example.org/card\n  accessed: 2025-02-01\n",
    });
    expect(lines(errors(ds))).toEqual([
      expect.stringMatching(
        /^content\/refs\/references\.json:18:5: error reference id "web" is defined twice: here and at content\/refs\/sources\.yaml:1:1 references\/duplicate-id$/,
      ),
    ]);
  });

  it("an unknown style lists the bundled ones", async () => {
    const { ds } = await edition(styled("vancouver"));
    expect(lines(errors(ds))).toEqual([
      expect.stringMatching(
        /^content\/refs\/brief\.yaml:9:17: error citation_style "vancouver" .*the bundled styles are numbered, apa, chicago-author-date, chicago-notes, harvard citations\/unknown-style$/,
      ),
    ]);
  });
});

describe("cache and preview", () => {
  /** The prepared alpha edition of the fixture with `overlay`. */
  async function prepared(overlay: Record<string, string | null> = {}) {
    const root = tempProject(overlay, "references");
    const loaded = await load({
      root,
      contentDir: path.join(root, "content"),
      templatesDir: path.join(root, "templates"),
    });
    const e = loaded.value && plan(loaded.value, { audiences: ["alpha"] }).editions[0]?.edition;
    if (!e || !loaded.value) throw new Error("no alpha edition");
    const r = await prepare(e, new Set(loaded.value.audiences.keys()));
    if (!r.value) throw new Error("not prepared");
    return { root, p: r.value };
  }

  it("records each cited reference by its own digest, so editing one invalidates only editions citing it", async () => {
    const { p } = await prepared();
    const data = editionData(p);
    expect(Object.keys(data.sources)).toEqual(["smith2024", "web"]);
    expect(Object.values(data.sources).every((d) => /^[0-9a-f]{64}$/.test(d))).toBe(true);
    const json = readFileSync(path.join(FIXTURES, "references/content/refs/references.json"), "utf8");
    const edited = await prepared({ "content/refs/references.json": json.replace('"Model card"', '"Model card, v2"') });
    const brief = edited.p.edition.brief;
    expect(dataDigest(brief, "sources", "web")).not.toBe(data.sources.web);
    expect(dataDigest(brief, "sources", "smith2024")).toBe(data.sources.smith2024);
  });

  it("a saved references.bib or references.json updates the brief's editions in the preview", () => {
    const content = "/p/content";
    const editions: EditionInputs[] = [
      { name: "refs-alpha", brief: "refs", audience: "alpha", files: new Set() },
      { name: "other-alpha", brief: "other", audience: "alpha", files: new Set() },
    ];
    const watched = { contentDir: content, templatesDir: "/p/templates", fontDirs: [] };
    for (const f of ["references.bib", "references.json"])
      expect([...affectedBy([`${content}/refs/${f}`], editions, watched)]).toEqual(["refs-alpha"]);
  });
});
