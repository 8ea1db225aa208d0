import { describe, expect, it } from "vitest";
import {
  checkPrintedLayout,
  countLines,
  layoutDiagnostics,
  sourceOf,
  type BlockKind,
  type BlockPart,
  type PrintedBlock,
  type PrintedFlow,
} from "../../src/checks/layout/index.js";
import { plan } from "../../src/stages/2-plan/index.js";
import { loadedProject } from "../helpers.js";

/**
 * The layout rules' pure core on hand-made printed flows (pages of blocks
 * with line counts), the line counter on baselines, and the diagnostics'
 * Markdown positions on the base fixture.
 */

let next = 0;
const block = (kind: BlockKind, text: string, parts: [number, number][], within?: number): PrintedBlock => ({
  key: next++,
  kind,
  text,
  parts: parts.map(([page, lines]): BlockPart => ({ page, lines })),
  ...(within === undefined ? {} : { within }),
});

/** A flow from blocks: each page lists the blocks with a part on it, in order (innermost only when `inner`). */
function flowOf(blocks: readonly PrintedBlock[], pages: number, holders: ReadonlySet<number> = new Set()): PrintedFlow {
  const flow = Array.from({ length: pages }, (_, i) =>
    blocks.filter((b) => !holders.has(b.key) && b.parts.some((p) => p.page === i + 1)).map((b) => b.key),
  );
  return { pages, blocks, flow };
}

describe("layout/heading-at-page-foot", () => {
  it("fires when a page's last content is a heading and more follows", () => {
    const p = block("paragraph", "Text before.", [[1, 30]]);
    const h = block("heading", "What DeepSeek made", [[1, 1]]);
    const after = block("paragraph", "Text after.", [[2, 4]]);
    const found = checkPrintedLayout(flowOf([p, h, after], 2));
    expect(found).toEqual([{ rule: "layout/heading-at-page-foot", block: h, page: 1 }]);
  });

  it("does not fire when the heading has text under it on its page, or nothing follows it at all", () => {
    const h = block("heading", "Kept", [[1, 1]]);
    const under = block("paragraph", "Two lines under it.", [[1, 2]]);
    expect(checkPrintedLayout(flowOf([h, under], 1))).toEqual([]);
    const last = block("heading", "The end", [[2, 1]]);
    expect(checkPrintedLayout(flowOf([h, under, last], 3))).toEqual([]);
  });

  it("fires for a heading inside a box (the takeaways' title) that ends a page", () => {
    const box = block("box", "Key takeaways One", [
      [1, 1],
      [2, 3],
    ]);
    const title = block("heading", "Key takeaways", [[1, 1]], box.key);
    const item = block("item", "One", [[2, 3]], box.key);
    const found = checkPrintedLayout(flowOf([box, title, item], 2, new Set([box.key])));
    expect(found.map((f) => [f.rule, f.block.text, f.page])).toEqual([
      ["layout/heading-at-page-foot", "Key takeaways", 1],
    ]);
  });
});

describe("layout/split-one-line", () => {
  it("fires for one line at the foot or the top of a page, and names the other side's lines", () => {
    const foot = block("item", "An item", [
      [1, 1],
      [2, 4],
    ]);
    const top = block("box", "Our assessment: a box", [
      [2, 5],
      [3, 1],
    ]);
    const fine = block("paragraph", "A paragraph", [
      [3, 2],
      [4, 2],
    ]);
    const found = checkPrintedLayout(flowOf([foot, top, fine], 4));
    expect(found).toEqual([
      { rule: "layout/split-one-line", block: foot, page: 1, where: "foot", before: 1, after: 4 },
      { rule: "layout/split-one-line", block: top, page: 3, where: "top", before: 5, after: 1 },
    ]);
  });

  it("reports an item split inside a box once, as the item", () => {
    const box = block("box", "Key takeaways A long item", [
      [1, 4],
      [2, 3],
    ]);
    const item = block(
      "item",
      "A long item",
      [
        [1, 1],
        [2, 3],
      ],
      box.key,
    );
    const found = checkPrintedLayout(flowOf([box, item], 2, new Set([box.key])));
    expect(found.map((f) => f.block.kind)).toEqual(["item"]);
  });

  it("leaves headings, figures and a page with only a picture of the block alone", () => {
    const heading = block("heading", "A two-line heading", [
      [1, 1],
      [2, 1],
    ]);
    const figure = block("figure", "A chart", [
      [2, 1],
      [3, 9],
    ]);
    const pictured = block("paragraph", "", [
      [3, 0],
      [4, 5],
    ]);
    const found = checkPrintedLayout(flowOf([heading, figure, pictured], 4));
    expect(found.filter((f) => f.rule === "layout/split-one-line")).toEqual([]);
  });
});

