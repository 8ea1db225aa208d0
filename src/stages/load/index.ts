import path from "node:path";
import { diagnostic, fileLocation, type Diagnostic } from "../../diagnostics/index.js";
import type { Brief, Project } from "../../model.js";
import { loadBrief } from "./brief.js";
import { crossCheck } from "./crossref.js";
import { isDir, listDir, rel } from "./files.js";
import { loadAudiences } from "./templates.js";

/**
 * Stage 1, load: read `content/` and `templates/` into typed, validated
 * data. Each brief is loaded independently, so a broken brief does not
 * stop the others; its diagnostics say what is wrong.
 */

const AUDIENCE_RULES = new Set(["brief/unknown-audience", "section/unknown-audience"]);

/** Where the project's inputs live. */
export interface ProjectPaths {
  readonly root: string;
  readonly contentDir: string;
  readonly templatesDir: string;
}

/** Load every brief and audience; only fully valid briefs are returned. */
export async function load(paths: ProjectPaths): Promise<{ project: Project; diagnostics: Diagnostic[] }> {
  const { root, contentDir, templatesDir } = paths;
  const diagnostics: Diagnostic[] = [];
  const { audiences, invalid, diagnostics: audienceDiagnostics } = await loadAudiences(root, templatesDir);
  diagnostics.push(...audienceDiagnostics);

  const briefs: Brief[] = [];
  const entries = await listDir(contentDir, "");
  const dirs: string[] = [];
  for (const e of entries) if (await isDir(path.join(contentDir, e))) dirs.push(e);
  if (dirs.length === 0) {
    diagnostics.push(
      diagnostic(fileLocation(rel(root, contentDir)), "error", "brief/none", "no briefs found", "Create content/<brief-id>/ with brief.yaml, facts.yaml, sources.yaml and sections/."),
    );
  }
  for (const d of dirs) {
    const loaded = await loadBrief(root, path.join(contentDir, d));
    diagnostics.push(...loaded.diagnostics);
    if (loaded.brief) {
      // An audience whose own file is invalid was reported there; don't repeat it for every reference.
      const problems = crossCheck(loaded.brief, audiences).filter((p) => !(AUDIENCE_RULES.has(p.ruleId) && [...invalid].some((n) => p.message.includes(`"${n}"`))));
      diagnostics.push(...problems);
      // An unknown audience only costs that audience's edition; other problems stop the brief.
      if (!problems.some((p) => p.severity === "error" && !AUDIENCE_RULES.has(p.ruleId))) briefs.push(loaded.brief);
    }
  }
  return { project: { root, briefs, audiences }, diagnostics };
}
