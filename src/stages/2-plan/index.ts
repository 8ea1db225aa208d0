import type { EditionSettings } from "../../config/schemas.js";
import { collisionKey, outputCollisions } from "./collisions.js";
import { diagnostic, type Diagnostic } from "../../diagnostics/index.js";
import { didYouMean } from "../../lib/suggest.js";
import { locatePath } from "../../lib/yaml.js";
import type { AudienceDef, Brief, Edition, Project, Section } from "../../model.js";
import { leftOutSections } from "./left-out.js";

/**
 * Stage 2, plan: which editions to build. Every brief × each of its
 * audiences, narrowed by the caller's filters. A brief owns its editions:
 * its own files decide which of its sections each edition prints and in
 * what order (`editions.<audience>.sections` in brief.yaml, else each
 * section's `audiences` and `order`), and brief.yaml may override the
 * audience's page size, budget and accent for its own editions. Nothing
 * one brief says reaches another brief's editions.
 *
 * An edition that would print nothing, or leave out a section written for
 * it, is an error on that edition, so it is never built partial or empty.
 * Pure: project in, editions out.
 */

/** Filters from the command line; empty means "all". */
export interface EditionFilter {
  readonly briefs?: readonly string[];
  readonly audiences?: readonly string[];
}

/** An edition to build, with the problems found while choosing its sections (an error stops it). */
export interface PlannedEdition {
  readonly edition: Edition;
  readonly diagnostics: readonly Diagnostic[];
}

/** The audience as this brief's edition sees it: the audience file with the brief's overrides applied. */
export function editionAudience(audience: AudienceDef, settings: EditionSettings | undefined): AudienceDef {
  if (!settings?.page && settings?.accent === undefined) return audience;
  const page = {
    size: settings.page?.size ?? audience.config.page.size,
    budget: settings.page?.budget ?? audience.config.page.budget,
  };
  return { ...audience, config: { ...audience.config, page, accent: settings.accent ?? audience.config.accent } };
}

/**
 * Sections that name an audience their brief does not publish for. The
 * section was meant for some edition, so none of the brief's editions can
 * be trusted to be whole: every one of them fails.
 */
function strayAudiences(brief: Brief, known: ReadonlySet<string>): Diagnostic[] {
  const published = brief.config.value.audiences;
  return brief.sections.flatMap((s) =>
    (s.front.audiences ?? []).flatMap((name, i) => {
      if (published.includes(name)) return [];
      const at = locatePath(s.frontYaml, ["audiences", i]);
      const hint = known.has(name)
        ? `Add "${name}" to audiences in ${brief.dir}/brief.yaml, or remove it here.`
        : didYouMean(name, published, "one of this brief's audiences");
      const message = `section "${s.front.id}" names audience "${name}", which this brief is not published for`;
      return [diagnostic({ rule: "section/unknown-audience", at, message, hint })];
    }),
  );
}

/** The sections an edition lists by id, checked against the brief and each section's own audiences. */
function listedSections(
  brief: Brief,
  name: string,
  listed: readonly string[],
): { sections: Section[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const byId = new Map(brief.sections.map((s) => [s.front.id, s]));
  const sections: Section[] = [];
  const seen = new Set<string>();
  listed.forEach((id, i) => {
    const at = locatePath(brief.yaml.brief, ["editions", name, "sections", i]);
    const s = byId.get(id);
    if (!s) {
      const message = `editions.${name}.sections lists "${id}", which is not a section of this brief`;
      diagnostics.push(
        diagnostic({ rule: "edition/unknown-section", at, message, hint: didYouMean(id, byId.keys(), "a section id") }),
      );
      return;
    }
    if (seen.has(id)) {
      const message = `editions.${name}.sections lists "${id}" twice`;
      diagnostics.push(diagnostic({ rule: "edition/unknown-section", at, message, hint: "List each section once." }));
      return;
    }
    seen.add(id);
    if (s.front.audiences && !s.front.audiences.includes(name)) {
      const message = `editions.${name}.sections lists section "${id}", but the section's audiences exclude "${name}"`;
      const hint = `Add "${name}" to the audiences in ${s.file}, or remove "${id}" from editions.${name}.sections.`;
      diagnostics.push(
        diagnostic({ rule: "section/audience-mismatch", at: locatePath(s.frontYaml, ["audiences"]), message, hint }),
      );
      return;
    }
    sections.push(s);
  });
  for (const s of brief.sections) {
    if (!s.front.audiences?.includes(name) || seen.has(s.front.id)) continue;
    const message = `section "${s.front.id}" is for "${name}", but editions.${name}.sections in ${brief.dir}/brief.yaml does not list it`;
    const hint = `Add "${s.front.id}" to editions.${name}.sections, or remove "${name}" from the section's audiences.`;
    diagnostics.push(
      diagnostic({ rule: "edition/unlisted-section", at: locatePath(s.frontYaml, ["audiences"]), message, hint }),
    );
  }
  diagnostics.push(...leftOutSections(brief, name, listed));
  return { sections, diagnostics };
}

/** The sections one edition prints, in order, with the problems in choosing them. */
export function sectionsFor(brief: Brief, name: string): { sections: Section[]; diagnostics: Diagnostic[] } {
  const listed = brief.config.value.editions[name]?.sections;
  const chosen = listed
    ? listedSections(brief, name, listed)
    : {
        sections: brief.sections
          .filter((s) => !s.front.audiences || s.front.audiences.includes(name))
          .sort((a, b) => a.front.order - b.front.order),
        diagnostics: [],
      };
  if (chosen.sections.length === 0 && !chosen.diagnostics.some((d) => d.severity === "error")) {
    const i = brief.config.value.audiences.indexOf(name);
    chosen.diagnostics.push(
      diagnostic({
        rule: "edition/empty",
        at: locatePath(brief.yaml.brief, ["audiences", i]),
        message: `edition ${brief.id}-${name} has no sections: no section of ${brief.dir} is for "${name}"`,
        hint: `Give a section "audiences: [${name}]" (or no audiences, for every edition), or list sections under editions.${name}.sections.`,
      }),
    );
  }
  return chosen;
}

/** Stage entry: the editions a build should produce, each with the problems that would make it partial. */
export function plan(project: Project, filter: EditionFilter = {}): { editions: PlannedEdition[] } {
  const editions: PlannedEdition[] = [];
  const known = new Set(project.audiences.keys());
  const collisions = outputCollisions(project);
  for (const brief of project.briefs) {
    if (filter.briefs?.length && !filter.briefs.includes(brief.id)) continue;
    const stray = strayAudiences(brief, known);
    for (const name of brief.config.value.audiences) {
      if (filter.audiences?.length && !filter.audiences.includes(name)) continue;
      const audience = project.audiences.get(name);
      if (!audience) continue; // reported where the brief names it (brief/unknown-audience)
      const chosen = sectionsFor(brief, name);
      const edition: Edition = {
        brief,
        audience: editionAudience(audience, brief.config.value.editions[name]),
        sections: chosen.sections,
        name: `${brief.id}-${name}`,
      };
      const collides = collisions.get(collisionKey(brief.id, name));
      editions.push({ edition, diagnostics: [...stray, ...chosen.diagnostics, ...(collides ? [collides] : [])] });
    }
  }
  return { editions };
}
