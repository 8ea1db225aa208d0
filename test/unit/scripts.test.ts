import { PDFDocument, PDFName } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { joinedPair, htmlWords } from "../../src/checks/pdfua/words.js";
import { readPageContent } from "../../src/lib/pdf/marked.js";
import { prepareProject } from "../../src/pipeline/prepare.js";
import { toUnicodeCMap } from "../../src/stages/7-pdf/actual-text.js";
import { markArtifacts } from "../../src/stages/7-pdf/artifacts.js";
import { lineEndSpaces } from "../../src/stages/7-pdf/spaces.js";
import { fontsFor } from "../../src/stages/5-layout/fonts.js";
import { tableShapes } from "../../src/stages/5-layout/table-shape.js";
import { tempProject } from "../helpers.js";

/**
 * Issue 27, part C, without a browser: the fonts chosen for Arabic and
 * code, a character no bundled face has reported at the section's line,
 * line-end spaces for a font subset without a space glyph, CSS separators
 * on a body line marked as /Layout artifacts, the HTML's table shapes, and
 * the joined-word test the checker uses.
 */

/** A one-page PDF with two simple fonts: /Gr (Greek letters, no space glyph) and /La (Latin, with a space). */
async function twoFontPage(content: string): Promise<ReturnType<typeof readPageContent>> {
  const doc = await PDFDocument.create();
  const p = doc.addPage([600, 800]);
  const font = (name: string, map: Map<number, string>): ReturnType<typeof doc.context.register> =>
    doc.context.register(
      doc.context.obj({
        Type: "Font",
        Subtype: "TrueType",
        BaseFont: name,
        ToUnicode: doc.context.register(doc.context.flateStream(Buffer.from(toUnicodeCMap(map, 1), "latin1"))),
      }),
    );
  const gr = font(
    "AAAAAA+SourceSerif4-Regular",
    new Map([
      [1, "α"],
      [2, "β"],
    ]),
  );
  const la = font(
    "BAAAAA+SourceSerif4-Regular",
    new Map([
      [3, " "],
      [4, "x"],
    ]),
  );
  p.node.set(PDFName.of("Resources"), doc.context.obj({ Font: { Gr: gr, La: la } }));
  const bytes = Buffer.from(content, "latin1");
  p.node.set(PDFName.of("Contents"), doc.context.register(doc.context.flateStream(bytes)));
  return readPageContent(doc, p.node);
}

describe("line-end spaces for every script", () => {
  it("takes the space from another font of the page when the line's font subset has none, then selects the line's font again", async () => {
    const read = await twoFontPage(
      [
        "/P <</MCID 0>> BDC BT /La 10 Tf 1 0 0 1 50 500 Tm <04> Tj ET",
        "BT /Gr 10 Tf 1 0 0 1 50 400 Tm <0102> Tj ET",
        "BT /Gr 10 Tf 1 0 0 1 50 380 Tm <0201> Tj ET EMC",
      ].join("\n"),
    );
    const spaces = [...lineEndSpaces(read).values()];
    // After "x" (its own font's space), after "αβ" (the Latin font's space, then Gr again), and at the page's end.
    expect(spaces).toEqual(["<03> Tj", "/La 10 Tf <03> Tj /Gr 10 Tf", "/La 10 Tf <03> Tj /Gr 10 Tf"]);
  });
});

describe("/Layout artifacts", () => {
  it("marks untagged text on a line of tagged text as layout even in the header band; a running header stays pagination", async () => {
    const src = [
      "BT /La 10 Tf 1 0 0 1 50 780 Tm <04> Tj ET",
      "/P <</MCID 0>> BDC BT /La 10 Tf 1 0 0 1 50 740 Tm <04> Tj ET EMC",
      "BT /La 10 Tf 1 0 0 1 70 740 Tm <04> Tj ET",
      "/P <</MCID 1>> BDC BT /La 10 Tf 1 0 0 1 90 740 Tm <04> Tj ET EMC",
    ].join("\n");
    const read = await twoFontPage(src);
    const bytes = Buffer.from(src, "latin1");
    const out = Buffer.from(markArtifacts(bytes, read, new Set(), { headerY: 700, footerY: 100 }).bytes)
      .toString("latin1")
      .replace(/\s+/g, " ");
    expect(out).toContain("/Artifact <</Type /Pagination /Subtype /Header>> BDC BT /La 10 Tf 1 0 0 1 50 780 Tm");
    expect(out).toContain("/Artifact <</Type /Layout>> BDC BT /La 10 Tf 1 0 0 1 70 740 Tm");
    expect(out.match(/Subtype \/Header/g)).toHaveLength(1);
  });
});

