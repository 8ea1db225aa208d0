import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PDFDocument } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { build } from "../../src/index.js";
import { outlineOf } from "../../src/stages/7-pdf/outline.js";
import { pdfPages, snapshot, tempProject } from "../helpers.js";

/**
 * The page budget, printed by the real Chromium: the over-budget error
 * names the edition's last section and where each section starts (read
 * from the PDF's outline) and keeps the rejected PDF beside the output;
 * and "About this brief" alone on the last page does not count.
 */

const ALPHA = (budget: number): string =>
  `label: Alpha\ndescription: First test audience.\ncover:\n  kicker: Alpha briefing\n  edition: Alpha edition\npage:\n  size: A4\n  budget: ${budget}\ntoc: true\naccent: "#1f4e79"\ndisclaimer: A test edition, not advice.\n`;

/** A section long enough to fill about a page. */
const LONG = `---\nid: long\ntitle: A long section\norder: 40\naudiences: [alpha]\n---\n${"A sentence that takes up room on the page and has nothing else to say. ".repeat(12).concat("\n\n").repeat(9)}`;

async function pagesOf(file: string): Promise<PDFDocument> {
  return PDFDocument.load(readFileSync(file), { updateMetadata: false });
}

describe("page budget, printed", () => {
  it("a heading at the top of a page is told apart from one further down (the geometry the rule relies on)", async () => {
    const root = tempProject({
      "templates/audiences/alpha.yaml": ALPHA(9),
      "content/mini/sections/40-long.md": LONG,
      "templates/audiences/alpha/style.css": "#sec-long { break-before: page; }\n",
    });
    const r = await build({ root, audiences: ["alpha"], formats: ["pdf"], cache: false });
    expect(r.exitCode).toBe(0);
    const outline = outlineOf(await pagesOf(path.join(root, "output/mini-alpha.pdf")));
    const long = outline.find((e) => e.title === "A long section");
    const common = outline.find((e) => e.title === "Common section");
    // 20 mm top margin = 56.7 pt; the rule allows 24 pt for the heading's own rule and padding.
    expect(long?.fromTop).toBeGreaterThan(50);
    expect(long?.fromTop).toBeLessThanOrEqual(56.7 + 24);
    expect(common?.fromTop).toBeGreaterThan(56.7 + 24);
  });

  it('"About this brief" alone on the last page is not counted; anything else over the budget is an error that keeps the rejected PDF', async () => {
    const forced = { "templates/audiences/alpha/style.css": ".about { break-before: page; }\n" };
    // First: learn how many pages the edition takes with About forced onto a page of its own.
    const probe = tempProject({ ...forced, "templates/audiences/alpha.yaml": ALPHA(99) });
    expect((await build({ root: probe, audiences: ["alpha"], formats: ["pdf"], cache: false })).exitCode).toBe(0);
    const pages = pdfPages(path.join(probe, "output/mini-alpha.pdf"));
    expect(pages.at(-1)).toMatch(/^\s*Mini brief\s+Alpha edition\s+About this brief/);

    // A budget one short of that still builds: the last page is About's alone.
    const root = tempProject({ ...forced, "templates/audiences/alpha.yaml": ALPHA(pages.length - 1) });
    const ok = await build({ root, audiences: ["alpha"], formats: ["pdf"], cache: false });
    expect(ok.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    expect(ok.exitCode).toBe(0);
    const before = snapshot(path.join(root, "output"));

    // A long section pushes the edition over: exit 1, the edition's files untouched, the print kept aside.
    writeFileSync(path.join(root, "content/mini/sections/40-long.md"), LONG);
    const over = await build({ root, audiences: ["alpha"], formats: ["pdf"], cache: false });
    expect(over.exitCode).toBe(1);
    const [error] = over.diagnostics.filter((d) => d.severity === "error");
    expect(error?.ruleId).toBe("edition/page-budget");
    expect(error?.file).toBe("content/mini/sections/40-long.md");
    expect(error?.message).toMatch(
      new RegExp(
        `^edition mini-alpha has \\d+ pages, over its budget of ${pages.length - 1}; it ends with section "A long section", which starts on page \\d+$`,
      ),
    );
    expect(error?.hint).toMatch(
      /^Sections start on: "Key takeaways" p\. 1, .*"A long section" p\. \d+, "Sources" p\. \d+, "About this brief" p\. \d+\./,
    );
    expect(error?.hint).toContain("The over-budget PDF is kept at output/.rejected/mini-alpha.pdf for inspection.");
    const after = snapshot(path.join(root, "output"));
    expect(after.has(".rejected/mini-alpha.pdf")).toBe(true);
    after.delete(".rejected/mini-alpha.pdf");
    expect(after).toEqual(before);
    expect(existsSync(path.join(root, "output/mini-alpha.pdf"))).toBe(true);
  });
});
