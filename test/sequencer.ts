import path from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";
import costs from "./file-costs.json" with { type: "json" };

/**
 * The order the browser files start in (issue 33: a fast suite). They run
 * two at a time, so the run lasts at least as long as its longest file
 * plus whatever is left for the other worker when that one starts. Started
 * longest first (the classic LPT order), the year simulation (40 % of
 * the project's time run alone) runs beside all the others instead of after them.
 *
 * vitest orders by the previous run's durations when it has them
 * (node_modules/.vite/vitest), which a fresh clone, and so CI, never has.
 * test/file-costs.json holds the wall seconds of each browser file in a
 * measured run (`node scripts/file-costs.mjs <vitest json report>` writes
 * it); a file it does not name (a new one) goes last, in vitest's order.
 */
const COSTS: Readonly<Record<string, number>> = costs.seconds;

/** A file's measured cost in seconds, or 0 when it was not measured. */
export function costOf(root: string, moduleId: string): number {
  return COSTS[path.relative(root, moduleId).split(path.sep).join("/")] ?? 0;
}

/** Files in the order to start them: vitest's order of projects, and within each project the costliest first. */
export function costliestFirst(root: string, files: readonly TestSpecification[]): TestSpecification[] {
  const byProject = new Map<string, TestSpecification[]>();
  for (const f of files) byProject.set(f.project.name, [...(byProject.get(f.project.name) ?? []), f]);
  // Array.prototype.sort is stable: files of equal cost (the unmeasured ones) keep vitest's order.
  return [...byProject.values()].flatMap((group) =>
    group.sort((a, b) => costOf(root, b.moduleId) - costOf(root, a.moduleId)),
  );
}

export default class CostliestFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    return costliestFirst(this.ctx.config.root, await super.sort(files));
  }
}
