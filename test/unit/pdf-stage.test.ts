import { PDFArray, PDFDict, PDFDocument, PDFHexString, PDFName, PDFStream } from "pdf-lib";
import { beforeAll, describe, expect, it } from "vitest";
import { pageContent, streamBytes } from "../../src/lib/pdf/content.js";
import { readPageContent } from "../../src/lib/pdf/marked.js";
import { hexText, nameOf, readStructTree, textOf, typeOf } from "../../src/lib/pdf/structure.js";
import { tokenize, type Operation } from "../../src/lib/pdf/tokens.js";
import { planActualText } from "../../src/stages/7-pdf/actual-text.js";
import { markArtifacts } from "../../src/stages/7-pdf/artifacts.js";
import { finalizePdf, type PdfMeta } from "../../src/stages/7-pdf/index.js";
import { lineEndSpaces } from "../../src/stages/7-pdf/spaces.js";
import { fixtureMeta, RAW } from "./pdfua-support.js";
import { limit } from "../slowness.js";

/**
 * The PDF stage's post-processing: artifact marking on small hand-written
 * streams (what is wrapped, where a wrapper must close), spaces at line
 * ends, ActualText folding, and on Chromium's real print of the fixture:
 * nothing that paints changes, the structure gets its PDF/UA shape, the XMP
 * says what the Info dictionary says, and the output is byte-reproducible.
 */

/** A one-page PDF whose content is `content`, read as the stage reads it. */
async function page(content: string): Promise<{ bytes: Uint8Array; read: ReturnType<typeof readPageContent> }> {
  const doc = await PDFDocument.create();
  const p = doc.addPage([600, 800]);
  const bytes = Buffer.from(content, "latin1");
  p.node.set(PDFName.of("Contents"), doc.context.register(doc.context.flateStream(bytes)));
  return { bytes, read: readPageContent(doc, p.node) };
}

const BAND = { headerY: 700, footerY: 100 };
const text = (b: Uint8Array): string => Buffer.from(b).toString("latin1").replace(/\s+/g, " ").trim();

describe("markArtifacts", () => {
  it("wraps untagged header, footer and rule as artifacts of their kind, and leaves clips and tagged content alone", async () => {
    const src = [
      "BT 1 0 0 1 50 760 Tm (Head) Tj ET",
      "q 0 0 600 800 re W n",
      "/P <</MCID 0>> BDC BT 1 0 0 1 50 400 Tm (Body) Tj ET EMC",
      "Q",
      "0 300 100 1 re f",
      "BT 1 0 0 1 50 40 Tm (Page 1) Tj ET",
    ].join("\n");
    const { bytes, read } = await page(src);
    const r = markArtifacts(bytes, read, new Set(), BAND);
    expect(r.wrapped).toBe(3);
    expect(text(r.bytes)).toBe(
      [
        "/Artifact <</Type /Pagination /Subtype /Header>> BDC BT 1 0 0 1 50 760 Tm (Head) Tj ET EMC",
        "q 0 0 600 800 re W n",
        "/P <</MCID 0>> BDC BT 1 0 0 1 50 400 Tm (Body) Tj ET EMC",
        "Q",
        "/Artifact <</Type /Layout>> BDC 0 300 100 1 re f EMC",
        "/Artifact <</Type /Pagination /Subtype /Footer>> BDC BT 1 0 0 1 50 40 Tm (Page 1) Tj ET EMC",
      ].join(" "),
    );
  });

  it("closes a wrapper before a Q that ends its state, and before tagged content inside a text object", async () => {
    const src = "q 0 0 10 10 re f Q BT 1 0 0 1 50 400 Tm (a) Tj /P <</MCID 0>> BDC (b) Tj EMC (c) Tj ET";
    const { bytes, read } = await page(src);
    const out = text(markArtifacts(bytes, read, new Set(), BAND).bytes);
    expect(out).toBe(
      "q /Artifact <</Type /Layout>> BDC 0 0 10 10 re f EMC Q BT 1 0 0 1 50 400 Tm " +
        "/Artifact <</Type /Layout>> BDC (a) Tj EMC /P <</MCID 0>> BDC (b) Tj EMC " +
        "/Artifact <</Type /Layout>> BDC (c) Tj EMC ET",
    );
  });

  it("re-marks a decorative tagged sequence, and applies inserted and dropped operations", async () => {
    const src =
      "/Div <</MCID 3>> BDC 0 0 5 5 re f EMC /P <</MCID 4>> BDC /Span <</ActualText (x)>> BDC BT (y) Tj ET EMC EMC";
    const { bytes, read } = await page(src);
    const ops = tokenize(bytes);
    const span = ops.findIndex(
      (o) => o.op === "BDC" && o.operands[0]?.type === "name" && o.operands[0].value === "Span",
    );
    const show = ops.findIndex((o) => o.op === "Tj");
    const r = markArtifacts(bytes, read, new Set([3]), BAND, {
      after: new Map([[show, "<20> Tj"]]),
      drop: new Set([span, ops.length - 2]),
    });
    expect(r.remarked).toBe(1);
    expect(text(r.bytes)).toBe(
      "/Artifact <</Type /Layout>> BDC 0 0 5 5 re f EMC /P <</MCID 4>> BDC BT (y) Tj <20> Tj ET EMC",
    );
  });

  it("re-marks a repeated table header's sequence as a pagination artifact", async () => {
    const { bytes, read } = await page(
      "/NonStruct <</MCID 7>> BDC BT (Item) Tj ET EMC /P <</MCID 8>> BDC BT (x) Tj ET EMC",
    );
    const out = text(markArtifacts(bytes, read, new Set(), BAND, { repeated: new Set([7]) }).bytes);
    expect(out).toBe("/Artifact <</Type /Pagination>> BDC BT (Item) Tj ET EMC /P <</MCID 8>> BDC BT (x) Tj ET EMC");
  });

  it("returns the very same bytes when there is nothing to do", async () => {
    const { bytes, read } = await page("/P <</MCID 0>> BDC BT (x) Tj ET EMC");
    expect(markArtifacts(bytes, read, new Set(), BAND).bytes).toBe(bytes);
  });
});

