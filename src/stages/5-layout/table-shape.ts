import type { Element, ElementContent, Root } from "hast";
import { visit } from "unist-util-visit";
import { htmlTree } from "./accessibility.js";

/**
 * The shape of each table in an edition's HTML, which the PDF stage needs
 * and the print does not carry: for every row, its cells in order, whether
 * each is a header cell, its spans, and whether it is empty. Chromium
 * leaves an empty cell out of the structure tree, so its row comes out a
 * column short (veraPDF 7.2-42); src/stages/7-pdf/table-cells.ts puts an
 * empty TD or TH back where this says one was.
 */

/** One cell of a table row in the HTML. */
export interface CellShape {
  readonly header: boolean;
  /** No text and no image: nothing Chromium would print or tag. */
  readonly empty: boolean;
  readonly colspan: number;
  readonly rowspan: number;
}

/** A table's rows, in document order (thead, tbody and tfoot rows as they come). */
export type TableShape = readonly (readonly CellShape[])[];

const span = (v: unknown): number => {
  const n = Number(v);
  return Number.isInteger(n) && n >= 1 ? n : 1;
};

/** Whether an element shows nothing: no text but white space, and no image, chart or other replaced content. */
function isEmpty(e: Element): boolean {
  let shows = false;
  visit(e, (n) => {
    if (n.type === "text" && n.value.trim() !== "") shows = true;
    if (n.type === "element" && ["img", "svg", "video", "canvas", "object", "input"].includes(n.tagName)) shows = true;
  });
  return !shows;
}

const cellsOf = (tr: Element): CellShape[] =>
  tr.children
    .filter((c: ElementContent): c is Element => c.type === "element" && (c.tagName === "td" || c.tagName === "th"))
    .map((c) => ({
      header: c.tagName === "th",
      empty: isEmpty(c),
      colspan: span(c.properties.colSpan),
      rowspan: span(c.properties.rowSpan),
    }));

/** Every table's shape, in document order. */
export function tableShapes(html: string | Root): TableShape[] {
  const tree = typeof html === "string" ? htmlTree(html) : html;
  const out: TableShape[] = [];
  visit(tree, "element", (table) => {
    if (table.tagName !== "table") return;
    const rows: CellShape[][] = [];
    visit(table, "element", (tr) => {
      if (tr.tagName === "table" && tr !== table) return "skip";
      if (tr.tagName === "tr") rows.push(cellsOf(tr));
      return undefined;
    });
    out.push(rows);
  });
  return out;
}
