import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFString } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { pdfText, REPO, snapshot } from "../helpers.js";
import { chartProject, inflationWithLine } from "../helpers-charts.js";
import { limit } from "../slowness.js";

/**
 * Charts from data through the real build (Chromium, PDF/UA-1
 * post-processing and its checker): the line chart of data/inflation.csv
 * (two series, 24 monthly rows, no alt) and the other types build; the
 * HTML draws 24 points per line and carries the values as a table; the
 * PDF's figure has the alternative text written from the data; a bad cell
 * is one positioned error and the previous editions stay byte for byte.
 */

let root: string;
let first: ReturnType<typeof spawnSync>;

const brief = (...args: string[]): ReturnType<typeof spawnSync> =>
  spawnSync(process.execPath, [path.join(REPO, "bin", "brief.js"), ...args], {
    cwd: root,
    env: { ...process.env, NO_COLOR: "1", SOURCE_DATE_EPOCH: "1739145600" },
    encoding: "utf8",
    timeout: limit(600_000),
  });
const out = (name: string): string => path.join(root, "output", name);
const sha = (files: Map<string, Buffer>): Record<string, string> =>
  Object.fromEntries([...files].map(([f, b]) => [f, createHash("sha256").update(b).digest("hex")]));

beforeAll(() => {
  root = chartProject();
  first = brief("build");
});

/** Every structure element's /Alt in a PDF, by element type. */
async function alts(file: string): Promise<string[]> {
  const doc = await PDFDocument.load(readFileSync(file), { updateMetadata: false });
  const found: string[] = [];
  const walk = (node: unknown): void => {
    if (node instanceof PDFArray) node.asArray().forEach((_, i) => walk(node.lookup(i)));
    if (!(node instanceof PDFDict)) return;
    const alt = node.lookup(PDFName.of("Alt"));
    if (alt instanceof PDFString || alt instanceof PDFHexString) found.push(alt.decodeText());
    walk(node.lookup(PDFName.of("K")));
  };
  walk(doc.catalog.lookup(PDFName.of("StructTreeRoot")));
  return found;
}

describe("charts from data, built", () => {
  it("build every type, from facts and from CSV and JSON, past the PDF/UA-1 checker", () => {
    expect(first.stderr).not.toMatch(/ error /);
    expect(first.status).toBe(0);
  });

  it("draw the line of 24 monthly rows as 24 points, and list the values in a table", () => {
    const html = readFileSync(out("mini-alpha.html"), "utf8");
    const figure = /<figure class="chart" id="chart-inflation">([^]*?)<\/figure>/.exec(html)?.[1] ?? "";
    const lines = [...figure.matchAll(/<g class="mark-line[^>]*>((?:<path[^>]*>)+)/g)].flatMap((m) =>
      [...(m[1] ?? "").matchAll(/d="(M[^"]*)"/g)].map((d) => d[1] ?? ""),
    );
    expect(lines).toHaveLength(2);
    for (const d of lines) expect(d.split(/[ML]/).filter(Boolean)).toHaveLength(24);
    expect(figure).toMatch(/<details class="chart-data"><summary>The chart’s data<\/summary><table>/);
    expect([...figure.matchAll(/<th scope="row">/g)]).toHaveLength(24);
    expect(figure).toMatch(
      /class="chart-source">Source: Example Weekly<sup class="cite">[^]*?<\/sup>\. Data as of 31 December 2024\.<\/p>/,
    );
  });

  it("give the PDF's figure the alternative text written from the data, and print the source line", async () => {
    const figureAlts = await alts(out("mini-alpha.pdf"));
    const alt = figureAlts.find((a) => a.startsWith("Line chart of"));
    expect(alt).toMatch(/^Line chart of Headline inflation and Core inflation, January 2023 to December 2024: /);
    expect(alt).toContain("Headline inflation: first 2.1% (January 2023), last 3.4% (December 2024)");
    expect(figureAlts.some((a) => a.startsWith("Column chart of Headline inflation and Core inflation"))).toBe(true);
    const text = pdfText(out("mini-alpha.pdf"));
    expect(text).toContain("Source: Example Weekly");
    expect(text).toContain("Data as of 31 December 2024.");
    expect(text).not.toContain("The chart’s data");
  });

  it("stop at a non-numeric cell on line 14 with one error there, leaving the previous editions as they were", () => {
    const before = sha(snapshot(path.join(root, "output")));
    expect(Object.keys(before).length).toBeGreaterThan(2);
    const csv = path.join(root, "content", "mini", "data", "inflation.csv");
    const good = readFileSync(csv);
    writeFileSync(csv, inflationWithLine(14, "2024-01,2.9 percent,2.7"));
    try {
      const r = brief("build");
      expect(r.status).toBe(1);
      const errors = String(r.stderr)
        .split("\n")
        .filter((l) => / error /.test(l));
      expect(errors).toEqual([
        'content/mini/data/inflation.csv:14:9: error chart "inflation": column "headline" has "2.9 percent", which is not a number charts/data-non-numeric',
      ]);
      expect(sha(snapshot(path.join(root, "output")))).toEqual(before);
    } finally {
      writeFileSync(csv, good);
    }
  });
});
