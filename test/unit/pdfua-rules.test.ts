import {
  PDFArray,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFRawStream,
  PDFString,
  type PDFRef,
} from "pdf-lib";
import { deflateSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { checkPdfUa, htmlWords, type PdfRule } from "../../src/checks/pdfua/index.js";
import { PDF_RULES } from "../../src/diagnostics/rules-pdf.js";
import { streamBytes } from "../../src/lib/pdf/content.js";
import { ParentTree } from "../../src/lib/pdf/parent-tree.js";
import { nameOf, readStructTree, textOf, typeOf, writeKids } from "../../src/lib/pdf/structure.js";
import { toUnicodeCMap } from "../../src/stages/7-pdf/actual-text.js";
import { xmpPacket } from "../../src/stages/7-pdf/xmp.js";
import type { PdfMeta } from "../../src/stages/7-pdf/index.js";
import {
  broken,
  editContent,
  elems,
  failing,
  finishedFixture,
  first,
  firstTagged,
  RAW,
  resolved,
  retag,
} from "./pdfua-support.js";
import { FIXTURES } from "../helpers.js";
import { limit } from "../slowness.js";

/**
 * The PDF/UA-1 checker is shown to catch each condition: the finished
 * fixture PDF passes every rule; then, for every rule in the catalogue, a
 * copy broken in exactly that way fails exactly the rules listed (the rule
 * itself, and where one fault necessarily breaks more, those too). And
 * Chromium's own print fails the conditions the audit found.
 */

let good: Uint8Array;
let meta: PdfMeta;

beforeAll(async () => {
  ({ pdf: good, meta } = await finishedFixture());
}, limit(60_000));

const N = (s: string): PDFName => PDFName.of(s);
/** The words of the fixture's HTML, for the joined-word rule. */
const WORDS = htmlWords(readFileSync(path.join(FIXTURES, "pdfua", "access-reader.html"), "utf8"));
const ALL = Object.keys(PDF_RULES)
  .filter((r) => r !== "pdf/ua-summary")
  .sort();

/** A font of the document whose /BaseFont contains `name`. */
function fontNamed(doc: PDFDocument, name: string): PDFDict {
  for (const [, obj] of doc.context.enumerateIndirectObjects())
    if (
      obj instanceof PDFDict &&
      nameOf(obj.get(N("Subtype"))) === "Type0" &&
      nameOf(obj.get(N("BaseFont")))?.includes(name)
    )
      return obj;
  throw new Error(`no font named like ${name}`);
}

/** The CID font and its descriptor under a Type0 font. */
function descendant(font: PDFDict): { cid: PDFDict; fd: PDFDict } {
  const d = font.lookup(N("DescendantFonts"));
  const cid = d instanceof PDFArray ? d.lookup(0) : undefined;
  const fd = cid instanceof PDFDict ? cid.lookup(N("FontDescriptor")) : undefined;
  if (!(cid instanceof PDFDict) || !(fd instanceof PDFDict)) throw new Error("not a CID font");
  return { cid, fd };
}

/** The entries of an element's /A (one dictionary or an array of them), resolved. */
function attributesOf(doc: PDFDocument, dict: PDFDict): PDFDict[] {
  const a = dict.lookup(N("A"));
  return (a instanceof PDFArray ? a.asArray() : a ? [a] : [])
    .map((x) => resolved(doc, x))
    .filter((x): x is PDFDict => x instanceof PDFDict);
}

/** A compressed stream object, registered. */
function stream(doc: PDFDocument, bytes: Uint8Array): PDFRef {
  const data = deflateSync(bytes);
  return doc.context.register(PDFRawStream.of(doc.context.obj({ Filter: "FlateDecode", Length: data.length }), data));
}

/** Replace the catalog's XMP with the packet minus the lines matching `without`. */
function xmpWithout(doc: PDFDocument, without: RegExp): void {
  const packet = xmpPacket({
    title: meta.title,
    creator: meta.author,
    subject: meta.subject,
    keywords: meta.keywords,
    lang: meta.lang,
    producer: meta.creator,
    date: meta.date,
  })
    .split("\n")
    .filter((l) => !without.test(l))
    .join("\n");
  const bytes = Buffer.from(packet, "utf8");
  const s = PDFRawStream.of(doc.context.obj({ Type: "Metadata", Subtype: "XML", Length: bytes.length }), bytes);
  doc.catalog.set(N("Metadata"), doc.context.register(s));
}

/** The attribute dictionary of `e`'s /A that has owner Table and `key`. */
function tableAttr(doc: PDFDocument, dict: PDFDict, key: string): PDFDict {
  const a = dict.lookup(N("A"));
  for (const x of a instanceof PDFArray ? a.asArray() : [a]) {
    const d = resolved(doc, x);
    if (d instanceof PDFDict && d.has(N(key))) return d;
  }
  throw new Error(`no Table attribute ${key}`);
}

type Case = readonly [PdfRule, readonly PdfRule[], (doc: PDFDocument) => void];

const CASES: readonly Case[] = [
  ["pdf/marked", ["pdf/marked"], (d) => d.catalog.set(N("MarkInfo"), d.context.obj({ Marked: false }))],
  [
    "pdf/suspects",
    ["pdf/suspects"],
    (d) => d.catalog.set(N("MarkInfo"), d.context.obj({ Marked: true, Suspects: true })),
  ],
  // Without a tree, no element holds the link annotations either.
  ["pdf/struct-tree", ["pdf/link-tag", "pdf/struct-tree"], (d) => d.catalog.delete(N("StructTreeRoot"))],
  ["pdf/untagged-content", ["pdf/untagged-content"], (d) => editContent(d, 1, (t) => `${t}\n0 0 m 10 10 l S\n`)],
  [
    "pdf/artifact-in-tagged",
    ["pdf/artifact-in-tagged"],
    (d) => {
      const { after } = firstTagged(d, 1);
      editContent(d, 1, (t) => `${t.slice(0, after)}\n/Artifact BMC 0 0 m 1 1 l S EMC\n${t.slice(after)}`);
    },
  ],
  [
    "pdf/tagged-in-artifact",
    ["pdf/tagged-in-artifact"],
    (d) => {
      const { begin, end } = firstTagged(d, 1);
      editContent(
        d,
        1,
        (t) => `${t.slice(0, begin)}/Artifact BMC\n${t.slice(begin, end + 3)}\nEMC\n${t.slice(end + 3)}`,
      );
    },
  ],
  ["pdf/non-standard-type", ["pdf/non-standard-type"], (d) => retag(first(d, "P"), "Paragraph")],
  [
    "pdf/circular-role-map",
    ["pdf/circular-role-map"],
    (d) => {
      const rm = readStructTree(d)?.root.lookup(N("RoleMap"));
      if (!(rm instanceof PDFDict)) throw new Error("no RoleMap");
      rm.set(N("Loop"), N("Again"));
      rm.set(N("Again"), N("Loop"));
    },
  ],
  [
    "pdf/standard-remapped",
    ["pdf/standard-remapped"],
    (d) => {
      const rm = readStructTree(d)?.root.lookup(N("RoleMap"));
      if (rm instanceof PDFDict) rm.set(N("P"), N("Span"));
    },
  ],
  ["pdf/struct-parent", ["pdf/struct-parent"], (d) => first(d, "P").dict.delete(N("P"))],
  [
    "pdf/parent-tree",
    ["pdf/parent-tree"],
    (d) => {
      const tree = readStructTree(d);
      const page = d.getPages()[0];
      const owner = tree?.all.find((e) => e.kids.some((k) => k.kind === "mcid" && k.page === page?.ref));
      const k = owner?.kids.find((x) => x.kind === "mcid");
      const other = tree?.top[0]?.ref;
      if (!tree || !page || !k || k.kind !== "mcid" || !other) throw new Error("no MCID on page 1");
      new ParentTree(d, tree.root).setMcidOwner(page.ref, k.mcid, other);
    },
  ],
  ["pdf/xmp", ["pdf/xmp"], (d) => d.catalog.delete(N("Metadata"))],
  ["pdf/pdfua-id", ["pdf/pdfua-id"], (d) => xmpWithout(d, /pdfuaid:part/)],
  ["pdf/dc-title", ["pdf/dc-title"], (d) => xmpWithout(d, /dc:title/)],
  [
    "pdf/display-doc-title",
    ["pdf/display-doc-title"],
    (d) => d.catalog.set(N("ViewerPreferences"), d.context.obj({ DisplayDocTitle: false })),
  ],
  ["pdf/lang", ["pdf/lang"], (d) => d.catalog.set(N("Lang"), PDFString.of("en_GB!"))],
  [
    "pdf/lang-passage",
    ["pdf/lang-passage"],
    (d) =>
      readStructTree(d)
        ?.all.find((e) => textOf(e.dict.lookup(N("Lang"))) === "zh-Hans")
        ?.dict.delete(N("Lang")),
  ],
  ["pdf/table-structure", ["pdf/table-structure"], (d) => retag(first(d, "TR"), "P")],
  ["pdf/list-structure", ["pdf/list-structure"], (d) => retag(first(d, "LBody"), "P")],
  ["pdf/toc-structure", ["pdf/toc-structure"], (d) => retag(first(d, "Div"), "TOC")],
  [
    "pdf/unicode",
    ["pdf/unicode"],
    (d) => fontNamed(d, "SourceSerif").set(N("ToUnicode"), stream(d, Buffer.from(toUnicodeCMap(new Map(), 2)))),
  ],
  [
    "pdf/unicode-invalid",
    ["pdf/unicode-invalid"],
    (d) => {
      const all = new Map(Array.from({ length: 1024 }, (_, c) => [c, "\uFEFF"] as const));
      fontNamed(d, "SourceSerif").set(N("ToUnicode"), stream(d, Buffer.from(toUnicodeCMap(all, 2))));
    },
  ],
  [
    "pdf/font-embedded",
    ["pdf/font-embedded"],
    (d) => descendant(fontNamed(d, "SourceSerif")).fd.delete(N("FontFile2")),
  ],
  [
    "pdf/glyph-missing",
    ["pdf/glyph-missing"],
    (d) => {
      const { fd } = descendant(fontNamed(d, "SourceSerif"));
      const program = fd.lookup(N("FontFile2"));
      if (!(program instanceof PDFRawStream)) throw new Error("no font program");
      const bytes = Buffer.from(streamBytes(program));
      const tables = bytes.readUInt16BE(4);
      for (let i = 0; i < tables; i++)
        if (bytes.toString("latin1", 12 + 16 * i, 16 + 16 * i) === "maxp")
          bytes.writeUInt16BE(1, bytes.readUInt32BE(20 + 16 * i) + 4);
      fd.set(N("FontFile2"), stream(d, bytes));
    },
  ],
  [
    "pdf/notdef",
    ["pdf/notdef"],
    (d) => descendant(fontNamed(d, "SourceSerif")).cid.set(N("CIDToGIDMap"), stream(d, new Uint8Array(4096))),
  ],
  ["pdf/figure-alt", ["pdf/figure-alt"], (d) => first(d, "Figure").dict.delete(N("Alt"))],
  [
    "pdf/formula-alt",
    ["pdf/formula-alt"],
    (d) => {
      const image = elems(d, "Figure")[1];
      if (!image) throw new Error("no image figure");
      retag(image, "Formula");
      image.dict.delete(N("Alt"));
    },
  ],
  ["pdf/heading-first", ["pdf/heading-first"], (d) => retag(first(d, "H1"), "H2")],
  ["pdf/heading-skip", ["pdf/heading-skip"], (d) => retag(first(d, "H3"), "H5")],
  [
    "pdf/heading-one-h",
    ["pdf/heading-one-h"],
    (d) => {
      const tree = readStructTree(d);
      for (const e of tree?.all ?? []) if (/^H[1-6]$/.test(typeOf(e))) retag(e, "H");
      const h1 = first(d, "H");
      const sibling = h1.parent?.kids.find((k) => k.kind === "elem" && k.elem !== h1 && typeOf(k.elem) === "P");
      if (sibling?.kind === "elem") retag(sibling.elem, "H");
    },
  ],
  ["pdf/heading-mixed", ["pdf/heading-mixed"], (d) => retag(first(d, "H2"), "H")],
  [
    "pdf/table-headers",
    ["pdf/table-headers"],
    (d) => tableAttr(d, first(d, "TD").dict, "Headers").set(N("Headers"), d.context.obj([PDFString.of("nope")])),
  ],
  ["pdf/note-id", ["pdf/note-id"], (d) => retag(first(d, "P"), "Note")],
  [
    "pdf/annot-tag",
    ["pdf/annot-tag"],
    (d) =>
      d.getPages()[0]?.node.addAnnot(
        d.context.register(
          d.context.obj({
            Type: "Annot",
            Subtype: "Text",
            Rect: [0, 0, 10, 10],
            Contents: PDFHexString.fromText("A note"),
          }),
        ),
      ),
  ],
  [
    "pdf/annot-contents",
    ["pdf/annot-contents"],
    (d) => {
      const tree = readStructTree(d);
      const doc0 = tree?.top[0];
      const next = tree?.root.lookup(N("ParentTreeNextKey"));
      if (!tree || !doc0?.ref || !(next instanceof PDFNumber)) throw new Error("no tree");
      const annot = d.context.register(
        d.context.obj({ Type: "Annot", Subtype: "Text", Rect: [0, 0, 10, 10], StructParent: next.asNumber() }),
      );
      const page = d.getPages()[0];
      page?.node.addAnnot(annot);
      const elem = d.context.register(
        d.context.obj({
          Type: "StructElem",
          S: "Annot",
          P: doc0.ref,
          K: d.context.obj({ Type: "OBJR", Obj: annot, Pg: page?.ref ?? null }),
        }),
      );
      const parents = new ParentTree(d, tree.root);
      parents.setObjectOwner(annot, elem);
      parents.write();
      tree.root.set(N("ParentTreeNextKey"), PDFNumber.of(next.asNumber() + 1));
      const holder = doc0.dict.lookup(N("K"));
      if (holder instanceof PDFArray) holder.push(elem);
      else doc0.dict.set(N("K"), d.context.obj([doc0.dict.get(N("K")) ?? null, elem]));
    },
  ],
  ["pdf/tabs", ["pdf/tabs"], (d) => d.getPages()[0]?.node.delete(N("Tabs"))],
  ["pdf/link-tag", ["pdf/link-tag"], (d) => retag(first(d, "Link"), "Span")],
  [
    "pdf/link-contents",
    ["pdf/link-contents"],
    (d) => {
      const a = d.getPages()[0]?.node.Annots()?.lookup(0);
      if (a instanceof PDFDict) a.delete(N("Contents"));
    },
  ],
  [
    "pdf/table-columns",
    ["pdf/table-columns"],
    (d) => {
      const td = first(d, "TD");
      const own = attributesOf(d, td.dict).find((a) => a.has(N("ColSpan")));
      if (own) own.set(N("ColSpan"), PDFNumber.of(2));
      else td.dict.set(N("A"), d.context.obj([...attributesOf(d, td.dict), { O: "Table", ColSpan: 2 }]));
    },
  ],
  // The spaces the post-processing shows at wrapped line ends (each on a line of its own) taken out again.
  [
    "pdf/word-joined",
    ["pdf/word-joined"],
    (d) => d.getPages().forEach((_, i) => editContent(d, i + 1, (t) => t.replace(/\n<[0-9a-f]{4}> Tj\n/g, "\n"))),
  ],
  [
    "pdf/form-widget",
    ["pdf/form-widget"],
    (d) => {
      const tree = readStructTree(d);
      const doc0 = tree?.top[0];
      if (!doc0?.ref) throw new Error("no tree");
      const form = d.context.register(d.context.obj({ Type: "StructElem", S: "Form", P: doc0.ref }));
      const holder = doc0.dict.lookup(N("K"));
      if (holder instanceof PDFArray) holder.push(form);
      else doc0.dict.set(N("K"), d.context.obj([doc0.dict.get(N("K")) ?? null, form]));
    },
  ],
  [
    "pdf/font-bundled",
    ["pdf/font-bundled"],
    (d) => fontNamed(d, "SourceSerif").set(N("BaseFont"), N("ABCDEF+DejaVuSansMono")),
  ],
  [
    "pdf/reading-order",
    ["pdf/reading-order"],
    (d) => {
      const h1 = first(d, "H1");
      const cover = h1.parent;
      if (!cover) throw new Error("no cover");
      const i = cover.kids.findIndex((k) => k.kind === "elem" && k.elem === h1);
      const before = cover.kids[i - 1];
      const here = cover.kids[i];
      if (!before || !here) throw new Error("nothing before the title");
      cover.kids[i - 1] = here;
      cover.kids[i] = before;
      writeKids(d, cover);
    },
  ],
];

describe("the PDF/UA-1 checker", () => {
  it("passes the finished fixture: every condition checked, none failed", async () => {
    const report = await checkPdfUa(good, { passages: meta.passages, words: WORDS });
    expect([...report.failures.keys()]).toEqual([]);
    expect([...report.checked].sort()).toEqual(ALL);
  });

  it("has a breaking case for every rule in the catalogue", () => {
    expect(CASES.map(([rule]) => rule).sort()).toEqual(ALL);
  });

  it.each(CASES)("catches %s", async (_rule, expected, change) => {
    expect(await failing(await broken(good, change), meta.passages, WORDS)).toEqual([...expected].sort());
  });

  it("fails Chromium's own print on the conditions the audit found", async () => {
    const found = await failing(RAW, meta.passages, WORDS);
    for (const rule of [
      "pdf/untagged-content",
      "pdf/non-standard-type",
      "pdf/xmp",
      "pdf/list-structure",
      "pdf/figure-alt",
      "pdf/link-tag",
      "pdf/link-contents",
      "pdf/lang-passage",
      "pdf/word-joined",
    ] as const)
      expect(found).toContain(rule);
    const raw = await PDFDocument.load(RAW);
    expect(raw.catalog.get(N("Metadata"))).toBeUndefined();
  });
});
