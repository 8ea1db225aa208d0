import { PDFArray, PDFDict, PDFName, type PDFObject } from "pdf-lib";
import { descendants, nameOf, textOf, type StructElem } from "../../lib/pdf/structure.js";
import { describe, type CheckContext } from "./context.js";

/**
 * Table headers (ISO 14289-1 7.5; Matterhorn 15-003): a data cell's headers
 * can be determined, either because its /Headers names TH elements by /ID,
 * or because the header cells carry a /Scope.
 */

/** The Table attributes of an element (/A: a dictionary or an array of them, with optional revision numbers). */
function tableAttribute(ctx: CheckContext, e: StructElem, key: string): PDFObject | undefined {
  const a = e.dict.lookup(PDFName.of("A"));
  const list = a instanceof PDFArray ? a.asArray().map((x) => ctx.doc.context.lookup(x)) : [a];
  for (const d of list)
    if (d instanceof PDFDict && nameOf(d.get(PDFName.of("O"))) === "Table" && d.has(PDFName.of(key)))
      return d.lookup(PDFName.of(key));
  return undefined;
}

/** Check that every table's data cells have determinable headers. */
export function checkTableHeaders(ctx: CheckContext): void {
  ctx.check("pdf/table-headers");
  for (const table of ctx.tree?.all ?? []) {
    if (ctx.role(table) !== "Table") continue;
    const cells = descendants(table);
    const ths = cells.filter((c) => ctx.role(c) === "TH");
    const tds = cells.filter((c) => ctx.role(c) === "TD");
    const ids = new Set(ths.flatMap((t) => textOf(t.dict.lookup(PDFName.of("ID"))) ?? []));
    const usesHeaders = tds.some((td) => tableAttribute(ctx, td, "Headers") !== undefined);
    for (const td of tds) {
      const headers = tableAttribute(ctx, td, "Headers");
      if (headers instanceof PDFArray)
        for (let i = 0; i < headers.size(); i++) {
          const id = textOf(headers.lookup(i));
          if (id === undefined || !ids.has(id))
            ctx.fail("pdf/table-headers", `a TD's /Headers names ${id ?? "a non-string"}, which is no TH's /ID`);
        }
      else if (headers === undefined && usesHeaders)
        ctx.fail("pdf/table-headers", `a TD of ${describe(ctx, table)} has no /Headers while others do`);
    }
    if (!usesHeaders)
      for (const th of ths)
        if (tableAttribute(ctx, th, "Scope") === undefined)
          ctx.fail("pdf/table-headers", "a TH has no /Scope and the table's cells no /Headers");
    if (!usesHeaders && ths.length === 0 && tds.length > 0)
      ctx.fail("pdf/table-headers", `${describe(ctx, table)} has data cells but no header cells`);
  }
}
