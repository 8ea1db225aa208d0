import { execFileSync, spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PDFDict, PDFDocument, PDFName } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { checkPdfUa } from "../../src/checks/pdfua/index.js";
import { readStructTree, textOf, typeOf } from "../../src/lib/pdf/structure.js";
import { REAL_SEAMS, runBuild, type Seams } from "../../src/pipeline/index.js";
import { htmlAccessibility } from "../../src/stages/5-layout/index.js";
import { FIXTURES, pdfText, tempProject, vnuErrors } from "../helpers.js";

/**
 * The accessibility fixture (test/fixtures/accessible: a table, a chart, an
 * image, lists, a Chinese source title and every kind of link) built with
 * the real browser: the PDF passes the project's PDF/UA-1 checker with no
 * failure, poppler reads its structure without a warning and finds every
 * word of the HTML in it, qpdf finds no damage, the HTML passes the W3C Nu
 * checker, and the build is byte-reproducible. With UPDATE=1 it also saves
 * Chromium's own print (before post-processing) as test/fixtures/pdfua/,
 * which the fast unit tests of the PDF stage and the checker start from.
 */

const EPOCH = "1739145600";
let root = "";
let pdf = "";
let html = "";
let raw: Uint8Array | undefined;

/** Seams whose renderer keeps each edition's last print (Chromium's bytes, before post-processing). */
function recording(): Seams {
  return {
    ...REAL_SEAMS,
    openRenderer: async (options) => {
      const r = await REAL_SEAMS.openRenderer(options);
      return {
        ...r,
        openPage: async (dir) => {
          const page = await r.openPage(dir);
          return {
            browserVersion: page.browserVersion,
            close: () => page.close(),
            print: async (file, o) => {
              const printed = await page.print(file, o);
              if (!o?.measure) raw = printed.pdf;
              return printed;
            },
          };
        },
      };
    },
  };
}

beforeAll(async () => {
  root = tempProject({}, "accessible");
  const r = await runBuild({ root, cache: false, env: { ...process.env, SOURCE_DATE_EPOCH: EPOCH } }, recording());
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  expect(r.exitCode).toBe(0);
  pdf = path.join(root, "output", "access-reader.pdf");
  html = path.join(root, "output", "access-reader.html");
  if (process.env.UPDATE === "1" && raw) {
    const dir = path.join(FIXTURES, "pdfua");
    mkdirSync(dir, { recursive: true });
    writeFileSync(path.join(dir, "access-reader.pdf"), raw);
    copyFileSync(html, path.join(dir, "access-reader.html"));
  }
});

/** Words of a text, normalised: lower case, letters, digits and CJK only. */
const words = (s: string): string[] =>
  s
    .toLowerCase()
    .split(/\s+/)
    .map((w) => w.replace(/[^\p{L}\p{N}]/gu, ""))
    .filter((w) => w.length > 0);

describe("the accessibility fixture's PDF", () => {
  it("passes every PDF/UA-1 condition of the project's checker", async () => {
    const passages = htmlAccessibility(readFileSync(html, "utf8")).passages;
    expect(passages).toEqual([{ lang: "zh-Hans", text: "DeepSeek创始人专访" }]);
    const report = await checkPdfUa(readFileSync(pdf), { passages });
    expect([...report.failures.keys()]).toEqual([]);
    expect(report.checked.length).toBeGreaterThan(30);
    expect(report.counts).toMatchObject({ tables: 1, figures: 2 });
    expect(report.counts.artifacts).toBeGreaterThan(0);
    expect(report.counts.links).toBeGreaterThan(5);
  });

  it("is read by poppler without a warning, and its structure text holds every word of the HTML", () => {
    const r = spawnSync("pdfinfo", ["-struct-text", pdf], { encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("Key takeaways");
    expect(r.stdout).toContain("Our assessment:");
    const structure = new Set(words([...r.stdout.matchAll(/"(.*)"$/gm)].map((m) => m[1]).join(" ")));
    const page = readFileSync(html, "utf8")
      .replace(/[\s\S]*<main>|<\/main>[\s\S]*/g, "")
      .replace(/<span class="backrefs">[\s\S]*?<\/span>/g, "")
      .replace(/<svg[\s\S]*?<\/svg>/g, "")
      .replace(/<[^>]+>/g, " ")
      .replace(/&amp;/g, "&");
    const missing = words(page).filter((w) => !structure.has(w));
    expect(missing).toEqual([]);
  });

  it("passes qpdf --check", () => {
    expect(execFileSync("qpdf", ["--check", pdf], { encoding: "utf8" })).toContain(
      "No syntax or stream encoding errors",
    );
  });

  it("describes every kind of link and marks the Chinese title as Chinese", async () => {
    const doc = await PDFDocument.load(readFileSync(pdf), { updateMetadata: false });
    const described = new Set<string>();
    for (const p of doc.getPages()) {
      const annots = p.node.Annots();
      for (let i = 0; i < (annots?.size() ?? 0); i++) {
        const a = annots?.lookup(i);
        if (a instanceof PDFDict) described.add(textOf(a.lookup(PDFName.of("Contents"))) ?? "");
      }
    }
    expect(described).toContain("Note 1: Doe, Jane, A report on reported costs (2025)");
    expect(described).toContain("Note 3: Sina Corporation, An interview with the founder of DeepSeek (2025)");
    expect(described).toContain("https://example.org/report");
    expect(described).toContain("How the figures were chosen");
    expect(described).toContain("Email access@fixture-briefs.net");
    const tree = readStructTree(doc);
    const zh = tree?.all.filter((e) => textOf(e.dict.lookup(PDFName.of("Lang"))) === "zh-Hans") ?? [];
    expect(zh.length).toBe(1);
    const figures = tree?.all.filter((e) => typeOf(e) === "Figure") ?? [];
    expect(figures.map((f) => textOf(f.dict.lookup(PDFName.of("Alt"))))).toEqual([
      "Bar chart. The reported cost, about $5.576 million, against an outside estimate of $1 billion.",
      "A small blue square standing for a chart that is not drawn",
    ]);
  });

  it("HTML edition: 0 errors from the W3C Nu checker", () => {
    expect(vnuErrors([html])).toEqual([]);
  });

  it("is byte-reproducible: a second build gives the same PDF", async () => {
    const again = await runBuild(
      { root, cache: false, outDir: "again", env: { ...process.env, SOURCE_DATE_EPOCH: EPOCH } },
      REAL_SEAMS,
    );
    expect(again.exitCode).toBe(0);
    expect(readFileSync(path.join(root, "again", "access-reader.pdf")).equals(readFileSync(pdf))).toBe(true);
    expect(pdfText(pdf)).toContain("Accessible fixture brief");
  });

  it("a table split over two pages: its header row, printed again on the second, is read once", async () => {
    // The base fixture with one more short section pushes mini-alpha's table over a page break.
    const split = tempProject({
      "content/mini/sections/15-version.md":
        "---\nid: version\ntitle: Version\norder: 15\n---\nThis is content version first of the brief.\n",
    });
    const r = await runBuild({ root: split, audiences: ["alpha"], cache: false }, REAL_SEAMS);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const out = path.join(split, "output", "mini-alpha.pdf");
    expect(pdfText(out).match(/Item/g)?.length).toBe(2);
    const text = execFileSync("pdfinfo", ["-struct-text", out], { encoding: "utf8" });
    expect(text.match(/"Item"/g)?.length).toBe(1);
  });
});
