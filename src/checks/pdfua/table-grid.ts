import { PDFArray, PDFDict, PDFName, PDFNumber } from "pdf-lib";
import { nameOf, type StructElem } from "../../lib/pdf/structure.js";
import { describe, type CheckContext } from "./context.js";

/**
 * Table regularity (ISO 14289-1 7.5 via ISO 32000-1 14.8.4.3.4; veraPDF
 * 7.2-42; Matterhorn 09-004 in practice): every row of a table spans the
 * same number of columns, counting each cell's /ColSpan and the cells of
 * rows above that reach down into it by /RowSpan. Chromium drops an empty
 * cell from the structure, which leaves its row one column short
 * (src/stages/7-pdf/table-cells.ts puts it back).
 */

const N = (s: string): PDFName => PDFName.of(s);

/** A cell's span in one direction, from its Table attributes (1 when absent or not a positive integer). */
function span(ctx: CheckContext, cell: StructElem, key: "RowSpan" | "ColSpan"): number {
  const a = cell.dict.lookup(N("A"));
  const list = a instanceof PDFArray ? a.asArray().map((x) => ctx.doc.context.lookup(x)) : [a];
  for (const d of list) {
    if (!(d instanceof PDFDict) || nameOf(d.get(N("O"))) !== "Table") continue;
    const v = d.lookup(N(key));
    if (v instanceof PDFNumber && Number.isInteger(v.asNumber()) && v.asNumber() >= 1) return v.asNumber();
  }
  return 1;
}

/** The rows of a table, in order: TR kids of the table itself or of its THead, TBody and TFoot. */
export function tableRows(ctx: CheckContext, table: StructElem): StructElem[] {
  const rows: StructElem[] = [];
  for (const k of table.kids) {
    if (k.kind !== "elem") continue;
    const role = ctx.role(k.elem);
    if (role === "TR") rows.push(k.elem);
    else if (role === "THead" || role === "TBody" || role === "TFoot")
      for (const r of k.elem.kids) if (r.kind === "elem" && ctx.role(r.elem) === "TR") rows.push(r.elem);
  }
  return rows;
}

/** How many columns each row of a table spans, with row spans carried down. */
export function rowWidths(ctx: CheckContext, table: StructElem): number[] {
  // below[c]: how many more rows the cell occupying column c still covers.
  let below: number[] = [];
  const widths: number[] = [];
  for (const row of tableRows(ctx, table)) {
    const next: number[] = [];
    let width = 0;
    let col = 0;
    const take = (c: number, rows: number): void => {
      next[c] = rows;
      width = Math.max(width, c + 1);
    };
    below.forEach((left, c) => {
      if (left > 0) take(c, left - 1);
    });
    for (const k of row.kids) {
      if (k.kind !== "elem") continue;
      const role = ctx.role(k.elem);
      if (role !== "TD" && role !== "TH") continue;
      while ((below[col] ?? 0) > 0) col++;
      const cols = span(ctx, k.elem, "ColSpan");
      const rows = span(ctx, k.elem, "RowSpan");
      for (let c = 0; c < cols; c++) take(col + c, rows - 1);
      col += cols;
    }
    widths.push(width);
    below = next;
  }
  return widths;
}

/** Check that each table's rows span the same number of columns. */
export function checkTableGrid(ctx: CheckContext): void {
  ctx.check("pdf/table-columns");
  for (const table of ctx.tree?.all ?? []) {
    if (ctx.role(table) !== "Table") continue;
    const widths = rowWidths(ctx, table);
    const most = Math.max(0, ...widths);
    const short = widths.map((w, i) => [i + 1, w] as const).filter(([, w]) => w !== most);
    const [firstShort] = short;
    if (firstShort)
      ctx.fail(
        "pdf/table-columns",
        `${describe(ctx, table)}: row ${firstShort[0]} spans ${firstShort[1]} column(s), other rows ${most}` +
          (short.length > 1 ? ` (${short.length} rows differ)` : ""),
      );
  }
}
