import { toHtml } from "hast-util-to-html";
import { describe, expect, it } from "vitest";
import type { Diagnostic } from "../../src/diagnostics/index.js";
import { merge } from "../../src/stages/3-merge/index.js";
import { plan } from "../../src/stages/2-plan/index.js";
import { markdown } from "../../src/stages/4-markdown/index.js";
import { htmlAccessibility } from "../../src/stages/5-layout/index.js";
import { loadedProject } from "../helpers.js";

/**
 * The Markdown constructs analysts write beyond the example brief
 * (issue 27, part B): definition lists, passages in another language
 * (Pandoc bracketed spans and fenced divs), decorative images, image
 * titles and task lists, each through the real markdown stage, with the
 * positions of its diagnostics. The section body starts on line 6.
 */

const FILE = "content/mini/sections/50-x.md";

async function render(body: string): Promise<{ html: string; diagnostics: readonly Diagnostic[] }> {
  const p = await loadedProject({ [FILE]: `---\nid: x\ntitle: X\norder: 50\n---\n${body}` });
  const e = plan(p, { audiences: ["alpha"] }).editions[0]?.edition;
  if (!e) throw new Error("no edition");
  const x = merge(e, new Set(p.audiences.keys())).sections.find((s) => s.section.front.id === "x");
  if (!x) throw new Error("missing section");
  const r = markdown(x);
  return { html: toHtml(r.value.tree), diagnostics: r.diagnostics };
}

const where = (ds: readonly Diagnostic[]): string[] => ds.map((d) => `${d.line}:${d.column} ${d.severity} ${d.ruleId}`);

describe("definition lists", () => {
  it("print Pandoc's Term / : Definition as dl, dt and dd", async () => {
    const { html, diagnostics } = await render("Term one\n: A definition\n\nTerm two\n: Another one\n");
    expect(diagnostics).toEqual([]);
    expect(html.replace(/\s+</g, "<")).toContain(
      "<dl><dt>Term one</dt><dd>A definition</dd><dt>Term two</dt><dd>Another one</dd></dl>",
    );
    expect(html).not.toContain(": A definition");
  });
});

describe("language of parts", () => {
  it("turns bracketed spans into span lang, with formatting inside and dir=rtl for Arabic", async () => {
    const { html, diagnostics } = await render(
      'A [raison d\'être]{lang=fr} and [*λόγος* here]{lang="el"} and [سلام]{lang=ar}.\n',
    );
    expect(diagnostics).toEqual([]);
    expect(html).toContain('<span lang="fr">raison d’être</span>');
    expect(html).toContain('<span lang="el"><em>λόγος</em> here</span>');
    expect(html).toContain('<span lang="ar" dir="rtl">سلام</span>');
    expect(html).not.toContain("{lang");
  });

  it("turns fenced divs into div lang, nested, across several blocks", async () => {
    const { html, diagnostics } = await render(
      "Before.\n\n::: {lang=ru}\nПервый абзац.\n\nВторой [mot]{lang=fr}.\n:::\n\nAfter.\n",
    );
    expect(diagnostics).toEqual([]);
    expect(html.replace(/\n/g, "")).toContain(
      '<div lang="ru"><p>Первый абзац.</p><p>Второй <span lang="fr">mot</span>.</p></div>',
    );
    expect(html).not.toContain(":::");
  });

  it("refuses an invalid language tag at the brace, and names unsupported attributes", async () => {
    const { html, diagnostics } = await render("Text [word]{lang=english} and\n[other]{.smallcaps lang=fr}.\n");
    expect(where(diagnostics)).toEqual([
      "6:12 error markdown/lang-invalid",
      "7:8 warning markdown/attribute-unsupported",
    ]);
    expect(diagnostics[1]?.message).toContain(".smallcaps");
    // The words stay; the valid span keeps its language.
    expect(html).toContain("Text word and");
    expect(html).toContain('<span lang="fr">other</span>');
  });

  it("reports a fence that is never closed, and a closing fence with no opening one", async () => {
    const open = await render("Intro.\n\n::: {lang=el}\nΚείμενο.\n");
    expect(where(open.diagnostics)).toEqual(["8:1 error markdown/fenced-div"]);
    const close = await render("Intro.\n\nText.\n\n:::\n");
    expect(where(close.diagnostics)).toEqual(["10:1 error markdown/fenced-div"]);
    const shorthand = await render("Intro.\n\n::: warning\nCareful.\n:::\n");
    expect(where(shorthand.diagnostics)).toEqual(["8:1 error markdown/fenced-div", "10:1 error markdown/fenced-div"]);
  });

  it("leaves an image's {#fig-id} attribute to the captions pass, which makes it the figure's id", async () => {
    const { html, diagnostics } = await render("![A square](images/square.png){#fig-square}\n");
    expect(html).toContain('<figure class="figure" id="fig-square">');
    expect(html).not.toContain("{#fig-square}");
    expect(diagnostics.filter((d) => d.ruleId === "markdown/attribute-unsupported")).toEqual([]);
  });
});

describe("images", () => {
  it("treats empty alt text as decorative, with a notice at its line", async () => {
    const { html, diagnostics } = await render("Text.\n\n![](images/square.png)\n");
    expect(where(diagnostics)).toEqual(["8:1 info markdown/image-decorative"]);
    expect(html).toMatch(/<img src="[^"]*square.png" alt="">/);
  });

  it("refuses alt text of spaces only, which is neither a description nor the decorative mark", async () => {
    const { diagnostics } = await render("Text.\n\n![  ](images/square.png)\n");
    expect(where(diagnostics)).toEqual(["8:1 error markdown/image-alt"]);
  });

  it("keeps an image's title by appending it to the alt text", async () => {
    const { html, diagnostics } = await render('![A blue square](images/square.png "Drawn for the tests")\n');
    expect(diagnostics).toEqual([]);
    expect(html).toContain('alt="A blue square. Drawn for the tests"');
    expect(html).not.toContain("title=");
  });
});

describe("task lists", () => {
  it("print a mark as text with the state in words, never a form field", async () => {
    const { html } = await render("- [x] Written\n- [ ] Reviewed\n");
    expect(html).not.toContain("<input");
    expect(html).toContain('<span class="task-mark" role="img" aria-label="done">▣</span> Written');
    expect(html).toContain('<span class="task-mark" role="img" aria-label="to do">□</span> Reviewed');
  });
});

describe("what the PDF stage is told to restore", () => {
  it("takes the sections' definition lists and deletions, not the cover's dl", () => {
    const found = htmlAccessibility(
      '<html lang="en"><body><header class="cover"><dl class="cover-meta"><dt>Edition</dt><dd>Reader</dd></dl></header>' +
        '<main><section class="section" id="x"><dl><dt>Term</dt><dd>One</dd><dd>Two</dd></dl>' +
        "<p>Was <del>one billion</del> a billion.</p></section></main></body></html>",
    );
    expect(found.constructs).toEqual({
      definitionLists: [
        [
          { kind: "term", text: "Term" },
          { kind: "definition", text: "One" },
          { kind: "definition", text: "Two" },
        ],
      ],
      deletions: ["one billion"],
    });
  });
});