/** The painting operations of a stream in order (marked content and inserted space shows left out). */
function painting(ops: readonly Operation[]): string[] {
  return ops.filter((o) => !["BDC", "BMC", "EMC"].includes(o.op)).map((o) => `${o.op} ${o.operands.length}`);
}

describe("the post-processing of Chromium's print of the fixture", () => {
  let meta: PdfMeta;
  let out: PDFDocument;
  let bytes: Uint8Array;

  beforeAll(async () => {
    meta = await fixtureMeta();
    bytes = (await finalizePdf(RAW, meta)).pdf;
    out = await PDFDocument.load(bytes, { updateMetadata: false });
  }, limit(60_000));

  it("changes no painting operation: it only adds marked content and a space glyph at wrapped line ends", async () => {
    const before = await PDFDocument.load(RAW);
    let spaces = 0;
    before.getPages().forEach((p, i) => {
      const a = painting(tokenize(pageContent(p.node)));
      const after = out.getPages()[i];
      if (!after) throw new Error(`page ${i + 1} is gone`);
      const b = painting(tokenize(pageContent(after.node)));
      const extra = b.length - a.length;
      // Removing the inserted "Tj" after some shows gives back the original sequence.
      let j = 0;
      for (const op of b) {
        if (op === a[j]) j++;
        else {
          expect(op).toBe("Tj 1");
          spaces++;
        }
      }
      expect(j).toBe(a.length);
      expect(extra).toBeGreaterThanOrEqual(0);
    });
    expect(spaces).toBeGreaterThan(0);
  });

  it("maps Chromium's PDF 2.0 types, gives list items a body, puts links in Link elements and describes them", () => {
    const tree = readStructTree(out);
    const roleMap = tree?.root.lookup(PDFName.of("RoleMap"));
    expect(roleMap instanceof PDFDict && nameOf(roleMap.get(PDFName.of("Strong")))).toBe("Span");
    expect(roleMap instanceof PDFDict && nameOf(roleMap.get(PDFName.of("Aside")))).toBe("Sect");
    for (const li of tree?.all.filter((e) => typeOf(e) === "LI") ?? []) {
      const kids = li.kids.map((k) => (k.kind === "elem" ? typeOf(k.elem) : k.kind));
      expect(kids.filter((k) => k !== "Lbl")).toEqual(["LBody"]);
    }
    const holders = tree?.all.filter((e) => e.kids.some((k) => k.kind === "objr")) ?? [];
    expect(new Set(holders.map(typeOf))).toEqual(new Set(["Link"]));
    const charts = tree?.all.filter(
      (e) => typeOf(e) === "Div" && e.kids.some((k) => k.kind === "elem" && typeOf(k.elem) === "Caption"),
    );
    expect(charts?.length).toBe(1);
  });

  it("writes XMP that declares PDF/UA-1 and repeats the Info dictionary, with the same date", () => {
    const m = out.catalog.lookup(PDFName.of("Metadata"));
    if (!(m instanceof PDFStream)) throw new Error("no XMP");
    const xmp = Buffer.from(streamBytes(m)).toString("utf8");
    expect(xmp).toContain("<pdfuaid:part>1</pdfuaid:part>");
    expect(xmp).toContain(`<rdf:li xml:lang="x-default">${meta.title}</rdf:li>`);
    expect(xmp).toContain("<rdf:li>en-GB</rdf:li>");
    expect(xmp).toContain(`<rdf:li>${meta.author}</rdf:li>`);
    expect(xmp).toContain("<xmp:CreateDate>2025-02-10T00:00:00Z</xmp:CreateDate>");
    expect(xmp).toContain("<xmp:ModifyDate>2025-02-10T00:00:00Z</xmp:ModifyDate>");
    expect(out.getCreationDate()?.toISOString()).toBe("2025-02-10T00:00:00.000Z");
    const prefs = out.catalog.lookup(PDFName.of("ViewerPreferences"));
    expect(prefs instanceof PDFDict && String(prefs.get(PDFName.of("DisplayDocTitle")))).toBe("true");
    expect(textOf(out.catalog.lookup(PDFName.of("Lang")))).toBe("en-GB");
  });

  it("gives the same bytes every time", async () => {
    expect(Buffer.from((await finalizePdf(RAW, meta)).pdf).equals(Buffer.from(bytes))).toBe(true);
  });

  it("leaves no ActualText span in tagged content that a reader could stop at", async () => {
    const before = await PDFDocument.load(RAW);
    const had = before.getPages().map((p) => planActualText([readPageContent(before, p.node)]).drop.size);
    expect(had.some((n) => n > 0)).toBe(true);
    for (const p of out.getPages()) {
      const c = readPageContent(out, p.node);
      expect(c.sequences.filter((s) => s.actualText !== undefined)).toEqual([]);
    }
    const annots = out.getPages()[0]?.node.Annots();
    expect(annots instanceof PDFArray && annots.size()).toBeGreaterThan(0);
  });
});

