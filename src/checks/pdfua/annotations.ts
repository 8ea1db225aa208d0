import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRef } from "pdf-lib";
import { nameOf, textOf, type StructElem } from "../../lib/pdf/structure.js";
import type { CheckContext } from "./context.js";

/**
 * Annotations (ISO 14289-1 7.18): pages with annotations tab in structure
 * order; links sit in Link elements and say where they go; other visible
 * annotations sit in Annot elements and are described.
 */

const N = (s: string): PDFName => PDFName.of(s);
const HIDDEN = 2;
const EXEMPT = new Set(["Widget", "PrinterMark", "Link", "Popup"]);

/** Check every page's annotations. */
export function checkAnnotations(ctx: CheckContext): void {
  ctx.check("pdf/tabs", "pdf/link-tag", "pdf/link-contents", "pdf/annot-tag", "pdf/annot-contents");
  const holders = new Map<string, StructElem>();
  for (const e of ctx.tree?.all ?? []) for (const k of e.kids) if (k.kind === "objr") holders.set(k.obj.toString(), e);
  for (const { n, page } of ctx.pages) {
    const annots = page.node.lookup(N("Annots"));
    if (!(annots instanceof PDFArray) || annots.size() === 0) continue;
    if (nameOf(page.node.get(N("Tabs"))) !== "S") ctx.fail("pdf/tabs", `page ${n} has annotations but no /Tabs /S`);
    for (let i = 0; i < annots.size(); i++) {
      const ref = annots.get(i);
      const a = annots.lookup(i);
      if (!(a instanceof PDFDict)) continue;
      const flags = a.lookup(N("F"));
      if (flags instanceof PDFNumber && (flags.asNumber() & HIDDEN) !== 0) continue;
      const subtype = nameOf(a.get(N("Subtype"))) ?? "";
      const holder = ref instanceof PDFRef ? holders.get(ref.toString()) : undefined;
      const role = holder ? ctx.role(holder) : undefined;
      const contents = (textOf(a.lookup(N("Contents"))) ?? "").trim();
      const where = `page ${n}, annotation ${i + 1}`;
      if (subtype === "Link") {
        if (role !== "Link") ctx.fail("pdf/link-tag", `${where}: a link held by ${role ?? "no element"}`);
        if (!contents) ctx.fail("pdf/link-contents", `${where}: a link without /Contents`);
      } else if (!EXEMPT.has(subtype)) {
        if (role !== "Annot")
          ctx.fail("pdf/annot-tag", `${where}: a ${subtype} annotation held by ${role ?? "no element"}`);
        const alt = holder ? (textOf(holder.dict.lookup(N("Alt"))) ?? "").trim() : "";
        if (!contents && !alt)
          ctx.fail("pdf/annot-contents", `${where}: a ${subtype} annotation without /Contents or /Alt`);
      }
    }
  }
}
