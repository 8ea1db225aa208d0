import path from "node:path";
import { diagnostic, fileLocation, type Diagnostic, type Reported } from "../../diagnostics/index.js";
import { posixRelative } from "../../lib/paths.js";
import type { Brief, Project } from "../../model.js";
import { loadBrief } from "./brief.js";
import { briefFolderProblem } from "./brief-folder.js";
import { crossCheck } from "./crossref.js";
import { isDir, listDir } from "./files.js";
import { loadAudiences } from "./templates.js";

/**
 * Stage 1, load: read `content/` and `templates/` into typed, validated
 * data. Each brief is loaded independently, so a broken brief does not
 * stop the others; its diagnostics say what is wrong.
 */

/** Where the project's inputs live. */
export interface ProjectPaths {
  readonly root: string;
  readonly contentDir: string;
  readonly templatesDir: string;
  /** The package's own templates/, the layer under the team's (absent: the team's templates/ only). */
  readonly packageTemplatesDir?: string;
}

/** An unknown audience only costs that audience's edition (it is never planned); other problems stop the brief. */
const EDITION_ONLY_RULES = new Set(["brief/unknown-audience"]);

/**
 * Stage entry: every brief and audience; only fully valid briefs are in the
 * project. `only` names the briefs to read (`--brief`): the others are
 * listed but not read, so one brief's problems never reach another's run.
 */
export async function load(
  paths: ProjectPaths,
  only: readonly string[] = [],
): Promise<Reported<Project> & { value: Project }> {
  const { root, contentDir, templatesDir } = paths;
  const loaded = await loadAudiences(root, templatesDir, paths.packageTemplatesDir);
  const { audiences, invalid } = loaded.value;
  const diagnostics: Diagnostic[] = [...loaded.diagnostics];
  const briefIds: string[] = [];
  for (const name of await listDir(contentDir, "")) {
    if (!(await isDir(path.join(contentDir, name)))) continue;
    const refused = await briefFolderProblem(root, contentDir, name);
    if (refused) diagnostics.push(refused);
    else briefIds.push(name);
  }
  if (briefIds.length === 0) {
    const message = "no briefs found";
    diagnostics.push(
      diagnostic({
        rule: "brief/none",
        at: fileLocation(posixRelative(root, contentDir)),
        message,
      }),
    );
  }
  const briefs: Brief[] = [];
  for (const id of briefIds) {
    if (only.length && !only.includes(id)) continue;
    const brief = await loadBrief(root, path.join(contentDir, id));
    diagnostics.push(...brief.diagnostics);
    if (!brief.value) continue;
    const problems = crossCheck(brief.value, audiences, invalid);
    diagnostics.push(...problems);
    if (!problems.some((p) => p.severity === "error" && !EDITION_ONLY_RULES.has(p.ruleId))) briefs.push(brief.value);
  }
  return { value: { root, briefs, briefIds, audiences }, diagnostics };
}
