import path from "node:path";
import type { Fact } from "../src/config/schemas.js";
import type { Brief, Project } from "../src/model.js";
import { load } from "../src/stages/1-load/index.js";
import { FIXTURES, overlayOf, tempProject } from "./helpers.js";

/**
 * The chart fixture (test/fixtures/charts): the mini brief with a chart of
 * every type, from facts and from CSV and JSON data files, laid over the
 * base fixture. `overlay` changes files on top (a bad CSV, a stale date).
 */

/** A temporary project holding the chart fixture, with `overlay` on top. */
export function chartProject(overlay: Record<string, string | Buffer | null> = {}): string {
  return tempProject({ ...overlayOf(path.join(FIXTURES, "charts")), ...overlay });
}

/** Load a project; the project (when it loaded) and every diagnostic. */
export async function loadRoot(root: string): Promise<Awaited<ReturnType<typeof load>>> {
  return load({ root, contentDir: path.join(root, "content"), templatesDir: path.join(root, "templates") });
}

/** The mini brief of a loaded project, and its facts by id. */
export function miniOf(project: Project | undefined): { brief: Brief; facts: Map<string, Fact> } {
  const brief = project?.briefs.find((b) => b.id === "mini");
  if (!brief) throw new Error("the mini brief did not load");
  return { brief, facts: new Map([...brief.facts].map(([k, v]) => [k, v.value])) };
}

/** `data/inflation.csv` of the fixture with line `n` (1-based, the header is line 1) replaced. */
export function inflationWithLine(n: number, line: string): string {
  const text = overlayOf(path.join(FIXTURES, "charts"))["content/mini/data/inflation.csv"]?.toString("utf8") ?? "";
  const lines = text.split("\n");
  lines[n - 1] = line;
  return lines.join("\n");
}
