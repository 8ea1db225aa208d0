import type { RuleMeta } from "./rules.js";

/**
 * The rules about charts drawn from a data file (`charts/…`): the file
 * itself (read inside the brief folder, parsed, every cell a number, every
 * x value readable) and the house rules a chart shares with facts. Kept
 * beside the main catalogue (rules.ts spreads them into `RULES`).
 */

const error = (title: string, hint: string, docs: string): RuleMeta => ({
  severity: "error",
  kind: "content",
  title,
  hint,
  docs,
});

/** Rule ids about chart data files. */
export const CHART_RULES = {
  "charts/data-missing": error(
    "a chart's data file cannot be read",
    "Put the file in the brief's data/ folder and name it in charts.yaml as data: data/<name>.csv.",
    "A chart's `data:` names a CSV or JSON file inside the brief's folder (usually data/). The path is resolved after symbolic links and must stay inside the brief's folder; a file outside it, missing or unreadable is refused.",
  ),
  "charts/data-empty": error(
    "a chart's data file has no rows",
    "Write a header line naming the columns, then one line per row.",
    "A chart needs a header line naming its columns and at least one row of values. An empty file, or a file with only a header, draws nothing and is refused.",
  ),
  "charts/data-parse": error(
    "a chart's data file is not valid CSV or JSON",
    "Fix the line named: every row has as many cells as the header, quotes are closed.",
    "A CSV data file is comma-separated, with a header line; a JSON data file is an array of objects, one per row. A file the parser cannot read is refused at the line it stopped on.",
  ),
  "charts/data-column": error(
    "a chart names a column its data file does not have",
    "Use one of the columns named in the data file's header line.",
    "`x:` and each `series[].column` in charts.yaml name a column of the data file's header line, exactly as written there.",
  ),
  "charts/data-non-numeric": error(
    "a cell a chart plots is not a number",
    "Write the value as a plain number (1234.5, -0.2), without units, thousands separators or percent signs; the chart's unit says how it prints.",
    "Every cell of a plotted series must be a number. Units, percent signs and thousands separators belong in the chart's `unit:`, not in the data, so the value axis and the alternative text read the same number.",
  ),
  "charts/data-date": error(
    "an x value a chart cannot read as a date",
    "Write dates on the x axis all the same way, as YYYY, YYYY-MM or YYYY-MM-DD.",
    "When the first x value looks like a date, every x value must be a real date written the same way (YYYY, YYYY-MM or YYYY-MM-DD), so the axis is a time line printed in the brief's house style. Write categories (words) to get a category axis instead.",
  ),
  "charts/stale": {
    severity: "warning",
    kind: "content",
    title: "a chart's data older than the brief's review period",
    hint: "Check the data against a current release and update the file and as_of, or raise review_period_days in brief.yaml.",
    docs: "A chart drawn from a data file says what date its data is true of (`as_of`). Like a fact, data whose as_of lies more than review_period_days before the edition date needs a fresh look before the brief is published again. The reference date is the edition date, never today's. Reported by `brief check`, like facts/stale.",
    checkOnly: true,
  },
} satisfies Record<string, RuleMeta>;
