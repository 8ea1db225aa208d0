import { PDFArray, PDFDict, PDFName, PDFString, type PDFDocument, type PDFObject } from "pdf-lib";
import {
  newElem,
  textOf,
  typeOf,
  writeKids,
  type Kid,
  type StructElem,
  type StructTree,
} from "../../lib/pdf/structure.js";
import type { CellShape, TableShape } from "../5-layout/table-shape.js";

/**
 * Empty table cells (ISO 14289-1 7.5; veraPDF 7.2-42; Matterhorn 09-004:
 * every row spans the same number of columns). Chromium tags only cells
 * that print something, so a row with an empty cell is a column short in
 * the structure tree. The HTML knows where each empty cell was
 * (5-layout/table-shape.ts): an empty TD or TH is put back at that
 * position, with the Table attributes its neighbours have (a TD's
 * /Headers names the header cells of its column and row, a TH gets a
 * /Scope). A table or row that does not match the HTML is left alone (the
 * checker's pdf/table-columns then says so).
 */

const N = (s: string): PDFName => PDFName.of(s);

/** The TR elements of a table: its own, and those of its THead, TBody and TFoot. */
function rowsOf(table: StructElem, roles: (t: string) => string): StructElem[] {
  const out: StructElem[] = [];
  for (const k of table.kids) {
    if (k.kind !== "elem") continue;
    const r = roles(typeOf(k.elem));
    if (r === "TR") out.push(k.elem);
    else if (r === "THead" || r === "TBody" || r === "TFoot")
      for (const x of k.elem.kids) if (x.kind === "elem" && roles(typeOf(x.elem)) === "TR") out.push(x.elem);
  }
  return out;
}

const isCell = (k: Kid, roles: (t: string) => string): k is Kid & { kind: "elem" } =>
  k.kind === "elem" && ["TD", "TH"].includes(roles(typeOf(k.elem)));

/** Whether a table's data cells name their headers (/Headers), as Chromium's do. */
function usesHeaders(doc: PDFDocument, cells: readonly StructElem[]): boolean {
  return cells.some((c) => {
    const a = c.dict.lookup(N("A"));
    const list: PDFObject[] = a instanceof PDFArray ? a.asArray() : a ? [a] : [];
    return list.some((x) => {
      const d = x instanceof PDFDict ? x : doc.context.lookup(x);
      return d instanceof PDFDict && d.has(N("Headers"));
    });
  });
}

/** A new empty cell's Table attributes. */
function attributes(
  doc: PDFDocument,
  shape: CellShape,
  headers: readonly string[] | undefined,
  scope: string,
): PDFDict {
  const a = doc.context.obj({ O: "Table" });
  if (shape.header) a.set(N("Scope"), N(scope));
  else if (headers) a.set(N("Headers"), doc.context.obj(headers.map((h) => PDFString.of(h))));
  if (shape.colspan > 1) a.set(N("ColSpan"), doc.context.obj(shape.colspan));
  if (shape.rowspan > 1) a.set(N("RowSpan"), doc.context.obj(shape.rowspan));
  return a;
}

const blankRow = (cells: readonly CellShape[]): boolean => cells.length > 0 && cells.every((c) => c.empty);
const headerRow = (cells: readonly CellShape[]): boolean => cells.length > 0 && cells.every((c) => c.header);

/**
 * A table's rows matched to its shape. A row whose every cell is empty
 * prints nothing, so Chromium tags no TR for it: a new TR is put where it
 * was, beside the printed row of its kind (a header row beside header rows,
 * a body row beside body rows, so it lands in the same THead or TBody).
 * Undefined when the printed rows do not match the HTML's.
 */
function matchRows(
  doc: PDFDocument,
  table: StructElem,
  shape: TableShape,
  roles: (t: string) => string,
): StructElem[] | undefined {
  const rows = rowsOf(table, roles);
  if (rows.length === shape.length) return rows;
  const printed = shape.flatMap((cells, r) => (blankRow(cells) ? [] : [r]));
  if (rows.length !== printed.length) return undefined;
  const out: (StructElem | undefined)[] = shape.map((_, r) => rows[printed.indexOf(r)]);
  shape.forEach((cells, r) => {
    if (!blankRow(cells)) return;
    const before = printed.filter((p) => p < r).pop();
    const after = printed.find((p) => p > r);
    const kind = headerRow(cells);
    const near = (p: number | undefined): boolean => p !== undefined && headerRow(shape[p] ?? []) === kind;
    // Beside the nearest printed row of the same kind: after one before it, or else before one after it.
    const [anchor, place] =
      near(before) || !near(after) ? [before === undefined ? undefined : out[before], 1] : [out[after ?? -1], 0];
    const parent = anchor?.parent ?? table;
    const tr = newElem(doc, "TR", parent);
    const at = anchor
      ? parent.kids.findIndex((k) => k.kind === "elem" && k.elem === anchor) + place
      : parent.kids.length;
    parent.kids.splice(at, 0, { kind: "elem", elem: tr });
    writeKids(doc, parent);
    out[r] = tr;
  });
  return out.every((e) => e !== undefined) ? out : undefined;
}

