import { PDFBool, PDFDict, PDFName, PDFStream } from "pdf-lib";
import { streamBytes } from "../../lib/pdf/content.js";
import { nameOf, textOf } from "../../lib/pdf/structure.js";
import type { CheckContext } from "./context.js";

/**
 * Document-level conditions: the catalog says the file is tagged and not
 * suspect, has a structure tree, XMP metadata that declares PDF/UA-1 and
 * names the document, a viewer told to show that title, and a language.
 */

const N = (s: string): PDFName => PDFName.of(s);
const PDFUA_NS = "http://www.aiim.org/pdfua/ns/id/";

/** A BCP 47 language tag, as ISO 32000-1 14.9.2.2 requires (RFC 3066 syntax). */
export const isLanguageTag = (s: string): boolean => /^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$/.test(s);

/** The XMP packet's text, or undefined when the catalog has no metadata stream of the right type. */
function xmpText(ctx: CheckContext): string | undefined {
  const m = ctx.doc.catalog.lookup(N("Metadata"));
  if (!(m instanceof PDFStream)) return undefined;
  if (nameOf(m.dict.get(N("Type"))) !== "Metadata" || nameOf(m.dict.get(N("Subtype"))) !== "XML") return undefined;
  return Buffer.from(streamBytes(m)).toString("utf8");
}

/** `pdfuaid:part` is 1, under the PDF/UA namespace bound to the prefix pdfuaid (element or attribute form). */
function declaresPdfUa1(xmp: string): boolean {
  const bound = new RegExp(`xmlns:pdfuaid\\s*=\\s*["']${PDFUA_NS.replace(/[/.]/g, "\\$&")}["']`).test(xmp);
  const part = /<pdfuaid:part>\s*1\s*<\/pdfuaid:part>|pdfuaid:part\s*=\s*["']1["']/.test(xmp);
  return bound && part;
}

/** dc:title holds some text. */
function hasTitle(xmp: string): boolean {
  const m = /<dc:title>([\s\S]*?)<\/dc:title>/.exec(xmp);
  return m !== null && /<rdf:li[^>]*>\s*[^<\s][^<]*<\/rdf:li>/.test(m[1] ?? "");
}

/** Check the catalog-level conditions. */
export function checkDocument(ctx: CheckContext): void {
  const cat = ctx.doc.catalog;
  ctx.check("pdf/marked", "pdf/suspects", "pdf/struct-tree", "pdf/xmp", "pdf/pdfua-id", "pdf/dc-title");
  ctx.check("pdf/display-doc-title", "pdf/lang");
  const mark = cat.lookup(N("MarkInfo"));
  const marked = mark instanceof PDFDict ? mark.lookup(N("Marked")) : undefined;
  if (marked !== PDFBool.True) ctx.fail("pdf/marked", "the catalog's MarkInfo has no Marked true");
  if (mark instanceof PDFDict && mark.lookup(N("Suspects")) === PDFBool.True)
    ctx.fail("pdf/suspects", "the catalog's MarkInfo has Suspects true");
  if (!ctx.tree) ctx.fail("pdf/struct-tree", "the catalog has no StructTreeRoot");
  const xmp = xmpText(ctx);
  if (xmp === undefined) ctx.fail("pdf/xmp", "the catalog has no /Metadata stream of Type /Metadata, Subtype /XML");
  else {
    if (!declaresPdfUa1(xmp)) ctx.fail("pdf/pdfua-id", "the XMP has no pdfuaid:part 1 in the PDF/UA namespace");
    if (!hasTitle(xmp)) ctx.fail("pdf/dc-title", "the XMP has no dc:title");
  }
  const prefs = cat.lookup(N("ViewerPreferences"));
  const display = prefs instanceof PDFDict ? prefs.lookup(N("DisplayDocTitle")) : undefined;
  if (display !== PDFBool.True) ctx.fail("pdf/display-doc-title", "ViewerPreferences has no DisplayDocTitle true");
  const lang = textOf(cat.lookup(N("Lang")));
  if (lang === undefined) ctx.fail("pdf/lang", "the catalog has no /Lang");
  else if (!isLanguageTag(lang)) ctx.fail("pdf/lang", `the catalog's /Lang "${lang}" is not a language tag`);
  for (const e of ctx.tree?.all ?? []) {
    const l = e.dict.lookup(N("Lang"));
    if (l === undefined) continue;
    const v = textOf(l);
    if (v === undefined || !isLanguageTag(v))
      ctx.fail(
        "pdf/lang",
        `an element's /Lang ${v === undefined ? "is not a string" : `"${v}" is not a language tag`}`,
      );
  }
}
