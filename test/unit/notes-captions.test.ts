import type { Root as MdastRoot } from "mdast";
import rehypeStringify from "rehype-stringify";
import remarkRehype from "remark-rehype";
import { unified } from "unified";
import { describe, expect, it } from "vitest";
import { prepareEdition as prepare } from "../../src/pipeline/prepare.js";
import { plan } from "../../src/stages/2-plan/index.js";
import { merge } from "../../src/stages/3-merge/index.js";
import { markdown } from "../../src/stages/4-markdown/index.js";
import { collectNotes } from "../../src/stages/4-markdown/notes.js";
import { headingsOf, htmlAccessibility } from "../../src/stages/5-layout/index.js";
import type { Edition, Project } from "../../src/model.js";
import { loadedProject } from "../helpers.js";

/**
 * Footnotes, captions, cross-references and in-document links, from a
 * section's Markdown to the laid-out HTML: notes numbered per edition in
 * reading order (two sections may both use [^1]), table and figure
 * captions numbered, @tbl-/@fig- references filled in, and each mistake
 * reported where it was written.
 */

function edition(p: Project, audience = "alpha"): Edition {
  const e = plan(p, { audiences: [audience] }).editions[0]?.edition;
  if (!e) throw new Error(`no edition for ${audience}`);
  return e;
}

const section = (id: string, order: number, body: string): Record<string, string> => ({
  [`content/mini/sections/${order}-${id}.md`]: `---\nid: ${id}\ntitle: ${id}\norder: ${order}\n---\n${body}`,
});

/** The section's own diagnostics from the markdown stage, as `line:col severity rule`. */
async function markdownDiagnostics(body: string): Promise<string[]> {
  const p = await loadedProject(section("x", 50, body));
  const merged = merge(edition(p), new Set(p.audiences.keys())).sections.find((s) => s.section.front.id === "x");
  if (!merged) throw new Error("missing section");
  return markdown(merged).diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.ruleId}`);
}

/** The alpha edition prepared (markdown and layout) with extra sections. */
async function prepared(extra: Record<string, string>): ReturnType<typeof prepare> {
  const p = await loadedProject(extra);
  return prepare(edition(p), new Set(p.audiences.keys()));
}

const errorLines = (ds: readonly { file: string; line: number; column: number; ruleId: string; severity: string }[]) =>
  ds.filter((d) => d.severity !== "info").map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.ruleId}`);