/** Put back one table's empty cells (and rows of nothing but empty cells); returns how many. */
function fillTable(doc: PDFDocument, table: StructElem, shape: TableShape, roles: (t: string) => string): number {
  const rows = matchRows(doc, table, shape, roles);
  if (!rows) return 0;
  // The PDF cell at each (row, HTML cell index), once matched; and each column's header cells' /IDs.
  const matched: (StructElem | undefined)[][] = rows.map(() => []);
  const plans: { row: StructElem; cells: readonly CellShape[]; pdf: StructElem[] }[] = [];
  rows.forEach((row, r) => {
    const cells = shape[r] ?? [];
    const pdf = row.kids.flatMap((k) => (isCell(k, roles) ? [k.elem] : []));
    const printed = cells.filter((c) => !c.empty);
    if (pdf.length === cells.length) matched[r] = [...pdf];
    else if (pdf.length === printed.length) {
      let next = 0;
      matched[r] = cells.map((c) => (c.empty ? undefined : pdf[next++]));
      plans.push({ row, cells, pdf });
    }
  });
  if (plans.length === 0) return 0;
  const withHeaders = usesHeaders(
    doc,
    matched.flat().filter((e): e is StructElem => e !== undefined),
  );
  const idOf = (e: StructElem | undefined): string | undefined => (e ? textOf(e.dict.lookup(N("ID"))) : undefined);
  const headerAt = shape.findIndex(headerRow);
  let added = 0;
  for (const { row, cells } of plans) {
    const r = rows.indexOf(row);
    const rowHeaders = cells.flatMap((c, i) => (c.header && !c.empty ? [idOf(matched[r]?.[i])] : []));
    const kids: Kid[] = [];
    cells.forEach((c, i) => {
      const existing = matched[r]?.[i];
      if (existing) {
        kids.push({ kind: "elem", elem: existing });
        return;
      }
      const column = headerAt >= 0 && headerAt !== r ? idOf(matched[headerAt]?.[i]) : undefined;
      const headers = withHeaders ? [column, ...rowHeaders].filter((h): h is string => h !== undefined) : undefined;
      const cell = newElem(doc, c.header ? "TH" : "TD", row);
      cell.dict.set(N("A"), attributes(doc, c, headers, r === headerAt ? "Column" : "Row"));
      kids.push({ kind: "elem", elem: cell });
      added++;
    });
    row.kids = [...kids, ...row.kids.filter((k) => !isCell(k, roles))];
    writeKids(doc, row);
  }
  return added;
}

/** Whether a PDF table can be the HTML table of `shape`: its rows (all, or all but the blank ones), each a row of it. */
function fits(table: StructElem, shape: TableShape, roles: (t: string) => string): boolean {
  const rows = rowsOf(table, roles);
  const printed = shape.filter((cells) => !blankRow(cells));
  const against = rows.length === shape.length ? shape : rows.length === printed.length ? printed : undefined;
  return (
    against !== undefined &&
    rows.every((row, r) => {
      const cells = against[r] ?? [];
      const n = row.kids.filter((k) => isCell(k, roles)).length;
      return n === cells.length || n === cells.filter((c) => !c.empty).length;
    })
  );
}

/**
 * Put back every table's empty cells, matching the PDF's tables to `shapes`
 * in order: a table of the HTML that does not print (a chart's data table,
 * hidden in print) has no PDF table, so each PDF table takes the next shape
 * it fits. Returns how many cells were put back.
 */
export function restoreEmptyCells(
  doc: PDFDocument,
  tree: StructTree,
  shapes: readonly TableShape[],
  roles: (t: string) => string,
): number {
  let next = 0;
  let added = 0;
  for (const table of tree.all.filter((e) => roles(typeOf(e)) === "Table")) {
    const at = shapes.findIndex((shape, i) => i >= next && fits(table, shape, roles));
    if (at < 0) continue;
    added += fillTable(doc, table, shapes[at] ?? [], roles);
    next = at + 1;
  }
  return added;
}
