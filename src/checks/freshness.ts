import { diagnostic, type Diagnostic } from "../diagnostics/index.js";
import { locatePath } from "../lib/yaml.js";
import type { Brief } from "../model.js";

/**
 * `facts/stale`: a figure whose `as_of` date lies more than the brief's
 * `review_period_days` before its `edition_date` needs a fresh look before
 * it is published again. The reference date is the edition date, never
 * today's, so the same content always gives the same findings.
 */

const DAY_MS = 24 * 60 * 60 * 1000;

/** Facts older than the brief's review period, at their `as_of` value. */
export function checkFreshness(brief: Brief): Diagnostic[] {
  const c = brief.config.value;
  const edition = Date.parse(`${c.edition_date}T00:00:00Z`);
  const cutoff = edition - c.review_period_days * DAY_MS;
  const out: Diagnostic[] = [];
  for (const [id, fact] of brief.facts) {
    const asOf = Date.parse(`${fact.value.as_of}T00:00:00Z`);
    if (!(asOf < cutoff)) continue;
    const days = Math.round((edition - asOf) / DAY_MS);
    out.push(
      diagnostic({
        rule: "facts/stale",
        at: locatePath(brief.yaml.facts, [id, "as_of"]),
        message: `fact "${id}" is as of ${fact.value.as_of}, ${days} days before the edition date ${c.edition_date} (review period ${c.review_period_days} days)`,
        hint: `Check the figure against a current source and update value and as_of, or raise review_period_days in ${brief.dir}/brief.yaml.`,
      }),
    );
  }
  return out;
}