describe("hexText", () => {
  it("writes a text string exactly as pdf-lib's PDFHexString.fromText does, and it reads back the same", () => {
    for (const t of ["", "a", "Note 3: Stanford Cyber Policy Center, “DeepSeek” (2025)", "中文标题", "emoji 😀 é"]) {
      expect(hexText(t).asString()).toBe(PDFHexString.fromText(t).asString());
      expect(hexText(t).decodeText()).toBe(t);
    }
  });
});

describe("lineEndSpaces", () => {
  it("adds a space after a wrapped line's last glyph, but not after a hyphen or between CJK characters", async () => {
    // Without a font the space code is unknown, so nothing is inserted: the rule is shown with fonts on the real print above.
    const { read } = await page(
      "/P <</MCID 0>> BDC BT 1 0 0 1 50 400 Tm (had) Tj ET BT 1 0 0 1 50 380 Tm (blocked) Tj ET EMC",
    );
    expect(lineEndSpaces(read).size).toBe(0);
    const doc = await PDFDocument.load(RAW);
    let count = 0;
    for (const p of doc.getPages()) {
      const c = readPageContent(doc, p.node);
      const shows = c.paints.filter((x) => x.kind === "text" && x.stack.some((s) => s.mcid !== undefined));
      for (const [index, op] of lineEndSpaces(c)) {
        count++;
        expect(op).toMatch(/^<[0-9a-f]{4}> Tj$/);
        const i = shows.findIndex((x) => x.index === index);
        const last = shows[i]?.text ?? "";
        const next = shows[i + 1];
        expect(last).not.toMatch(/[\s-]$/);
        expect((shows[i]?.y ?? 0) - (next?.y ?? 0)).toBeGreaterThan(0);
        expect(`${last}${next?.text ?? ""}`).not.toMatch(/[\u4e00-\u9fff]{2}/);
      }
    }
    expect(count).toBeGreaterThan(5);
  });
});
