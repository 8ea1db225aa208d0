import type { Element } from "hast";
import { toHtml } from "hast-util-to-html";
import { describe, expect, it } from "vitest";
import { leafBlocks } from "../../src/preview/blocks.js";
import { pageBreaks } from "../../src/preview/breaks.js";
import { printMediaCss } from "../../src/preview/css.js";
import { pageGeometry, parseContent } from "../../src/preview/geometry.js";
import { findBody, parseHtml } from "../../src/preview/html.js";
import { measuringCopy } from "../../src/preview/measure-copy.js";
import { splitPages } from "../../src/preview/split.js";
import { diagnostic, formatReport, type Diagnostic } from "../../src/diagnostics/index.js";
import { liveReloadScript } from "../../src/preview/client.js";
import { editionPage } from "../../src/preview/page.js";
import { EVENTS_PATH, SCRIPT_PATH } from "../../src/preview/routes.js";

/**
 * The pure parts of showing an edition as printed pages: reading the page
 * rules from its stylesheet, the measuring copy, page breaks from the pages
 * blocks fell on, and cutting the document at those breaks.
 */

const PAGE_CSS = `/* a comment with @page { size: A3 } in it */
@page {
  size: A4;
  margin: 20mm 20mm 18mm 20mm;
  @top-left { content: "Short \\"title\\" \\3c b"; font-family: "Source Sans 3"; font-size: 8pt; vertical-align: bottom; padding-bottom: 4mm; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); font-size: 8pt; }
}
@page :first { @top-left { content: none; } @bottom-right { content: none; } }
@media screen { main { padding: 20mm; } }
@media print { .only-print { display: block; } }
p { color: red; }`;

const DOC = `<!DOCTYPE html><html lang="en-GB"><head><title>t</title></head><body class="audience-alpha"><main>
<header class="cover"><h1>Title</h1><p>Cover text</p></header>
<section id="s1" class="section"><h2 id="s1-title">One</h2><p>First paragraph has several words in it.</p><p>Second.</p></section>
<section id="s2" class="section"><h2 id="s2-title">Two</h2>
<ol><li>a</li><li>b</li><li>c</li></ol>
<table><thead><tr><th>H</th></tr></thead><tbody><tr><td>r1</td></tr><tr><td>r2</td></tr></tbody></table>
</section></main></body></html>`;

const mainOf = (html: string): Element => {
  const body = findBody(parseHtml(html));
  const main = body.children.find((c): c is Element => c.type === "element" && c.tagName === "main");
  if (!main) throw new Error("no main");
  return main;
};
const keyOf = (html: string, text: string): string => {
  const b = leafBlocks(mainOf(html)).find((x) => toHtml(x.node).includes(text));
  if (!b) throw new Error(`no block with ${text}`);
  return b.key;
};

describe("page rules read from an edition's stylesheet", () => {
  it("size, margins and margin boxes, with :first overriding", () => {
    const g = pageGeometry(PAGE_CSS);
    expect([g.width, g.height]).toEqual(["210mm", "297mm"]);
    expect(g.margin).toEqual(["20mm", "20mm", "18mm", "20mm"]);
    expect(g.rest.get("top-left")?.content).toEqual([{ text: 'Short "title" <b' }]);
    expect(g.rest.get("top-left")?.declarations.get("vertical-align")).toBe("bottom");
    expect(g.rest.get("bottom-right")?.content).toEqual([
      { text: "Page " },
      { counter: "page" },
      { text: " of " },
      { counter: "pages" },
    ]);
    expect([...g.first.keys()]).toEqual([]);
  });

  it("Letter, landscape and explicit sizes", () => {
    expect(pageGeometry("@page { size: Letter; }").width).toBe("8.5in");
    expect(pageGeometry("@page { size: A4 landscape; }").height).toBe("210mm");
    expect(pageGeometry("@page { size: 100mm 150mm; margin: 1cm }")).toMatchObject({
      width: "100mm",
      height: "150mm",
      margin: ["1cm", "1cm", "1cm", "1cm"],
    });
  });

  it("content values it does not understand leave the box out", () => {
    expect(parseContent("string(chapter)")).toBeUndefined();
    expect(parseContent("none")).toBeUndefined();
  });

  it("print rules apply on screen and screen rules do not", () => {
    const css = printMediaCss(PAGE_CSS);
    expect(css).toContain("@media not all { main { padding: 20mm; } }");
    expect(css).toContain("@media all { .only-print");
    expect(css).toContain("p { color: red; }");
    expect(css).toContain("/* a comment with @page { size: A3 } in it */");
  });
});

