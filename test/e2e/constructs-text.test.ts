import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { PDFDocument, PDFName } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { checkPdfUa } from "../../src/checks/pdfua/index.js";
import type { Diagnostic } from "../../src/diagnostics/index.js";
import { readStructTree, textOf, typeOf } from "../../src/lib/pdf/structure.js";
import { REAL_SEAMS, runBuild } from "../../src/pipeline/index.js";
import { htmlAccessibility } from "../../src/stages/5-layout/index.js";
import { axeViolations, tempProject, vnuErrors } from "../helpers.js";

/**
 * The text constructs of issue 27 (part B), built with the real browser from
 * their own fixture brief (test/fixtures/constructs-text): a definition
 * list, passages in French, Greek and Russian, a decorative and a described
 * image (with a title), a fenced and an indented code block, inline code, a
 * task list and strikethrough. The PDF's structure is read back with
 * pdf-lib and poppler, the PDF passes the project's checker (which fails
 * once a passage's /Lang is taken away), and the HTML passes vnu and axe.
 */

let pdf = "";
let html = "";
let diagnostics: readonly Diagnostic[] = [];
let structText = "";

beforeAll(async () => {
  const root = tempProject({}, "constructs-text");
  const r = await runBuild(
    { root, cache: false, env: { ...process.env, SOURCE_DATE_EPOCH: "1739145600" } },
    REAL_SEAMS,
  );
  diagnostics = r.diagnostics;
  expect(r.diagnostics.filter((d) => d.severity !== "info")).toEqual([]);
  expect(r.exitCode).toBe(0);
  pdf = path.join(root, "output", "constructs-reader.pdf");
  html = path.join(root, "output", "constructs-reader.html");
  const s = spawnSync("pdfinfo", ["-struct-text", pdf], { encoding: "utf8" });
  expect(s.stderr, "poppler reads the structure without a warning").toBe("");
  structText = s.stdout;
});

async function tree(): Promise<{ doc: PDFDocument; all: NonNullable<ReturnType<typeof readStructTree>>["all"] }> {
  const doc = await PDFDocument.load(readFileSync(pdf), { updateMetadata: false });
  const t = readStructTree(doc);
  if (!t) throw new Error("no structure tree");
  return { doc, all: t.all };
}

describe("the constructs fixture's PDF", () => {
  it("says the decorative image is decorative, at its line", () => {
    expect(diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity} ${d.ruleId}`)).toEqual([
      "content/constructs/sections/10-constructs.md:24:1 info markdown/image-decorative",
    ]);
  });

  it("tags the definition list as L / LI / Lbl (term) / LBody (definition)", () => {
    expect(structText).toMatch(
      /L \(block\):\n\s+\/ListNumbering \/None\n\s+LI \(block\)\n\s+Lbl \(block\)\n\s+NonStruct\n\s+"Reported cost "\n\s+LBody \(block\)\n\s+NonStruct\n\s+"The amount the company says/,
    );
    expect(structText).toMatch(/LI \(block\)\n\s+Lbl \(block\)\n\s+NonStruct\n\s+"Outside estimate "\n\s+LBody/);
  });

  it("keeps each line of a code block apart in the tagged text, inside Code elements", () => {
    expect(structText).toMatch(
      /Code \(inline\)\n\s+NonStruct\n\s+"def share\(cost, estimate\):"\n\s+NonStruct\n\s+" {4}# the reported cost as a share"\n\s+NonStruct\n\s+" {4}return cost \/ estimate ?"/,
    );
    expect(structText).toMatch(
      /Code \(inline\)\n\s+NonStruct\n\s+"total = cost \+ estimate ?"\n\s+NonStruct\n\s+"print\(total\) ?"/,
    );
    expect(structText).toMatch(/Code \(inline\)\n\s+NonStruct\n\s+"share\(cost, estimate\)"/);
  });

  it("marks the French, Greek and Russian passages with their /Lang", async () => {
    const { all } = await tree();
    const langs = all.flatMap((e) => {
      const l = textOf(e.dict.lookup(PDFName.of("Lang")));
      return l === undefined ? [] : [l];
    });
    for (const l of ["fr", "el", "ru"]) expect(langs, l).toContain(l);
  });

  it("has no Form, one described Figure, the task marks' Figures, and the decorative image only as an artifact", async () => {
    const { all } = await tree();
    expect(all.filter((e) => typeOf(e) === "Form")).toEqual([]);
    const figures = all.filter((e) => typeOf(e) === "Figure").map((e) => textOf(e.dict.lookup(PDFName.of("Alt"))));
    expect(figures).toEqual([
      "A small blue square standing for a chart that is not drawn. Drawn for the tests",
      "done",
      "to do",
    ]);
    const content = execFileSync("qpdf", ["--qdf", "--object-streams=disable", pdf, "-"]).toString("latin1");
    const painted = [...content.matchAll(/^(\/\S+ <<[^\n]*>> ?BDC)\n\/X\d+ Do$/gm)].map((m) => m[1]?.split(" ")[0]);
    expect(painted.sort()).toEqual(["/Artifact", "/Figure"]);
  });

  it("says a deletion is deleted: a Span struck through, described as deleted", async () => {
    const { all } = await tree();
    const del = all.find((e) => textOf(e.dict.lookup(PDFName.of("Alt")))?.startsWith("deleted:"));
    expect(del && typeOf(del)).toBe("Span");
    expect(del && textOf(del.dict.lookup(PDFName.of("Alt")))).toBe("deleted: one billion dollars");
    expect(structText).toMatch(
      /Span \(inline\):\n\s+\/TextDecorationType \/LineThrough\n\s+NonStruct\n\s+"one billion dollars"/,
    );
  });

  it("passes the project's PDF/UA-1 checker, whose pdf/lang-passage fails when a passage loses its /Lang", async () => {
    const passages = htmlAccessibility(readFileSync(html, "utf8")).passages;
    expect(passages.map((p) => p.lang).sort()).toEqual(["el", "fr", "ru", "zh-Hans"]);
    const good = await checkPdfUa(readFileSync(pdf), { passages });
    expect([...good.failures.keys()]).toEqual([]);
    const { doc, all } = await tree();
    const fr = all.filter((e) => textOf(e.dict.lookup(PDFName.of("Lang"))) === "fr");
    expect(fr.length).toBe(1);
    for (const e of fr) e.dict.delete(PDFName.of("Lang"));
    const stripped = await checkPdfUa(await doc.save({ useObjectStreams: false }), { passages });
    expect([...stripped.failures.keys()]).toEqual(["pdf/lang-passage"]);
  });
});

describe("the constructs fixture's HTML", () => {
  it("passes the W3C Nu checker", () => {
    expect(vnuErrors([html])).toEqual([]);
  });

  it("passes axe-core with zero violations, and has no form field", async () => {
    expect(readFileSync(html, "utf8")).not.toContain("<input");
    expect(await axeViolations(html)).toEqual([]);
  });
});
