import path from "node:path";
import { readFileSync } from "node:fs";
import { PDFDict, PDFDocument, PDFName } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { checkPdfUa } from "../../src/checks/pdfua/index.js";
import { readStructTree, textOf, typeOf } from "../../src/lib/pdf/structure.js";
import { REAL_SEAMS, runBuild } from "../../src/pipeline/index.js";
import { htmlAccessibility } from "../../src/stages/5-layout/index.js";
import { pdfText, tempProject } from "../helpers.js";

/**
 * The references fixture in a note style (citation_style: chicago-notes),
 * built with the real browser: each citation is an endnote of the one notes
 * mechanism (issue 27), so in the PDF it is a `Note` with its own /ID whose
 * mark is a `Link` with /Contents; the edition passes the project's
 * PDF/UA-1 checker and prints citeproc-js's note and bibliography text.
 */

let pdf = "";
let html = "";

beforeAll(async () => {
  const brief = readFileSync(path.join(import.meta.dirname, "../fixtures/references/content/refs/brief.yaml"), "utf8");
  const root = tempProject(
    { "content/refs/brief.yaml": brief.replace("citation_style: apa", "citation_style: chicago-notes") },
    "references",
  );
  const r = await runBuild(
    { root, cache: false, env: { ...process.env, SOURCE_DATE_EPOCH: "1739145600" } },
    REAL_SEAMS,
  );
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  expect(r.exitCode).toBe(0);
  pdf = path.join(root, "output", "refs-alpha.pdf");
  html = path.join(root, "output", "refs-alpha.html");
});

describe("a chicago-notes edition's PDF", () => {
  it("passes every PDF/UA-1 condition of the project's checker", async () => {
    const passages = htmlAccessibility(readFileSync(html, "utf8")).passages;
    const report = await checkPdfUa(readFileSync(pdf), { passages });
    expect([...report.failures.keys()]).toEqual([]);
    expect(report.checked).toContain("pdf/note-id");
  });

  it("tags each citation as a Note with an /ID, its mark a Link whose /Contents names the note", async () => {
    const doc = await PDFDocument.load(readFileSync(pdf), { updateMetadata: false });
    const all = readStructTree(doc)?.all ?? [];
    const ids = all.filter((e) => typeOf(e) === "Note").map((e) => textOf(e.dict.lookup(PDFName.of("ID"))));
    expect(ids.length).toBeGreaterThanOrEqual(2);
    expect(ids).toEqual(ids.map((_, i) => `fn-${i + 1}`));
    const annots = doc.getPages().flatMap((p) => p.node.Annots()?.asArray() ?? []);
    const contents = annots.flatMap((a) => textOf(doc.context.lookup(a, PDFDict).lookup(PDFName.of("Contents"))) ?? []);
    expect(contents.some((c) => /^Note 1: Jane Smith and Anna Jones/.test(c))).toBe(true);
  });

  it("prints the full note, and the bibliography in the style's form", () => {
    const t = pdfText(pdf).replace(/\s+/g, " ");
    expect(t).toContain("Jane Smith and Anna Jones, “Open Weights and the Cost of Inference,”");
    expect(t).toContain("Smith, Jane, and Anna Jones. “Open Weights and the Cost of Inference.”");
  });
});