describe("bundled faces", () => {
  it("chooses Noto Sans Arabic for Arabic, Noto Sans Mono only for code, and nothing from the system", () => {
    const from = process.cwd();
    const plain = fontsFor("Rules cross borders. يتطلب تنظيم", from);
    expect(plain.missing).toEqual([]);
    expect(plain.css).toContain("font-family: 'Noto Sans Arabic'");
    expect(plain.css).not.toContain("Noto Sans Mono");
    const code = fontsFor("Some code: return part / budget", from, "return part / budget");
    expect(code.css).toContain("font-family: 'Noto Sans Mono'");
    expect(code.assets.map((a) => a.to).filter((t) => t.includes("noto-sans-mono"))).not.toEqual([]);
  });

  it("believes a font file's glyphs, not its unicode-range: ☑ is claimed by a Noto Sans SC slice that lacks it", () => {
    const from = process.cwd();
    // U+25A3 (▣) and U+25A1 (□) are in that slice's range and in its file; U+2611 (☑) only in its range.
    const marks = fontsFor("Done ▣ open □ checked ☑", from);
    expect(marks.missing).toEqual([0x2611]);
    expect(marks.css).toContain("font-family: 'Noto Sans SC'");
    expect(fontsFor("Done ▣ open □", from).missing).toEqual([]);
  });

  it("reports a character no bundled face covers at the section's file, line and column, and refuses an emoji there", async () => {
    const section = [
      "---",
      "id: common",
      "title: Common section",
      "order: 10",
      "---",
      'Everyone reads that {{fact "chips"}} were bought. The odd value is {{fact "tricky"}}.',
      "",
      "Ol Chiki has the letter ᱚ, which no bundled face has.",
      "",
      "A rocket 🚀 is an emoji.",
      "",
      "A ballot box with a check ☑ is claimed by a CJK slice that has no glyph for it.",
      "",
    ].join("\n");
    const root = tempProject({ "content/mini/sections/10-common.md": section });
    const { diagnostics } = await prepareProject({ root, audiences: ["alpha"], cache: false });
    const glyphs = diagnostics.filter((d) => d.ruleId === "fonts/missing-glyph");
    expect(glyphs.map((d) => `${d.file}:${d.line}:${d.column} ${d.severity}`)).toEqual([
      "content/mini/sections/10-common.md:8:25 error",
      "content/mini/sections/10-common.md:10:10 error",
      "content/mini/sections/10-common.md:12:27 error",
    ]);
    expect(glyphs[0]?.message).toContain("U+1C5A");
    expect(glyphs[1]?.message).toMatch(/U\+1F680.*emoji/);
  });
});

describe("table shapes", () => {
  it("says which cells of each row are header cells, empty, and how far they span", () => {
    const html =
      "<table><thead><tr><th></th><th>A</th></tr></thead><tbody><tr><td> </td><td colspan=2><img alt=x src=a.png></td></tr></tbody></table>";
    expect(tableShapes(html)).toEqual([
      [
        [
          { header: true, empty: true, colspan: 1, rowspan: 1 },
          { header: true, empty: false, colspan: 1, rowspan: 1 },
        ],
        [
          { header: false, empty: true, colspan: 1, rowspan: 1 },
          { header: false, empty: false, colspan: 2, rowspan: 1 },
        ],
      ],
    ]);
  });
});

describe("joined words", () => {
  it("finds a tagged word that is two of the HTML's words run together, in any script", () => {
    const words = htmlWords(
      "<p>Η ρύθμιση απαιτεί διεθνή συνεργασία.</p><p>требует <b>между</b>народного сотрудничества</p>",
    );
    expect(words.has("международного")).toBe(true);
    expect(joinedPair("απαιτείδιεθνή", words)).toEqual(["απαιτεί", "διεθνή"]);
    expect(joinedPair("международногосотрудничества,", words)).toEqual(["международного", "сотрудничества"]);
    expect(joinedPair("международного", words)).toBeUndefined();
    expect(joinedPair("συνεργασία.", words)).toBeUndefined();
  });
});
