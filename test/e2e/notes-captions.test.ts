import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { PDFDict, PDFDocument, PDFName } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { checkPdfUa } from "../../src/checks/pdfua/index.js";
import { descendants, readStructTree, textOf, typeOf, type StructElem } from "../../src/lib/pdf/structure.js";
import { REAL_SEAMS, runBuild } from "../../src/pipeline/index.js";
import { htmlAccessibility } from "../../src/stages/5-layout/index.js";
import { axeViolations, tempProject, vnuErrors } from "../helpers.js";

/**
 * The notes-and-captions fixture (test/fixtures/constructs-notes: two
 * sections that both use [^1], a captioned table and figure with ids,
 * @tbl-/@fig- references, links to a note, a table and a chart) built with
 * the real browser. Before footnotes and links to any id were built, this
 * edition was refused (`pdf/link-contents`); now its PDF passes the
 * project's PDF/UA-1 checker, each note is a `Note` with its own /ID, each
 * link's /Contents names its target, captions are `Caption`s inside their
 * `Table` or figure `Div`, poppler reads it without a warning, and the HTML
 * passes vnu and axe.
 */

let pdf = "";
let html = "";
let doc: PDFDocument;

beforeAll(async () => {
  const root = tempProject({}, "constructs-notes");
  const r = await runBuild(
    { root, cache: false, env: { ...process.env, SOURCE_DATE_EPOCH: "1739145600" } },
    REAL_SEAMS,
  );
  expect(r.diagnostics.filter((d) => d.severity !== "info").map((d) => `${d.ruleId}: ${d.message}`)).toEqual([]);
  expect(r.exitCode).toBe(0);
  pdf = path.join(root, "output", "notes-reader.pdf");
  html = path.join(root, "output", "notes-reader.html");
  doc = await PDFDocument.load(readFileSync(pdf), { updateMetadata: false });
});

const roleOf = (e: StructElem): string => typeOf(e);

describe("the notes-and-captions fixture", () => {
  it("passes every PDF/UA-1 condition of the project's checker", async () => {
    const report = await checkPdfUa(readFileSync(pdf), {
      passages: htmlAccessibility(readFileSync(html, "utf8")).passages,
    });
    expect([...report.failures.keys()]).toEqual([]);
    expect(report.checked).toContain("pdf/note-id");
    expect(report.checked).toContain("pdf/link-contents");
  });

  it("makes each endnote a Note with its own /ID, numbered across sections in reading order", () => {
    const tree = readStructTree(doc);
    const notes = tree?.all.filter((e) => roleOf(e) === "Note") ?? [];
    expect(notes.map((n) => textOf(n.dict.lookup(PDFName.of("ID"))))).toEqual(["fn-1", "fn-2", "fn-3"]);
    for (const n of notes) expect(n.parent && roleOf(n.parent)).toBe("LBody");
    const idTree = tree?.root.lookup(PDFName.of("IDTree"));
    expect(idTree).toBeInstanceOf(PDFDict);
  });

  it("gives every link a /Contents that names its target", () => {
    const described: string[] = [];
    for (const p of doc.getPages()) {
      const annots = p.node.Annots();
      for (let i = 0; i < (annots?.size() ?? 0); i++) {
        const a = annots?.lookup(i);
        if (a instanceof PDFDict) described.push(textOf(a.lookup(PDFName.of("Contents"))) ?? "");
      }
    }
    expect(described).not.toContain("");
    expect(described).toContain("Note 1: The reported cost covers the final training run only, not research or…");
    expect(described).toContain("Note 3: A like-for-like comparison would need both to count the same things.");
    expect(described).toContain("Table 1: The reported cost and the outside estimate");
    expect(described).toContain("Figure 1: The reported cost is a small fraction of the outside estimate");
    expect(described).toContain("Figure 2: A small blue square standing for a chart that is not drawn");
    expect(described).toContain("Back to the reference to note 1");
  });

  it("puts each caption in a Caption inside its Table or figure Div", () => {
    const tree = readStructTree(doc);
    const captionOf = (e: StructElem): string | undefined => {
      const c = e.kids.find((k) => k.kind === "elem" && roleOf(k.elem) === "Caption");
      return c?.kind === "elem" ? "Caption" : undefined;
    };
    const tables = tree?.all.filter((e) => roleOf(e) === "Table") ?? [];
    expect(tables.map(captionOf)).toEqual(["Caption"]);
    const figureDivs = (tree?.all ?? []).filter(
      (e) => roleOf(e) === "Div" && descendants(e).some((d) => roleOf(d) === "Figure"),
    );
    expect(figureDivs.map(captionOf)).toEqual(["Caption", "Caption"]);
  });

  it("is read by poppler without a warning", () => {
    const r = spawnSync("pdfinfo", ["-struct-text", pdf], { encoding: "utf8" });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    expect(r.stdout).toContain("Note <fn-2>");
    expect(r.stdout).toContain('"Table 1:"');
  });

  it("HTML: doc-noteref and doc-endnotes roles, 0 errors from vnu and 0 axe violations", async () => {
    const text = readFileSync(html, "utf8");
    expect(text).toContain('<a id="fnref-1" href="#fn-1" role="doc-noteref">1</a>');
    expect(text).toContain('role="doc-endnotes"');
    expect(text).toContain('<a href="#fnref-3" role="doc-backlink"');
    expect(vnuErrors([html])).toEqual([]);
    expect(await axeViolations(html)).toEqual([]);
  });
});
