import { guardEdition } from "../checks/guards.js";
import { diagnostic, type Diagnostic } from "../diagnostics/index.js";
import type { Project } from "../model.js";
import { load } from "../stages/1-load/index.js";
import { plan, type PlannedEdition } from "../stages/2-plan/index.js";
import { resolvePaths, type CommonOptions } from "./options.js";

/**
 * The cheap first part of every run: load and validate the project, plan
 * its editions, and check the guards that must pass before an edition is
 * prepared. Nothing heavy is imported here (no Markdown, chart or PDF
 * libraries), so a build whose editions are all cached stays fast.
 */

export type { PlannedEdition };

/** The project and its planned editions; `diagnostics` are the project-wide problems. */
export interface LoadedProject {
  readonly project: Project;
  readonly editions: readonly PlannedEdition[];
  readonly diagnostics: readonly Diagnostic[];
}

/** --brief and --audience values that name nothing: wrong usage (also used by `brief preview`). */
export function unknownFilters(project: Project, o: CommonOptions): Diagnostic[] {
  const briefs = (o.briefs ?? []).filter((b) => !project.briefIds.includes(b));
  const audiences = (o.audiences ?? []).filter((a) => !project.audiences.has(a));
  const briefHint = `Use one of: ${project.briefIds.join(", ")}.`;
  const audienceHint = `Use one of: ${[...project.audiences.keys()].join(", ")}.`;
  return [
    ...briefs.map((b) =>
      diagnostic({
        rule: "cli/unknown-brief",
        at: { file: "content", line: 0, column: 0 },
        message: `no brief "${b}"`,
        hint: briefHint,
      }),
    ),
    ...audiences.map((a) =>
      diagnostic({
        rule: "cli/unknown-audience",
        at: { file: "templates/audiences", line: 0, column: 0 },
        message: `no audience "${a}"`,
        hint: audienceHint,
      }),
    ),
  ];
}

/** Load, plan and guard the editions the options ask for. */
export async function loadProject(o: CommonOptions): Promise<LoadedProject> {
  const loaded = await load(resolvePaths(o), o.briefs ?? []);
  const project = loaded.value;
  const planned = plan(project, o);
  const editions = planned.editions.map((e) => ({
    edition: e.edition,
    diagnostics: [...e.diagnostics, ...guardEdition(e.edition)],
  }));
  return {
    project,
    editions,
    diagnostics: [...loaded.diagnostics, ...unknownFilters(project, o)],
  };
}
