import path from "node:path";
import { readFileSync } from "node:fs";
import { PDFDict, PDFDocument, PDFName } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { checkPdfUa } from "../../src/checks/pdfua/index.js";
import { readStructTree, textOf, typeOf } from "../../src/lib/pdf/structure.js";
import { REAL_SEAMS, runBuild } from "../../src/pipeline/index.js";
import { htmlAccessibility } from "../../src/stages/5-layout/index.js";
import { FIXTURES, pdfText, tempProject } from "../helpers.js";

/**
 * The references fixture (test/fixtures/references: references.json) built
 * with the real browser, in an author-date style (apa) and a note style
 * (chicago-notes). Both pass the project's PDF/UA-1 checker and print
 * citeproc-js's text. In APA the reference list is tagged as a list; in
 * the note style each citation is an endnote of the one notes mechanism
 * (issue 27), so in the PDF it is a `Note` with its own /ID whose mark is a
 * `Link` with /Contents.
 */

/** The fixture built in `style`: its PDF and HTML. */
async function buildIn(style: string): Promise<{ pdf: string; html: string }> {
  const brief = readFileSync(path.join(FIXTURES, "references/content/refs/brief.yaml"), "utf8");
  const root = tempProject(
    { "content/refs/brief.yaml": brief.replace("citation_style: apa", `citation_style: ${style}`) },
    "references",
  );
  const r = await runBuild(
    { root, cache: false, env: { ...process.env, SOURCE_DATE_EPOCH: "1739145600" } },
    REAL_SEAMS,
  );
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  expect(r.exitCode).toBe(0);
  return { pdf: path.join(root, "output", "refs-alpha.pdf"), html: path.join(root, "output", "refs-alpha.html") };
}

/** The fixture built in `style`, once for the describe block that calls this; and the checker test they share. */
function builtIn(style: string): { pdf: string; html: string } {
  const out = { pdf: "", html: "" };
  beforeAll(async () => Object.assign(out, await buildIn(style)));
  it("passes every PDF/UA-1 condition of the project's checker", async () => {
    const passages = htmlAccessibility(readFileSync(out.html, "utf8")).passages;
    const report = await checkPdfUa(readFileSync(out.pdf), { passages });
    expect([...report.failures.keys()]).toEqual([]);
    expect(report.checked).toContain("pdf/note-id");
  });
  return out;
}

describe("an apa edition's PDF", () => {
  const built = builtIn("apa");

  it("prints the in-text citations and the reference list, tagged as a list of two", async () => {
    const t = pdfText(built.pdf);
    expect(t).toContain("(Smith & Jones, 2024, p. 52)");
    expect(t).toContain("(DeepSeek, n.d.; Smith & Jones, 2024)");
    expect(t).toContain("Smith, J., & Jones, A. (2024). Open weights and the cost of inference.");
    expect(t).toContain("https://doi.org/10.1234/jaip.2024.003");
    const doc = await PDFDocument.load(readFileSync(built.pdf), { updateMetadata: false });
    const lists = (readStructTree(doc)?.all ?? []).filter((e) => typeOf(e) === "L");
    expect(lists.map((l) => l.kids.filter((k) => k.kind === "elem" && typeOf(k.elem) === "LI").length)).toContain(2);
  });
});

describe("a chicago-notes edition's PDF", () => {
  const built = builtIn("chicago-notes");

  it("tags each citation as a Note with an /ID, its mark a Link naming the note; prints the note and bibliography", async () => {
    const doc = await PDFDocument.load(readFileSync(built.pdf), { updateMetadata: false });
    const all = readStructTree(doc)?.all ?? [];
    const ids = all.filter((e) => typeOf(e) === "Note").map((e) => textOf(e.dict.lookup(PDFName.of("ID"))));
    expect(ids.length).toBeGreaterThanOrEqual(2);
    expect(ids).toEqual(ids.map((_, i) => `fn-${i + 1}`));
    const annots = doc.getPages().flatMap((p) => p.node.Annots()?.asArray() ?? []);
    const contents = annots.flatMap((a) => textOf(doc.context.lookup(a, PDFDict).lookup(PDFName.of("Contents"))) ?? []);
    expect(contents.some((c) => /^Note 1: Jane Smith and Anna Jones/.test(c))).toBe(true);
    const t = pdfText(built.pdf).replace(/\s+/g, " ");
    expect(t).toContain("Jane Smith and Anna Jones, “Open Weights and the Cost of Inference,”");
    expect(t).toContain("Smith, Jane, and Anna Jones. “Open Weights and the Cost of Inference.”");
  });
});
