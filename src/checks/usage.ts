import { diagnostic, type Diagnostic } from "../diagnostics/index.js";
import { parseTemplate } from "../lib/handlebars.js";
import { locatePath } from "../lib/yaml.js";
import type { Brief, Edition, PreparedEdition } from "../model.js";
import { SECTION_HELPER_OPTIONS, SECTION_HELPERS } from "../stages/3-merge/index.js";

/**
 * `facts/unused` and `sources/uncited`: data nobody reads is usually a typo
 * elsewhere, or a figure someone meant to quote.
 *
 * A fact is used when an edition quotes it (`{{fact}}`, `{{value}}`) or
 * plots it in a chart the edition places. A source is cited by `{{cite}}`
 * and by every use of a fact whose source it is (a chart cites the sources
 * of its facts). Uses are read from the merged editions when they
 * prepared; for an edition that did not prepare, from its sections'
 * templates, so one broken edition does not make everything look unused.
 */

/** What one edition uses. */
interface Uses {
  readonly facts: Set<string>;
  readonly sources: Set<string>;
}

function addChart(brief: Brief, id: string, uses: Uses): void {
  for (const f of brief.charts.get(id)?.value.facts ?? []) uses.facts.add(f);
}

function usesOf(edition: Edition, prepared: PreparedEdition | undefined, uses: Uses): void {
  const { brief } = edition;
  if (prepared) {
    for (const s of prepared.sections) {
      for (const i of s.merged.inserts) {
        if (i.kind === "fact") uses.facts.add(i.id);
        else if (i.kind === "cite") uses.sources.add(i.source);
        else addChart(brief, i.id, uses);
      }
    }
    // Everything the edition printed a citation of, [@key] citations included.
    for (const id of prepared.laidOut.cited) uses.sources.add(id);
    return;
  }
  for (const section of edition.sections) {
    const parsed = parseTemplate(
      { file: section.file, text: section.body },
      SECTION_HELPERS,
      section.bodyLine - 1,
      false,
      SECTION_HELPER_OPTIONS,
    );
    for (const c of parsed.calls) {
      const id = c.args[0];
      if (id === undefined) continue;
      if (c.name === "fact" || c.name === "value") uses.facts.add(id);
      else if (c.name === "cite") uses.sources.add(id);
      else if (c.name === "chart") addChart(brief, id, uses);
    }
  }
}

/**
 * Unused facts and uncited sources of `brief`, given every edition it has
 * (unfiltered: a fact only another audience quotes is still used).
 */
export function checkUsage(
  brief: Brief,
  editions: readonly Edition[],
  prepared: readonly PreparedEdition[],
): Diagnostic[] {
  const byName = new Map(prepared.map((p) => [p.edition.name, p]));
  const uses: Uses = { facts: new Set(), sources: new Set() };
  for (const e of editions) usesOf(e, byName.get(e.name), uses);
  for (const f of uses.facts) {
    const fact = brief.facts.get(f);
    if (fact?.value.source) uses.sources.add(fact.value.source);
  }
  const out: Diagnostic[] = [];
  for (const id of brief.facts.keys()) {
    if (uses.facts.has(id)) continue;
    const hint = `Quote it with {{fact "${id}"}} in a section, or remove it from ${brief.dir}/facts.yaml.`;
    out.push(
      diagnostic({
        rule: "facts/unused",
        at: locatePath(brief.yaml.facts, [id], true),
        message: `fact "${id}" is defined but no edition uses it`,
        hint,
      }),
    );
  }
  for (const id of brief.sources.keys()) {
    if (uses.sources.has(id)) continue;
    const hint = `Cite it with {{cite "${id}"}}, or through a fact whose source is "${id}", or remove it from ${brief.dir}/sources.yaml.`;
    out.push(
      diagnostic({
        rule: "sources/uncited",
        at: locatePath(brief.yaml.sources, [id], true),
        message: `source "${id}" is defined but nothing cites it`,
        hint,
      }),
    );
  }
  return out;
}