describe("countLines", () => {
  it("counts baselines, a superscript on a line not counting as another", () => {
    // 10.5 pt text on a 14.9 pt line; a citation raised 5.8 pt at 7.1 pt.
    const runs = [
      { y: 700, size: 10.5 },
      { y: 705.8, size: 7.1 },
      { y: 700, size: 10.5 },
      { y: 685.1, size: 10.5 },
      { y: 670.2, size: 10.5 },
      { y: 676, size: 7.1 },
    ];
    expect(countLines(runs)).toBe(3);
    expect(countLines([])).toBe(0);
    expect(countLines([{ y: 100, size: 14 }])).toBe(1);
  });

  it("keeps lines of small, tightly set text apart (8.5 pt on 11.5 pt)", () => {
    expect(countLines([100, 88.5, 77, 65.5].map((y) => ({ y, size: 8.5 })))).toBe(4);
  });
});

describe("layout diagnostics", () => {
  it("point at the section title, a heading's line and an item's line in the Markdown, with edition and page", async () => {
    const project = await loadedProject();
    const edition = plan(project, { audiences: ["alpha"] }).editions[0]?.edition;
    if (!edition) throw new Error("no alpha edition");
    const section = block("heading", "Common section", [[1, 1]]);
    const analysis = block("heading", "Alpha section OUR ASSESSMENT", [[1, 1]]);
    const sub = block("heading", "A subheading", [[2, 1]]);
    const item = block("item", "• Stock fell 17% on 27 January 2025.", [
      [1, 1],
      [2, 1],
    ]);
    const text = block("paragraph", "Some more text for Alpha readers.", [[2, 1]]);
    const made = block("item", "1. Rich, Brandon. A source the templates print", [[3, 1]]);
    expect(sourceOf(edition, section)).toMatchObject({ file: "content/mini/sections/10-common.md", line: 3 });
    expect(sourceOf(edition, analysis)).toMatchObject({ file: "content/mini/sections/20-alpha.md", line: 3 });
    expect(sourceOf(edition, sub)).toEqual({ file: "content/mini/sections/10-common.md", line: 15, column: 1 });
    expect(sourceOf(edition, item)).toEqual({ file: "content/mini/sections/00-takeaways.md", line: 8, column: 1 });
    expect(sourceOf(edition, text)).toEqual({ file: "content/mini/sections/10-common.md", line: 17, column: 1 });
    expect(sourceOf(edition, made)).toEqual({ file: edition.audience.templates.layout.file, line: 0, column: 0 });

    const found = checkPrintedLayout(flowOf([section, item, sub, text], 2));
    expect(
      layoutDiagnostics(edition, found).map((d) => `${d.file}:${d.line} ${d.severity} ${d.message} ${d.ruleId}`),
    ).toEqual([
      "content/mini/sections/00-takeaways.md:8 warning edition mini-alpha, page 1: the list item “• Stock fell 17% on 27 January 2025.” is split, leaving its first line alone at the foot of page 1 (1 on the next) layout/split-one-line",
    ]);
    const after = block("paragraph", "Some more text", [[3, 2]]);
    const foot = checkPrintedLayout(flowOf([text, sub, after], 3));
    expect(layoutDiagnostics(edition, foot).find((d) => d.ruleId === "layout/heading-at-page-foot")).toMatchObject({
      file: "content/mini/sections/10-common.md",
      line: 15,
      ruleId: "layout/heading-at-page-foot",
      severity: "warning",
      message:
        "edition mini-alpha, page 2: the heading “A subheading” ends the page; what it introduces starts on the next page",
    });
  });
});
