import path from "node:path";
import { PartialDate, type Chart } from "../../config/schemas.js";
import { diagnostic, type Diagnostic, type Location, type Reported } from "../../diagnostics/index.js";
import { parseCsv, parseJson, type Cell, type DataTable } from "../../lib/data-table.js";
import { sha256 } from "../../lib/hash.js";
import { readInsideFolder } from "../../lib/project-file.js";
import { didYouMean } from "../../lib/suggest.js";
import { decodeUtf8 } from "../../lib/text.js";
import { locatePath, type PositionedYaml } from "../../lib/yaml.js";
import type { ChartTable, Located } from "../../model.js";

/**
 * Reads the data file of each chart drawn from one (`data:` in
 * charts.yaml) into a `ChartTable`: the x column and each series column,
 * in the author's order. Bad data is one positioned error per chart (the
 * first problem found, at the cell or the charts.yaml field), so a build
 * stops before drawing anything and the previous editions stay as they were.
 */

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
const DATE_SHAPE = /^\d{4}(-\d{2}(-\d{2})?)?$/;

/** Everything a chart's data problem is reported against. */
interface Where {
  readonly id: string;
  readonly chart: Located<Chart>;
  readonly yaml: PositionedYaml | undefined;
  readonly file: string;
}

const atField = (w: Where, field: readonly (string | number)[]): Location =>
  w.yaml ? locatePath(w.yaml, [w.id, ...field]) : w.chart.at;
const atCell = (w: Where, c: Cell): Location => ({ file: w.file, line: c.line, column: c.column });

/** A column named in charts.yaml that the file lacks: at the field, with a "did you mean". */
function missingColumn(w: Where, name: string, field: readonly (string | number)[], table: DataTable): Diagnostic {
  return diagnostic({
    rule: "charts/data-column",
    at: atField(w, field),
    message: `chart "${w.id}" names column "${name}", which ${w.file} does not have`,
    hint: didYouMean(
      name,
      table.columns.map((c) => c.text),
      "a column of its header line",
    ),
  });
}

/** The x values, checked: all dates written alike, or categories. */
function xValues(w: Where, cells: readonly Cell[]): Reported<{ kind: "date" | "category"; values: string[] }> {
  const values = cells.map((c) => c.text.trim());
  const first = values[0] ?? "";
  if (!DATE_SHAPE.test(first)) return { value: { kind: "category", values }, diagnostics: [] };
  const bad = cells.find((c) => c.text.trim().length !== first.length || !PartialDate.safeParse(c.text.trim()).success);
  if (!bad) return { value: { kind: "date", values }, diagnostics: [] };
  return {
    diagnostics: [
      diagnostic({
        rule: "charts/data-date",
        at: atCell(w, bad),
        message: `chart "${w.id}": x value "${bad.text}" is not a date written like "${first}"`,
      }),
    ],
  };
}

/** Check the parsed table against the chart and keep what it plots. */
function tableOf(w: Where, chart: Chart, table: DataTable, hash: string): Reported<ChartTable> {
  const fail = (d: Diagnostic): Reported<ChartTable> => ({ diagnostics: [d] });
  if (table.rows.length === 0)
    return fail(
      diagnostic({
        rule: "charts/data-empty",
        at: { file: w.file, line: 1, column: 1 },
        message: `chart "${w.id}": ${w.file} has no rows of data`,
      }),
    );
  const names = new Set(table.columns.map((c) => c.text));
  const xName = chart.x ?? "";
  if (!names.has(xName)) return fail(missingColumn(w, xName, ["x"], table));
  const specs = chart.series ?? [];
  for (const [i, s] of specs.entries())
    if (!names.has(s.column)) return fail(missingColumn(w, s.column, ["series", i, "column"], table));
  const x = xValues(
    w,
    table.rows.map((r) => r.get(xName) ?? { text: "", line: 1, column: 1 }),
  );
  if (!x.value) return { diagnostics: x.diagnostics };
  const series: ChartTable["series"][number][] = [];
  for (const s of specs) {
    const values: number[] = [];
    for (const row of table.rows) {
      const cell = row.get(s.column) ?? { text: "", line: 1, column: 1 };
      if (!NUMBER.test(cell.text.trim()))
        return fail(
          diagnostic({
            rule: "charts/data-non-numeric",
            at: atCell(w, cell),
            message: `chart "${w.id}": column "${s.column}" has "${cell.text}", which is not a number`,
          }),
        );
      values.push(Number(cell.text.trim()));
    }
    series.push({ column: s.column, label: s.label ?? s.column, values });
  }
  return {
    value: { file: w.file, sha256: hash, xKind: x.value.kind, x: x.value.values, series },
    diagnostics: [],
  };
}

/** Read and check one chart's data file (`chart.data`, relative to the brief folder). */
export async function loadChartData(
  root: string,
  absDir: string,
  id: string,
  chart: Located<Chart>,
  yaml: PositionedYaml | undefined,
): Promise<Reported<ChartTable>> {
  const rel = chart.value.data ?? "";
  const file = path.posix.join(path.relative(root, absDir).split(path.sep).join("/"), rel);
  const w: Where = { id, chart, yaml, file };
  const read = await readInsideFolder(absDir, rel);
  if (!read.ok) {
    const said = {
      outside: "resolves outside the brief's folder",
      missing: "does not exist",
      unreadable: "cannot be read",
      "too-large": "is larger than 5 MB",
    }[read.why];
    return {
      diagnostics: [
        diagnostic({
          rule: "charts/data-missing",
          at: atField(w, ["data"]),
          message: `chart "${id}": data file "${rel}" ${said}`,
          ...(read.cause === undefined ? {} : { cause: read.cause }),
        }),
      ],
    };
  }
  const decoded = decodeUtf8(read.bytes, file);
  if (!decoded.ok) return { diagnostics: [decoded.diagnostic] };
  const parsed = /\.json$/i.test(rel) ? parseJson(decoded.text) : parseCsv(decoded.text);
  if ("error" in parsed)
    return {
      diagnostics: [
        diagnostic({
          rule: "charts/data-parse",
          at: { file, line: parsed.error.line, column: parsed.error.column },
          message: `chart "${id}": ${file} cannot be parsed: ${parsed.error.message}`,
        }),
      ],
    };
  return tableOf(w, chart.value, parsed.table, sha256(read.bytes));
}