describe("the measuring copy", () => {
  it("gives every block an id (keeping existing ones), marks the end of text blocks, links to all of them from a hidden list", () => {
    const copy = measuringCopy(DOC, new Set([keyOf(DOC, "First paragraph")]));
    const first = copy.blocks.find((b) => b.words);
    expect(first?.words).toHaveLength(7);
    expect(copy.blocks.find((b) => b.start === "s1-title")).toBeDefined();
    expect(copy.html).toMatch(/<nav hidden>(<a href="#[^"]+"><\/a>)+<\/nav>/);
    for (const b of copy.blocks) {
      expect(copy.html).toContain(`id="${b.start}"`);
      expect(copy.html).toContain(`href="#${b.start}"`);
    }
    // The text a reader sees is unchanged.
    const text = (html: string): string => toHtml(mainOf(html)).replace(/<[^>]+>/g, "");
    expect(text(copy.html)).toBe(text(DOC));
  });
});

describe("page breaks from the pages blocks fell on", () => {
  it("a break before each block that starts a new page; a block running across pages is reported", () => {
    const r = pageBreaks([
      { key: "a", start: 1, end: 1 },
      { key: "b", start: 2, end: 2 },
      { key: "c", start: 2, end: 3 },
      { key: "d", start: 3 },
      { key: "hidden" },
      { key: "e", start: 5 },
    ]);
    expect(r.breaks).toEqual([
      { key: "b", page: 2 },
      { key: "e", page: 5 },
    ]);
    expect(r.straddling).toEqual(["c"]);
  });

  it("with its words measured, the break falls before the first word on the next page", () => {
    const r = pageBreaks([
      { key: "a", start: 1, end: 2, words: [1, 1, 1, 2, 2] },
      { key: "b", start: 2 },
    ]);
    expect(r).toEqual({ breaks: [{ key: "a", word: 3, page: 2 }], straddling: [] });
  });
});

describe("cutting the document into pages", () => {
  it("a break before a section's first block breaks before the section; ids stay on first parts only", () => {
    const pages = splitPages(mainOf(DOC), [{ key: keyOf(DOC, "One"), page: 2 }]);
    expect(pages.map((p) => p.page)).toEqual([1, 2]);
    const [one, two] = pages.map((p) => toHtml(p.node));
    expect(one).toContain("Cover text");
    expect(one).not.toContain("First paragraph");
    expect(two).toMatch(/^<main data-pv-cont="">\s*<section id="s1"/);
  });

  it("a list goes on counting, a table repeats its header, a continued box drops its id", () => {
    const pages = splitPages(mainOf(DOC), [
      { key: keyOf(DOC, "<li>b"), page: 2 },
      { key: keyOf(DOC, "r2"), page: 3 },
    ]);
    const [, two, three] = pages.map((p) => toHtml(p.node));
    expect(two).toContain('<ol data-pv-cont="" start="2"><li>b</li>');
    expect(two).toMatch(/<section class="section" data-pv-cont="" data-pv-split="">/);
    expect(three).toContain(
      '<table data-pv-cont=""><thead><tr><th>H</th></tr></thead><tbody data-pv-cont=""><tr><td>r2</td>',
    );
    expect(
      pages
        .map((p) => toHtml(p.node))
        .join("")
        .match(/id="s2"/g),
    ).toHaveLength(1);
  });

  it("a break inside a paragraph cuts it before the word, leaving no text out", () => {
    const key = keyOf(DOC, "First paragraph");
    const pages = splitPages(mainOf(DOC), [{ key, word: 3, page: 2 }]);
    const [one, two] = pages.map((p) => toHtml(p.node));
    expect(one).toContain('<p data-pv-split="">First paragraph has </p>');
    expect(two).toContain('<p data-pv-cont="">several words in it.</p>');
  });

  it("a break for a block that is no longer there is left out", () => {
    expect(splitPages(mainOf(DOC), [{ key: "p:gone", page: 2 }])).toHaveLength(1);
  });
});

describe("the served page", () => {
  const data = (problems: Diagnostic[] = [], fresh = true): Parameters<typeof editionPage>[0] => ({
    name: "mini-alpha",
    label: "Alpha",
    instance: "i1",
    revision: 3,
    document: {
      title: "Mini — Alpha edition",
      html: DOC.replace("<head>", `<head><meta http-equiv="Content-Security-Policy" content="script-src 'none'">`),
      cssHref: "assets/css/mini-alpha.css?v=1",
    },
    breaks: [],
    geometry: pageGeometry(PAGE_CSS),
    budget: 3,
    status: "page breaks as Chromium prints them",
    fresh,
    problems,
  });

  it("holds the edition's document, its stylesheet, and the preview's script as its only script", () => {
    const html = editionPage(data());
    expect(html.match(/<script\b[^>]*>/g)).toEqual([`<script src="${SCRIPT_PATH}" defer>`]);
    expect(html).toContain('<link id="pv-edition-css" rel="stylesheet" href="assets/css/mini-alpha.css?v=1">');
    expect(html).not.toContain("Content-Security-Policy");
    expect(html).toContain("First paragraph has several words in it.");
    expect(html).toContain('data-pv-view="edition:mini-alpha" data-pv-instance="i1" data-pv-revision="3"');
    expect(html.match(/class="pv-sheet"/g)).toHaveLength(1);
  });

  it("lists problems exactly as the CLI prints them, escaped, and shows the overlay only for errors", () => {
    const d = diagnostic({
      rule: "facts/undefined",
      at: { file: "content/mini/sections/20-alpha.md", line: 3, column: 7 },
      message: 'fact "<script>alert(1)</script>" is not defined',
    });
    const html = editionPage(data([d], false));
    expect(html).not.toContain("<script>alert(1)");
    const pre = /<pre class="pv-problems">([\s\S]*?)<\/pre>/.exec(html)?.[1] ?? "";
    const text = pre.replace(/&#x3C;/g, "<").replace(/&#x26;/g, "&");
    expect(text).toBe(formatReport([d]).trimEnd());
    expect(/<div id="pv-overlay"[^>]*>/.exec(html)?.[0]).not.toContain("hidden");
    expect(html).toContain("showing the last good rendering");
    const warning = diagnostic({ rule: "markdown/raw-html", at: { file: "x.md", line: 1, column: 1 }, message: "raw" });
    expect(/<div id="pv-overlay"[^>]*>/.exec(editionPage(data([warning])))?.[0]).toContain("hidden");
  });

  it("the live-reload script is the function's own source, pointed at the event stream", () => {
    const script = liveReloadScript(EVENTS_PATH);
    expect(script).toContain(`(${JSON.stringify(EVENTS_PATH)})`);
    expect(script).toContain("new EventSource(eventsPath)");
    expect(script).not.toMatch(/location\.reload|document\.write|innerHTML|eval\(/);
  });
});
