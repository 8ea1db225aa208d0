import { diagnostic, type Diagnostic } from "../../diagnostics/index.js";
import { locatePath } from "../../lib/yaml.js";
import type { AudienceDef, Brief } from "../../model.js";

/**
 * References between files that schemas alone cannot check: a fact's
 * source, a section's audiences, a brief's audiences, a chart's facts, and
 * section ids that must be unique. An audience whose own file is invalid
 * (`invalid`) was reported there, so references to it are not reported
 * again.
 */
export function crossCheck(
  brief: Brief,
  audiences: ReadonlyMap<string, AudienceDef>,
  invalid: ReadonlySet<string> = new Set(),
): Diagnostic[] {
  const known = [...audiences.keys()].join(", ") || "(none)";
  const unknownAudience = (name: string): boolean => !audiences.has(name) && !invalid.has(name);
  const out: Diagnostic[] = [];

  brief.config.value.audiences.forEach((name, i) => {
    if (!unknownAudience(name)) return;
    const at = locatePath(brief.yaml.brief, ["audiences", i]);
    out.push(
      diagnostic({
        rule: "brief/unknown-audience",
        at,
        message: `audience "${name}" is not defined`,
        hint: `Use one of: ${known}; or add templates/audiences/${name}.yaml.`,
      }),
    );
  });

  for (const [id, fact] of brief.facts) {
    const source = fact.value.source;
    if (brief.sources.has(source)) continue;
    out.push(
      diagnostic({
        rule: "facts/unknown-source",
        at: locatePath(brief.yaml.facts, [id, "source"]),
        message: `fact "${id}" cites source "${source}", which is not in sources.yaml`,
        hint: `Add "${source}" to ${brief.dir}/sources.yaml, or use one of: ${[...brief.sources.keys()].join(", ")}.`,
      }),
    );
  }

  for (const [id, chart] of brief.charts) {
    for (const f of chart.value.facts) {
      if (brief.facts.has(f)) continue;
      out.push(
        diagnostic({
          rule: "charts/unknown-fact",
          at: chart.at,
          message: `chart "${id}" plots fact "${f}", which is not in facts.yaml`,
        }),
      );
    }
  }

  const seen = new Map<string, string>();
  for (const s of brief.sections) {
    const prior = seen.get(s.front.id);
    if (prior) {
      out.push(
        diagnostic({
          rule: "section/duplicate-id",
          at: locatePath(s.frontYaml, ["id"]),
          message: `section id "${s.front.id}" is also used by ${prior}`,
        }),
      );
    }
    seen.set(s.front.id, s.file);
    (s.front.audiences ?? []).forEach((name, i) => {
      if (!unknownAudience(name)) return;
      const at = locatePath(s.frontYaml, ["audiences", i]);
      out.push(
        diagnostic({
          rule: "section/unknown-audience",
          at,
          message: `section "${s.front.id}" names audience "${name}", which is not defined`,
          hint: `Use one of: ${known}.`,
        }),
      );
    });
  }
  return out;
}
