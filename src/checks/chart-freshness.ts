import { diagnostic, type Diagnostic } from "../diagnostics/index.js";
import { locatePath } from "../lib/yaml.js";
import type { Brief } from "../model.js";

/**
 * `charts/stale`: a chart's data (its `as_of`) older than the brief's
 * review period before the edition date, flagged like a stale fact and
 * naming the chart. The edition date is the reference, never today's.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/** Charts whose data is older than the brief's review period, at their `as_of` value. */
export function checkChartFreshness(brief: Brief): Diagnostic[] {
  const c = brief.config.value;
  const edition = Date.parse(`${c.edition_date}T00:00:00Z`);
  const cutoff = edition - c.review_period_days * DAY_MS;
  const out: Diagnostic[] = [];
  for (const [id, chart] of brief.charts) {
    const asOf = chart.value.as_of;
    if (!asOf || !(Date.parse(`${asOf}T00:00:00Z`) < cutoff)) continue;
    const days = Math.round((edition - Date.parse(`${asOf}T00:00:00Z`)) / DAY_MS);
    out.push(
      diagnostic({
        rule: "charts/stale",
        at: brief.yaml.charts ? locatePath(brief.yaml.charts, [id, "as_of"]) : chart.at,
        message: `chart "${id}" shows data as of ${asOf}, ${days} days before the edition date ${c.edition_date} (review period ${c.review_period_days} days)`,
      }),
    );
  }
  return out;
}
