import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { PDFDocument, PDFName } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { checkPdfUa } from "../../src/checks/pdfua/index.js";
import type { Diagnostic } from "../../src/diagnostics/index.js";
import { readStructTree, textOf, typeOf } from "../../src/lib/pdf/structure.js";
import { REAL_SEAMS, runBuild } from "../../src/pipeline/index.js";
import { htmlAccessibility } from "../../src/stages/5-layout/index.js";
import { axeViolations, pdfFonts, tempProject, vnuErrors } from "../helpers.js";

/**
 * Issue 27's "done when": one brief written as docs/authoring.md says, with
 * every construct in it (test/fixtures/every-construct: footnotes, a
 * captioned table with empty cells and a row of nothing but empty cells, a line chart from a CSV file (whose data table is hidden in print), a chart and an image figure with ids,
 * @tbl-/@fig- cross-references, links to a note, a table and a chart, a
 * definition list, code, a decorative and a described image, passages in
 * French, Greek, Russian, Chinese and Arabic, a task list and a deletion)
 * builds with exit 0; its PDF passes the project's PDF/UA-1 checker, poppler
 * reads its structure without a warning, every font in it is a bundled one,
 * and its HTML passes vnu and axe.
 */

const BUNDLED = /^[A-Z]{6}\+(SourceSerif4|SourceSans3|NotoSansSC|NotoSansArabic|NotoSansMono)/;

let pdf = "";
let html = "";
let diagnostics: readonly Diagnostic[] = [];
let exitCode = -1;

beforeAll(async () => {
  const root = tempProject({}, "every-construct");
  const r = await runBuild(
    { root, cache: false, env: { ...process.env, SOURCE_DATE_EPOCH: "1739145600" } },
    REAL_SEAMS,
  );
  diagnostics = r.diagnostics;
  exitCode = r.exitCode;
  pdf = path.join(root, "output", "every-reader.pdf");
  html = path.join(root, "output", "every-reader.html");
});

describe("a brief using every construct the authoring guide documents", () => {
  it("builds with exit 0, saying only that the decorative image is decorative", () => {
    expect(diagnostics.map((d) => `${d.file}:${d.line} ${d.severity} ${d.ruleId}: ${d.message}`)).toEqual([
      expect.stringMatching(/^content\/every\/sections\/10-constructs\.md:\d+ info markdown\/image-decorative: /),
    ]);
    expect(exitCode).toBe(0);
  });

  it("passes the project's PDF/UA-1 checker, with every marked passage carrying its /Lang", async () => {
    const passages = htmlAccessibility(readFileSync(html, "utf8")).passages;
    expect(new Set(passages.map((p) => p.lang))).toEqual(new Set(["fr", "zh-Hans", "ar", "el", "ru"]));
    const report = await checkPdfUa(readFileSync(pdf), { passages });
    expect([...report.failures.keys()]).toEqual([]);
    for (const rule of [
      "pdf/table-columns",
      "pdf/lang-passage",
      "pdf/note-id",
      "pdf/link-contents",
      "pdf/font-bundled",
    ])
      expect(report.checked, rule).toContain(rule);
    const doc = await PDFDocument.load(readFileSync(pdf), { updateMetadata: false });
    const langs = (readStructTree(doc)?.all ?? []).flatMap((e) => textOf(e.dict.lookup(PDFName.of("Lang"))) ?? []);
    // Arabic is printed in visual order; the passage is still found by its letters (passageKey) and gets its /Lang.
    for (const l of ["fr", "zh-Hans", "el", "ru", "ar"]) expect(langs, l).toContain(l);
    // And the checker notices when it is missing.
    for (const e of readStructTree(doc)?.all ?? [])
      if (textOf(e.dict.lookup(PDFName.of("Lang"))) === "ar") e.dict.delete(PDFName.of("Lang"));
    const stripped = await checkPdfUa(await doc.save(), { passages });
    expect([...stripped.failures.keys()]).toEqual(["pdf/lang-passage"]);
  });

  it("has the structure each construct needs: Note, Link, Caption, L/Lbl/LBody, Code, empty TDs, no Form", async () => {
    const doc = await PDFDocument.load(readFileSync(pdf), { updateMetadata: false });
    const all = readStructTree(doc)?.all ?? [];
    const types = new Set(all.map(typeOf));
    for (const t of ["Note", "Link", "Caption", "Table", "L", "Lbl", "LBody", "Code", "TD", "TH"])
      expect(types, t).toContain(t);
    expect(types.has("Form")).toBe(false);
    const notes = all.filter((e) => typeOf(e) === "Note").map((e) => textOf(e.dict.lookup(PDFName.of("ID"))));
    expect(notes).toEqual(["fn-1", "fn-2"]);
    const emptyCells = all.filter((e) => typeOf(e) === "TD" && e.dict.lookup(PDFName.of("K")) === undefined);
    expect(emptyCells.length).toBeGreaterThanOrEqual(2);
    // The first table: a header row and three body rows, one of them nothing but empty cells (Chromium tags no TR
    // for it), each row three cells wide.
    const table = all.find((e) => typeOf(e) === "Table");
    const rows = table ? all.filter((e) => typeOf(e) === "TR" && [e.parent, e.parent?.parent].includes(table)) : [];
    expect(
      rows.map((r) => r.kids.filter((k) => k.kind === "elem" && ["TD", "TH"].includes(typeOf(k.elem))).length),
    ).toEqual([3, 3, 3, 3]);
    expect(rows[2]?.parent?.dict.get(PDFName.of("S"))?.toString()).toBe(
      rows[1]?.parent?.dict.get(PDFName.of("S"))?.toString(),
    );
  });

  it("is read by poppler without a warning, and sets every glyph in a bundled face", () => {
    const s = spawnSync("pdfinfo", ["-struct-text", pdf], { encoding: "utf8" });
    expect(s.status).toBe(0);
    expect(s.stderr).toBe("");
    const fonts = pdfFonts(pdf);
    expect(fonts.length).toBeGreaterThan(0);
    expect(fonts.filter((f) => !BUNDLED.test(f.name)).map((f) => f.name)).toEqual([]);
  });

  it("has HTML that vnu and axe find no fault with", async () => {
    expect(vnuErrors([html])).toEqual([]);
    expect(await axeViolations(html)).toEqual([]);
  });
});
