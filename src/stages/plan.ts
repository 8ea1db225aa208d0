import { diagnostic, type Diagnostic } from "../diagnostics/index.js";
import { locatePath } from "../lib/yaml.js";
import type { Edition, Project, Section } from "../model.js";

/**
 * Decides which editions to build: every brief × each of its audiences,
 * narrowed by the caller's filters, with each edition's sections chosen and
 * ordered. Pure: project in, editions out.
 */

/** Filters from the command line; empty means "all". */
export interface EditionFilter {
  readonly briefs?: readonly string[];
  readonly audiences?: readonly string[];
}

/** Sections an audience reads, in order, plus warnings for sections left out. */
export function sectionsFor(project: Project, briefIndex: number, audienceName: string): { sections: Section[]; diagnostics: Diagnostic[] } {
  const brief = project.briefs[briefIndex];
  const audience = project.audiences.get(audienceName);
  if (!brief || !audience) throw new Error(`sectionsFor: unknown brief #${briefIndex} or audience "${audienceName}"`);
  const diagnostics: Diagnostic[] = [];
  const eligible = (s: Section): boolean => !s.front.audiences || s.front.audiences.includes(audienceName);
  const listed = audience.config.sections;
  if (!listed) {
    return { sections: brief.sections.filter(eligible).sort((a, b) => a.front.order - b.front.order), diagnostics };
  }
  const byId = new Map(brief.sections.map((s) => [s.front.id, s]));
  const sections: Section[] = [];
  for (const id of listed) {
    const s = byId.get(id);
    if (!s) continue; // another brief's section; unknown ids are checked project-wide
    if (!eligible(s)) {
      diagnostics.push(
        diagnostic(locatePath(s.frontYaml, ["audiences"]), "error", "section/audience-mismatch", `audience "${audienceName}" lists section "${id}", but the section's audiences exclude it`, `Add "${audienceName}" to the section's audiences, or remove "${id}" from ${audience.file}.`),
      );
      continue;
    }
    sections.push(s);
  }
  for (const s of brief.sections) {
    if (s.front.audiences?.includes(audienceName) && !listed.includes(s.front.id)) {
      diagnostics.push(
        diagnostic(locatePath(s.frontYaml, ["audiences"]), "warning", "audience/unlisted-section", `section "${s.front.id}" is for "${audienceName}" but ${audience.file} does not list it, so it is left out`, `Add "${s.front.id}" to the sections list in ${audience.file}.`),
      );
    }
  }
  return { sections, diagnostics };
}

/** Section ids named by audiences that no brief defines. */
export function unknownListedSections(project: Project): Diagnostic[] {
  const all = new Set(project.briefs.flatMap((b) => b.sections.map((s) => s.front.id)));
  const out: Diagnostic[] = [];
  if (project.briefs.length === 0) return out;
  for (const a of project.audiences.values()) {
    (a.config.sections ?? []).forEach((id) => {
      if (!all.has(id)) out.push(diagnostic({ file: a.file, line: 0, column: 0 }, "error", "audience/unknown-section", `audience "${a.name}" lists section "${id}", which no brief defines`, "Fix the id, or add the section to the brief."));
    });
  }
  return out;
}

/** An edition to build, with the problems found while choosing its sections. */
export interface PlannedEdition {
  readonly edition: Edition;
  readonly diagnostics: readonly Diagnostic[];
}

/** The editions a build should produce; project-wide problems come separately. */
export function plan(project: Project, filter: EditionFilter = {}): { editions: PlannedEdition[]; diagnostics: Diagnostic[] } {
  const editions: PlannedEdition[] = [];
  const diagnostics: Diagnostic[] = [...unknownListedSections(project)];
  project.briefs.forEach((brief, i) => {
    if (filter.briefs?.length && !filter.briefs.includes(brief.id)) return;
    for (const name of brief.config.value.audiences) {
      if (filter.audiences?.length && !filter.audiences.includes(name)) continue;
      const audience = project.audiences.get(name);
      if (!audience) continue;
      const chosen = sectionsFor(project, i, name);
      editions.push({ edition: { brief, audience, sections: chosen.sections, name: `${brief.id}-${name}` }, diagnostics: chosen.diagnostics });
    }
  });
  return { editions, diagnostics };
}