describe("footnotes", () => {
  it("prints endnotes numbered per edition in reading order, ids unique when two sections both use [^1]", async () => {
    const r = await prepared({
      ...section("first", 50, "One claim.[^1] Another.[^b]\n\n[^1]: The first note.\n[^b]: The second note.\n"),
      ...section("second", 60, "A later claim.[^1] Again.[^1]\n\n[^1]: The third note, *emphasised*.\n"),
    });
    expect(errorLines(r.diagnostics)).toEqual([]);
    const html = r.value?.laidOut.html ?? "";
    expect(html).toContain('<sup class="fn"><a id="fnref-1" href="#fn-1" role="doc-noteref">1</a></sup>');
    expect(html).toContain('<a id="fnref-2" href="#fn-2" role="doc-noteref">2</a>');
    expect(html).toContain('<a id="fnref-3" href="#fn-3" role="doc-noteref">3</a>');
    expect(html).toContain('<a id="fnref-3-2" href="#fn-3" role="doc-noteref">3</a>');
    expect(html).toMatch(
      /<section class="endnotes" id="endnotes" role="doc-endnotes" aria-labelledby="endnotes-title">/,
    );
    const list = /<ol class="endnotes-list">([\s\S]*?)<\/ol>/.exec(html)?.[1] ?? "";
    expect([...list.matchAll(/<li id="(fn-\d+)">/g)].map((m) => m[1])).toEqual(["fn-1", "fn-2", "fn-3"]);
    expect(list).toContain("The third note, <em>emphasised</em>.");
    expect(list).toContain(
      '<a href="#fnref-3-2" role="doc-backlink" aria-label="Back to reference 2 to note 3">↑2</a>',
    );
    // The notes list comes before the sources, and remark's own footnote section is gone.
    expect(html.indexOf('id="endnotes"')).toBeLessThan(html.indexOf('id="notes"'));
    expect(html).not.toContain("data-footnotes");
    expect(r.value?.laidOut.notes.get("fn-3")).toBe("Note 3: The third note, emphasised.");
    expect(r.value?.laidOut.notes.get("fnref-3-2")).toBe("Back to the reference to note 3");
  });

  it("points a [link](#fn-label) at its own section's note", async () => {
    const r = await prepared({
      ...section("first", 50, "A claim.[^1]\n\n[^1]: First.\n"),
      ...section("second", 60, "Claim.[^src] See [the note](#fn-src).\n\n[^src]: Second.\n"),
    });
    expect(errorLines(r.diagnostics)).toEqual([]);
    expect(r.value?.laidOut.html).toContain('<a href="#fn-2">the note</a>');
  });

  it("keeps a note of several paragraphs whole, its back-link after the last", async () => {
    const r = await prepared(section("x", 50, "Claim.[^long]\n\n[^long]: First paragraph.\n\n    Second paragraph.\n"));
    expect(errorLines(r.diagnostics)).toEqual([]);
    expect(r.value?.laidOut.html).toMatch(
      /<li id="fn-1"><p>First paragraph\.<\/p>\s*<p>Second paragraph\. <a href="#fnref-1" role="doc-backlink"/,
    );
  });

  it("refuses an overriding layout that leaves the Notes list out", async () => {
    const p = await loadedProject({
      ...section("x", 50, "Claim.[^a]\n\n[^a]: A note.\n"),
      "templates/audiences/alpha/layout.hbs":
        '<!DOCTYPE html>\n<html lang="{{lang}}"><head><title>{{docTitle}}</title></head><body><main>{{#each sections}}{{html}}{{/each}}</main></body></html>\n',
    });
    const r = await prepare(edition(p), new Set(p.audiences.keys()));
    expect(r.diagnostics.map((d) => `${d.file} ${d.ruleId}`)).toContain(
      "templates/audiences/alpha/layout.hbs layout/notes-missing",
    );
  });

  it("leaves a note's mark out of a heading's bookmark title", async () => {
    const r = await prepared(section("x", 50, "### A heading[^h]\n\nText.\n\n[^h]: On the heading.\n"));
    expect(errorLines(r.diagnostics)).toEqual([]);
    const html = r.value?.laidOut.html ?? "";
    expect(headingsOf(html, 3)).toContain("A heading");
    expect(htmlAccessibility(html).targets.get("sec-x--a-heading")).toBe("A heading");
  });

  it("refuses a reference without a definition, at its line and column, and warns of an unused definition", async () => {
    expect(await markdownDiagnostics("Intro.\n\nA claim.[^missing] More.\n\n[^spare]: Never used.\n")).toEqual([
      "content/mini/sections/50-x.md:8:9 error markdown/footnote-undefined",
      "content/mini/sections/50-x.md:10:1 warning markdown/footnote-unused",
    ]);
  });
});

describe("the footnote-node contract (note-style citations insert the same mdast nodes)", () => {
  it("renders footnoteReference/footnoteDefinition nodes a plugin inserted, without GFM syntax", () => {
    const tree: MdastRoot = {
      type: "root",
      children: [
        {
          type: "paragraph",
          children: [
            { type: "text", value: "A cited claim." },
            { type: "footnoteReference", identifier: "cite-doe-2025", label: "cite-doe-2025" },
          ],
        },
        {
          type: "footnoteDefinition",
          identifier: "cite-doe-2025",
          label: "cite-doe-2025",
          children: [{ type: "paragraph", children: [{ type: "text", value: "Doe, A report, 2025." }] }],
        },
      ],
    };
    const where = (): { file: string; line: number; column: number } => ({ file: "x.md", line: 1, column: 1 });
    expect(collectNotes(tree, where)).toEqual([]);
    const html = unified().use(rehypeStringify).stringify(unified().use(remarkRehype).runSync(tree));
    expect(html.replace(/\n/g, "")).toBe(
      '<p>A cited claim.<a class="fn-ref" data-note="cite-doe-2025"></a></p><div data-notes=""><div data-note="cite-doe-2025"><p>Doe, A report, 2025.</p></div></div>',
    );
  });
});

