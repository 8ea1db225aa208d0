import { diagnostic, type Diagnostic, type Reported } from "../../diagnostics/index.js";
import { locatePath } from "../../lib/yaml.js";
import type { Edition, Project, Section } from "../../model.js";

/**
 * Stage 2, plan: which editions to build. Every brief × each of its
 * audiences, narrowed by the caller's filters, with each edition's
 * sections chosen and ordered. Pure: project in, editions out.
 */

/** Filters from the command line; empty means "all". */
export interface EditionFilter {
  readonly briefs?: readonly string[];
  readonly audiences?: readonly string[];
}

/** Sections an audience reads, in order, plus problems with the audience's section list. */
export function sectionsFor(
  project: Project,
  briefIndex: number,
  audienceName: string,
): Reported<Section[]> & { value: Section[] } {
  const brief = project.briefs[briefIndex];
  const audience = project.audiences.get(audienceName);
  if (!brief || !audience) throw new Error(`sectionsFor: unknown brief #${briefIndex} or audience "${audienceName}"`);
  const eligible = (s: Section): boolean => !s.front.audiences || s.front.audiences.includes(audienceName);
  const listed = audience.config.sections;
  if (!listed) {
    return {
      value: brief.sections.filter(eligible).sort((a, b) => a.front.order - b.front.order),
      diagnostics: [],
    };
  }
  const diagnostics: Diagnostic[] = [];
  const byId = new Map(brief.sections.map((s) => [s.front.id, s]));
  const sections: Section[] = [];
  for (const id of listed) {
    const s = byId.get(id);
    if (!s) continue; // another brief's section; unknown ids are checked project-wide
    if (eligible(s)) {
      sections.push(s);
      continue;
    }
    diagnostics.push(
      diagnostic({
        rule: "section/audience-mismatch",
        at: locatePath(s.frontYaml, ["audiences"]),
        message: `audience "${audienceName}" lists section "${id}", but the section's audiences exclude it`,
        hint: `Add "${audienceName}" to the section's audiences, or remove "${id}" from ${audience.file}.`,
      }),
    );
  }
  for (const s of brief.sections) {
    if (!s.front.audiences?.includes(audienceName) || listed.includes(s.front.id)) continue;
    diagnostics.push(
      diagnostic({
        rule: "audience/unlisted-section",
        at: locatePath(s.frontYaml, ["audiences"]),
        message: `section "${s.front.id}" is for "${audienceName}" but ${audience.file} does not list it, so it is left out`,
        hint: `Add "${s.front.id}" to the sections list in ${audience.file}.`,
      }),
    );
  }
  return { value: sections, diagnostics };
}

/** Section ids named by audiences that no brief defines. */
export function unknownListedSections(project: Project): Diagnostic[] {
  if (project.briefs.length === 0) return [];
  const all = new Set(project.briefs.flatMap((b) => b.sections.map((s) => s.front.id)));
  return [...project.audiences.values()].flatMap((a) =>
    (a.config.sections ?? [])
      .filter((id) => !all.has(id))
      .map((id) =>
        diagnostic({
          rule: "audience/unknown-section",
          at: { file: a.file, line: 0, column: 0 },
          message: `audience "${a.name}" lists section "${id}", which no brief defines`,
        }),
      ),
  );
}

/** An edition to build, with the problems found while choosing its sections. */
export interface PlannedEdition {
  readonly edition: Edition;
  readonly diagnostics: readonly Diagnostic[];
}

/** Stage entry: the editions a build should produce; project-wide problems come separately. */
export function plan(
  project: Project,
  filter: EditionFilter = {},
): { editions: PlannedEdition[]; diagnostics: Diagnostic[] } {
  const editions: PlannedEdition[] = [];
  project.briefs.forEach((brief, i) => {
    if (filter.briefs?.length && !filter.briefs.includes(brief.id)) return;
    for (const name of brief.config.value.audiences) {
      if (filter.audiences?.length && !filter.audiences.includes(name)) continue;
      const audience = project.audiences.get(name);
      if (!audience) continue;
      const chosen = sectionsFor(project, i, name);
      editions.push({
        edition: { brief, audience, sections: chosen.value, name: `${brief.id}-${name}` },
        diagnostics: chosen.diagnostics,
      });
    }
  });
  return { editions, diagnostics: unknownListedSections(project) };
}
