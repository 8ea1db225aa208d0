import path from "node:path";
import type { Diagnostic } from "../diagnostics/index.js";
import type { Project } from "../model.js";

/**
 * `brief check` validates each brief's distribution.yaml too (addresses,
 * webhook hosts and token variables, audiences), so a pull request that
 * points a webhook at an internal host or at another secret fails its
 * check at that line, long before a release is distributed. A brief
 * without the file is not a finding here.
 */
export async function checkDistributions(project: Project): Promise<Diagnostic[]> {
  const { loadDistribution } = await import("../distribute/load.js");
  const out: Diagnostic[] = [];
  for (const brief of project.briefs) {
    const loaded = await loadDistribution(project.root, path.dirname(brief.absDir), brief.id);
    out.push(...loaded.diagnostics.filter((d) => d.ruleId !== "distribution/none"));
  }
  return out;
}
