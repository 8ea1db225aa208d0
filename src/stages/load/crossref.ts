import { diagnostic, type Diagnostic } from "../../diagnostics/index.js";
import { locatePath } from "../../lib/yaml.js";
import type { AudienceDef, Brief } from "../../model.js";

/**
 * References between files that schemas alone cannot check: a fact's
 * source, a section's audiences, a brief's audiences, a chart's facts, and
 * section ids that must be unique.
 */
export function crossCheck(brief: Brief, audiences: ReadonlyMap<string, AudienceDef>): Diagnostic[] {
  const out: Diagnostic[] = [];
  const known = [...audiences.keys()].join(", ") || "(none)";

  brief.config.value.audiences.forEach((name, i) => {
    if (!audiences.has(name)) {
      out.push(
        diagnostic(locatePath(brief.yaml.brief, ["audiences", i]), "error", "brief/unknown-audience", `audience "${name}" is not defined`, `Use one of: ${known}; or add templates/audiences/${name}.yaml.`),
      );
    }
  });

  for (const [id, fact] of brief.facts) {
    if (!brief.sources.has(fact.value.source)) {
      out.push(
        diagnostic(
          locatePath(brief.yaml.facts, [id, "source"]),
          "error",
          "facts/unknown-source",
          `fact "${id}" cites source "${fact.value.source}", which is not in sources.yaml`,
          `Add "${fact.value.source}" to ${brief.dir}/sources.yaml, or use one of: ${[...brief.sources.keys()].join(", ")}.`,
        ),
      );
    }
  }

  for (const [id, chart] of brief.charts) {
    for (const f of chart.value.facts) {
      if (!brief.facts.has(f)) {
        out.push(diagnostic(chart.at, "error", "charts/unknown-fact", `chart "${id}" plots fact "${f}", which is not in facts.yaml`, "Add the fact to facts.yaml or remove it from the chart."));
      }
    }
  }

  const seen = new Map<string, string>();
  for (const s of brief.sections) {
    const prior = seen.get(s.front.id);
    if (prior) {
      out.push(diagnostic(locatePath(s.frontYaml, ["id"]), "error", "section/duplicate-id", `section id "${s.front.id}" is also used by ${prior}`, "Give every section a unique id."));
    }
    seen.set(s.front.id, s.file);
    (s.front.audiences ?? []).forEach((name, i) => {
      if (!audiences.has(name)) {
        out.push(
          diagnostic(locatePath(s.frontYaml, ["audiences", i]), "error", "section/unknown-audience", `section "${s.front.id}" names audience "${name}", which is not defined`, `Use one of: ${known}.`),
        );
      }
    });
  }
  return out;
}
