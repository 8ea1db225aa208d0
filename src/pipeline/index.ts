/**
 * Orchestration: how the stages are run for `build` and `check`. The
 * modules, in the order a run uses them: options.ts (what the caller
 * asks), prepare.ts (load → plan → merge → markdown → layout),
 * publish.ts (render, with paginate.ts's contents loop, → pdf → write),
 * outcome.ts (the result and its exit code); build.ts and check.ts put
 * them together. seams.ts names the side effects tests replace.
 */
export { build, runBuild } from "./build.js";
export { check, runCheck } from "./check.js";
export type { BuildOptions, CheckOptions, CommonOptions, PipelineEvent } from "./options.js";
export { EXIT, exitCodeOf, type EditionReport, type ExitCode, type Result } from "./outcome.js";
export { REAL_SEAMS, type Seams } from "./seams.js";
