import path from "node:path";
import { readFileSync } from "node:fs";
import { PDFDocument } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { checkPdfUa } from "../../src/checks/pdfua/index.js";
import { readStructTree, typeOf } from "../../src/lib/pdf/structure.js";
import { REAL_SEAMS, runBuild } from "../../src/pipeline/index.js";
import { htmlAccessibility } from "../../src/stages/5-layout/index.js";
import { pdfText, tempProject } from "../helpers.js";

/**
 * The references fixture (test/fixtures/references: references.json,
 * citation_style: apa) built with the real browser: the PDF passes the
 * project's PDF/UA-1 checker, prints citeproc-js's in-text citations and
 * reference list, and tags the list of references as a list.
 */

let pdf = "";
let html = "";

beforeAll(async () => {
  const root = tempProject({}, "references");
  const r = await runBuild(
    { root, cache: false, env: { ...process.env, SOURCE_DATE_EPOCH: "1739145600" } },
    REAL_SEAMS,
  );
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  expect(r.exitCode).toBe(0);
  pdf = path.join(root, "output", "refs-alpha.pdf");
  html = path.join(root, "output", "refs-alpha.html");
});

describe("an APA edition's PDF", () => {
  it("passes every PDF/UA-1 condition of the project's checker", async () => {
    const passages = htmlAccessibility(readFileSync(html, "utf8")).passages;
    const report = await checkPdfUa(readFileSync(pdf), { passages });
    expect([...report.failures.keys()]).toEqual([]);
  });

  it("prints the in-text citations and the reference list", () => {
    const t = pdfText(pdf);
    expect(t).toContain("(Smith & Jones, 2024, p. 52)");
    expect(t).toContain("(DeepSeek, n.d.; Smith & Jones, 2024)");
    expect(t).toContain("Smith, J., & Jones, A. (2024). Open weights and the cost of inference.");
    expect(t).toContain("https://doi.org/10.1234/jaip.2024.003");
  });

  it("tags the list of references as a list of two items", async () => {
    const doc = await PDFDocument.load(readFileSync(pdf), { updateMetadata: false });
    const tree = readStructTree(doc);
    const lists = (tree?.all ?? []).filter((e) => typeOf(e) === "L");
    const items = lists.map((l) => l.kids.filter((k) => k.kind === "elem" && typeOf(k.elem) === "LI").length);
    expect(items).toContain(2);
  });
});