describe("captions and cross-references", () => {
  const table = "| A | B |\n|---|---|\n| 1 | 2 |\n";
  it("makes Table: paragraphs captions, image paragraphs figures, and numbers them for @tbl-/@fig- references", async () => {
    const r = await prepared(
      section(
        "x",
        50,
        `See @tbl-costs and @fig-square, and mail a@fig-x.org.\n\n${table}\nTable: What it costs {#tbl-costs}\n\nTable: Second table\n\n${table}\n![A red square](images/square.png){#fig-square}\n`,
      ),
    );
    expect(errorLines(r.diagnostics)).toEqual([]);
    const html = r.value?.laidOut.html ?? "";
    expect(html).toContain(
      '<table id="tbl-costs"><caption><span class="caption-label">Table 1:</span> What it costs</caption>',
    );
    expect(html).toContain('<table><caption><span class="caption-label">Table 2:</span> Second table</caption>');
    expect(html).toMatch(
      /<figure class="figure" id="fig-square"><img src="[^"]*square.png" alt="A red square"><figcaption><span class="caption-label">Figure (\d):<\/span> A red square<\/figcaption><\/figure>/,
    );
    // The base fixture's alpha section has an image alone in its paragraph first: Figure 1.
    expect(html).toContain('<figcaption><span class="caption-label">Figure 1:</span> A small blue square</figcaption>');
    expect(html).toContain(
      'See <a href="#tbl-costs" class="xref">Table 1</a> and <a href="#fig-square" class="xref">Figure 2</a>',
    );
    expect(html).toContain("a@fig-x.org");
    expect(html).not.toContain("Table:");
    expect(r.value?.laidOut.notes.get("tbl-costs")).toBe("Table 1: What it costs");
    expect(r.value?.laidOut.notes.get("fig-square")).toBe("Figure 2: A red square");
  });

  it("refuses an unknown @tbl- id at its line and column, with a did-you-mean", async () => {
    const r = await prepared(
      section("x", 50, `Intro.\n\nAs @tbl-cost shows.\n\n${table}\nTable: Costs {#tbl-costs}\n`),
    );
    const d = r.diagnostics.find((x) => x.ruleId === "markdown/xref-unknown");
    expect(d && `${d.file}:${d.line}:${d.column} ${d.severity}`).toBe("content/mini/sections/50-x.md:8:4 error");
    expect(d?.hint).toContain('Did you mean "tbl-costs"?');
    expect(r.value).toBeUndefined();
  });

  it("warns of a Table: caption that is not next to a table", async () => {
    expect(await markdownDiagnostics("Text.\n\nTable: Alone\n")).toEqual([
      "content/mini/sections/50-x.md:8:1 warning markdown/caption-orphan",
    ]);
  });
});

describe("links within the brief", () => {
  it("refuses a link to an id the edition does not print, at the link, with a did-you-mean", async () => {
    const r = await prepared(section("x", 50, "Intro.\n\nSee [the section](#sec-comon) for more.\n"));
    const d = r.diagnostics.find((x) => x.ruleId === "links/broken-anchor");
    expect(d && `${d.file}:${d.line}:${d.column} ${d.severity}`).toBe("content/mini/sections/50-x.md:8:5 error");
    expect(d?.hint).toContain('Did you mean "#sec-common"');
    expect(r.value).toBeUndefined();
  });
});
