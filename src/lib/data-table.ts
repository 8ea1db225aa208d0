import { parse } from "csv-parse/sync";

/**
 * A data file (CSV with a header line, or JSON: an array of objects) read
 * into rows of text cells, each cell with its line and column in the file,
 * so that a bad value is reported where the author typed it.
 */

/** One cell's text and where it starts in the file (1-based). */
export interface Cell {
  readonly text: string;
  readonly line: number;
  readonly column: number;
}

/** The header's column names (with where each is written) and the rows, by column name. */
export interface DataTable {
  readonly columns: readonly Cell[];
  readonly rows: readonly ReadonlyMap<string, Cell>[];
}

/** A file that could not be parsed: what the parser said and where it stopped. */
export interface TableError {
  readonly message: string;
  readonly line: number;
  readonly column: number;
}

interface CsvRecord {
  readonly record: string[];
  readonly info: { readonly lines: number };
  readonly raw: string;
}

/** Offsets of each field's first character in one raw CSV record (quotes respected). */
function fieldStarts(raw: string): number[] {
  const starts = [0];
  let quoted = false;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i];
    if (ch === '"') quoted = !quoted;
    else if (ch === "," && !quoted) starts.push(i + 1);
  }
  return starts;
}

/** Parse CSV text with a header line. */
export function parseCsv(text: string): { table: DataTable } | { error: TableError } {
  let records: CsvRecord[];
  try {
    records = parse(text, { info: true, raw: true, bom: true, skip_empty_lines: true }) as CsvRecord[];
  } catch (cause) {
    const lines = (cause as { lines?: number }).lines ?? 1;
    return { error: { message: (cause as Error).message, line: Math.max(1, lines), column: 1 } };
  }
  const cellsOf = (r: CsvRecord): Cell[] => {
    const starts = fieldStarts(r.raw);
    const first = r.info.lines - (r.raw.replace(/\r?\n$/, "").split("\n").length - 1);
    return r.record.map((text, i) => ({ text, line: first, column: (starts[i] ?? 0) + 1 }));
  };
  const [head, ...body] = records;
  if (!head) return { table: { columns: [], rows: [] } };
  const columns = cellsOf(head).map((c) => ({ ...c, text: c.text.trim() }));
  const rows = body.map((r) => {
    const cells = cellsOf(r);
    return new Map(columns.map((c, i) => [c.text, cells[i] ?? { text: "", line: cells[0]?.line ?? 1, column: 1 }]));
  });
  return { table: { columns, rows } };
}

/** Where the `n`-th top-level object of a JSON array starts (1-based line and column). */
function objectStarts(text: string): { line: number; column: number }[] {
  const out: { line: number; column: number }[] = [];
  let depth = 0;
  let inString = false;
  let line = 1;
  let column = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    column++;
    if (ch === "\n") {
      line++;
      column = 0;
    } else if (inString) {
      if (ch === "\\") {
        i++;
        column++;
      } else if (ch === '"') inString = false;
    } else if (ch === '"') inString = true;
    else if (ch === "{" || ch === "[") {
      if (ch === "{" && depth === 1) out.push({ line, column });
      depth++;
    } else if (ch === "}" || ch === "]") depth--;
  }
  return out;
}

/** A JSON value as cell text: numbers and strings as written, anything else as JSON (so it fails the number check visibly). */
function cellText(v: unknown): string {
  if (v === null || v === undefined) return "";
  return typeof v === "string" || typeof v === "number" || typeof v === "boolean" ? String(v) : JSON.stringify(v);
}

/** Parse JSON text: an array of flat objects, one per row; the columns are the first row's keys. */
export function parseJson(text: string): { table: DataTable } | { error: TableError } {
  let data: unknown;
  try {
    data = JSON.parse(text.replace(/^\uFEFF/, ""));
  } catch (cause) {
    return { error: { message: (cause as Error).message, line: 1, column: 1 } };
  }
  if (!Array.isArray(data) || !data.every((r) => typeof r === "object" && r !== null && !Array.isArray(r)))
    return { error: { message: "a JSON data file must be an array of objects, one per row", line: 1, column: 1 } };
  const starts = objectStarts(text);
  const rows = (data as Record<string, unknown>[]).map(
    (r, i) =>
      new Map(
        Object.entries(r).map(([k, v]) => [
          k,
          { text: cellText(v), line: starts[i]?.line ?? 1, column: starts[i]?.column ?? 1 },
        ]),
      ),
  );
  const first = rows[0];
  const columns = first ? [...first.keys()].map((k) => ({ text: k, line: starts[0]?.line ?? 1, column: 1 })) : [];
  return { table: { columns, rows } };
}
