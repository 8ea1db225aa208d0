import { smarten } from "../../src/lib/typography.js";
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { findBrowser, launchArgs } from "../../src/stages/6-render/browser.js";
import { sharedSpecimenBuild } from "../shared-build.js";

/**
 * Accessibility, checked by real tools on the real DeepSeek editions:
 * axe-core runs in a real Chromium on every HTML edition opened from disk,
 * and the PDFs' structure trees are read back with pdf-lib (headings in
 * order, tables with header cells, the chart a Figure with alternative
 * text, the document language set).
 */

let out: string;
let root: string;

beforeAll(() => {
  // The specimen's cold build, shared with the other suites that read it (test/shared-build.ts).
  const r = sharedSpecimenBuild(["build"], { SOURCE_DATE_EPOCH: "1739145600" });
  root = r.root;
  expect(r.stderr).not.toMatch(/ error /);
  expect(r.status).toBe(0);
  out = path.join(root, "output");
});

const files = (ext: string): string[] =>
  readdirSync(out)
    .filter((f) => f.endsWith(ext))
    .sort()
    .map((f) => path.join(out, f));

interface AxeResult {
  violations: { id: string; impact: string | null; nodes: { target: unknown[] }[] }[];
  passes: unknown[];
}

describe("HTML editions pass axe-core in a real browser", () => {
  it("with zero violations", async () => {
    const { default: puppeteer } = await import("puppeteer");
    const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
    const { found } = await findBrowser();
    if (!found) throw new Error("no browser for the accessibility check");
    const browser = await puppeteer.launch({ executablePath: found.executablePath, args: launchArgs() });
    try {
      const html = files(".html");
      expect(html.length).toBe(3);
      for (const file of html) {
        const page = await browser.newPage();
        // The editions forbid scripts (CSP); the test page lets axe in.
        await page.setBypassCSP(true);
        await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
        await page.addScriptTag({ content: axeSource });
        const result = (await page.evaluate(`axe.run(document, { resultTypes: ["violations"] })`)) as AxeResult;
        const found = result.violations.map(
          (v) => `${v.id} (${v.impact ?? "?"}): ${JSON.stringify(v.nodes.map((n) => n.target))}`,
        );
        expect(found, path.basename(file)).toEqual([]);
        expect(result.passes.length, `${path.basename(file)}: axe ran its rules`).toBeGreaterThan(10);
        await page.close();
      }
    } finally {
      await browser.close();
    }
  });
});

/** A PDF structure element as read back: its type, alternative text and children. */
interface Elem {
  readonly type: string;
  readonly alt?: string;
  readonly kids: Elem[];
}

async function structTree(file: string): Promise<{ lang: string; root: Elem[] }> {
  const { PDFDocument, PDFName, PDFDict, PDFArray, PDFString, PDFHexString } = await import("pdf-lib");
  const doc = await PDFDocument.load(readFileSync(file), { updateMetadata: false });
  const text = (v: unknown): string | undefined =>
    v instanceof PDFString || v instanceof PDFHexString ? v.decodeText() : undefined;
  const walk = (node: unknown): Elem[] => {
    if (node instanceof PDFArray) return node.asArray().flatMap((_, i) => walk(node.lookup(i)));
    if (!(node instanceof PDFDict)) return [];
    const s = node.lookup(PDFName.of("S"));
    const kids = walk(node.lookup(PDFName.of("K")));
    if (!(s instanceof PDFName)) return kids;
    const alt = text(node.lookup(PDFName.of("Alt")));
    return [{ type: s.decodeText(), ...(alt === undefined ? {} : { alt }), kids }];
  };
  const root = doc.catalog.lookup(PDFName.of("StructTreeRoot"));
  const lang = text(doc.catalog.lookup(PDFName.of("Lang"))) ?? "";
  return { lang, root: root instanceof PDFDict ? walk(root.lookup(PDFName.of("K"))) : [] };
}

const flat = (els: readonly Elem[]): Elem[] => els.flatMap((e) => [e, ...flat(e.kids)]);

describe("PDF editions carry a usable structure tree", () => {
  it("sets the language and tags the headings in the order and at the levels of the HTML", async () => {
    for (const pdf of files(".pdf")) {
      const { lang, root } = await structTree(pdf);
      expect(lang, path.basename(pdf)).toBe("en-GB");
      const tagged = flat(root)
        .map((e) => /^H([1-6])$/.exec(e.type)?.[1])
        .filter((l): l is string => l !== undefined)
        .map(Number);
      const html = readFileSync(pdf.replace(/\.pdf$/, ".html"), "utf8");
      const levels = [...html.matchAll(/<h([1-6])\b/g)].map((m) => Number(m[1]));
      expect(tagged, path.basename(pdf)).toEqual(levels);
      tagged.forEach((l, i) =>
        expect(l - (tagged[i - 1] ?? 0), `${path.basename(pdf)} heading ${i}`).toBeLessThanOrEqual(1),
      );
    }
  });

  it("tags every table with header cells in its first row", async () => {
    let tables = 0;
    for (const pdf of files(".pdf")) {
      for (const table of flat((await structTree(pdf)).root).filter((e) => e.type === "Table")) {
        tables++;
        const rows = flat(table.kids).filter((e) => e.type === "TR");
        expect(rows.length, path.basename(pdf)).toBeGreaterThan(1);
        const head = rows[0]?.kids.map((c) => c.type) ?? [];
        expect(head.length).toBeGreaterThan(1);
        expect(new Set(head), path.basename(pdf)).toEqual(new Set(["TH"]));
      }
    }
    expect(tables, "the government and student editions have tables").toBeGreaterThanOrEqual(3);
  });

  it("tags the chart as a Figure with the chart's alternative text", async () => {
    const charts = readFileSync(path.join(root, "content", "deepseek", "charts.yaml"), "utf8");
    // As printed: with typographic apostrophes, like the text.
    const alt = smarten(/alt: "(.*)"/.exec(charts)?.[1] ?? "");
    expect(alt.length).toBeGreaterThan(20);
    for (const name of ["deepseek-investor.pdf", "deepseek-student.pdf"]) {
      const figures = flat((await structTree(path.join(out, name))).root).filter((e) => e.type === "Figure");
      expect(
        figures.map((f) => f.alt),
        name,
      ).toContain(alt);
    }
  });
});
