import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PDFDocument, PDFName } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { checkPdfUa, htmlWords } from "../../src/checks/pdfua/index.js";
import { joinedPair } from "../../src/checks/pdfua/words.js";
import { readStructTree, typeOf, type StructElem } from "../../src/lib/pdf/structure.js";
import { REAL_SEAMS, runBuild } from "../../src/pipeline/index.js";
import { htmlAccessibility } from "../../src/stages/5-layout/index.js";
import { tempProject } from "../helpers.js";

/**
 * Issue 27, part C, in the browser: the scripts fixture (test/fixtures/
 * scripts: Greek and Russian paragraphs that wrap over several lines, an
 * Arabic paragraph, Chinese, a table with empty cells and a code block)
 * builds; its PDF passes the project's checker; every font in it is a
 * bundled face; no word is joined at a line end; the empty cells are in
 * the structure and every row has the same number of columns. Then a
 * character no bundled face has is an error at its section's line, and
 * the good PDF stays as it was.
 */

const EPOCH = "1739145600";
const BUNDLED = ["SourceSerif4", "SourceSans3", "NotoSansSC", "NotoSansArabic", "NotoSansMono"];
let root = "";
let pdf = "";
let html = "";

beforeAll(async () => {
  root = tempProject({}, "scripts");
  const r = await runBuild({ root, cache: false, env: { ...process.env, SOURCE_DATE_EPOCH: EPOCH } }, REAL_SEAMS);
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  expect(r.exitCode).toBe(0);
  pdf = path.join(root, "output", "scripts-reader.pdf");
  html = path.join(root, "output", "scripts-reader.html");
});

/** The quoted text lines of `pdfinfo -struct-text`. */
const structText = (): { stdout: string; stderr: string; lines: string[] } => {
  const r = spawnSync("pdfinfo", ["-struct-text", pdf], { encoding: "utf8" });
  return { ...r, lines: [...r.stdout.matchAll(/"(.*)"$/gm)].map((m) => m[1] ?? "") };
};

describe("the scripts fixture's PDF", () => {
  it("passes every condition of the project's checker, joined words and bundled fonts included", async () => {
    const page = readFileSync(html, "utf8");
    const report = await checkPdfUa(readFileSync(pdf), {
      passages: htmlAccessibility(page).passages,
      words: htmlWords(page),
    });
    expect([...report.failures.keys()]).toEqual([]);
    expect(report.checked).toEqual(
      expect.arrayContaining(["pdf/table-columns", "pdf/word-joined", "pdf/form-widget", "pdf/font-bundled"]),
    );
  });

  it("embeds only bundled faces: Arabic in Noto Sans Arabic, code in Noto Sans Mono", () => {
    const out = execFileSync("pdffonts", [pdf], { encoding: "utf8" });
    const names = out
      .split("\n")
      .slice(2)
      .map((l) => l.split(/\s+/)[0]?.replace(/^[A-Z]{6}\+/, "") ?? "")
      .filter((n) => n !== "");
    expect(names.filter((n) => !BUNDLED.some((b) => n.startsWith(b)))).toEqual([]);
    expect(names.some((n) => n.startsWith("NotoSansArabic"))).toBe(true);
    expect(names.some((n) => n.startsWith("NotoSansMono"))).toBe(true);
  });

  it("reads the Greek and Russian paragraphs with a space at every line end, and no word joined anywhere", () => {
    const { stderr, lines } = structText();
    expect(stderr).toBe("");
    const squash = (s: string): string => s.replace(/\s+/g, " ").trim();
    const source = readFileSync(path.join(root, "content/scripts/sections/10-languages.md"), "utf8");
    for (const start of ["Η ρύθμιση", "Регулирование"]) {
      const paragraph = source.split("\n").find((l) => l.startsWith(start)) ?? "";
      expect(paragraph.length).toBeGreaterThan(300);
      expect(lines.map(squash)).toContain(squash(paragraph));
    }
    const words = htmlWords(readFileSync(html, "utf8"));
    const joined = lines.flatMap((l) => l.split(/\s+/)).filter((t) => joinedPair(t, words) !== undefined);
    expect(joined).toEqual([]);
  });

  it("keeps the empty cells as empty TD and TH, so every row spans three columns", async () => {
    const doc = await PDFDocument.load(readFileSync(pdf), { updateMetadata: false });
    const tree = readStructTree(doc);
    const table = tree?.all.find((e) => typeOf(e) === "Table");
    if (!table) throw new Error("no Table");
    const rows: StructElem[] = [];
    const walk = (e: StructElem): void => {
      for (const k of e.kids) {
        if (k.kind !== "elem") continue;
        if (typeOf(k.elem) === "TR") rows.push(k.elem);
        else walk(k.elem);
      }
    };
    walk(table);
    const shape = rows.map((r) =>
      r.kids.flatMap((k) => (k.kind === "elem" ? [`${typeOf(k.elem)}${k.elem.kids.length ? "" : " (empty)"}`] : [])),
    );
    expect(shape).toEqual([
      ["TH (empty)", "TH", "TH"],
      ["TD", "TD", "TD (empty)"],
      ["TD (empty)", "TD", "TD"],
      ["TD", "TD (empty)", "TD"],
    ]);
    const empty = rows[1]?.kids[2];
    const attrs = empty?.kind === "elem" ? empty.elem.dict.lookup(PDFName.of("A")) : undefined;
    expect(attrs?.toString()).toContain("/Headers");
  });

  it("refuses a character no bundled face has at its section's line, and leaves the good PDF as it was", async () => {
    const before = readFileSync(pdf);
    const file = path.join(root, "content/scripts/sections/20-gaps.md");
    const text = readFileSync(file, "utf8");
    writeFileSync(file, text.replace("The function", "The letter ᱚ and the function"));
    const line = text.split("\n").findIndex((l) => l.startsWith("The function")) + 1;
    const r = await runBuild({ root, cache: false, env: { ...process.env, SOURCE_DATE_EPOCH: EPOCH } }, REAL_SEAMS);
    expect(r.exitCode).not.toBe(0);
    const errors = r.diagnostics.filter((d) => d.severity === "error");
    expect(errors.map((d) => `${d.file}:${d.line}:${d.column} ${d.ruleId}`)).toEqual([
      `content/scripts/sections/20-gaps.md:${line}:12 fonts/missing-glyph`,
    ]);
    expect(errors[0]?.message).toContain("U+1C5A");
    expect(readFileSync(pdf).equals(before)).toBe(true);
  });
});
