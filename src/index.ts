/**
 * The public API of the policy-brief pipeline. Everything here is
 * re-exported from the module that implements it.
 *
 * - `build(options)` renders every requested edition into the output folder.
 * - `check(options)` validates content and runs the editorial rules.
 * - Content problems come back as positioned diagnostics and an exit code,
 *   never as exceptions; `formatReport`/`formatJson` print them, and
 *   `RULES` is the catalogue of every rule id.
 */
export { build, check, EXIT, exitCodeOf } from "./pipeline/index.js";
export type {
  BuildOptions,
  CheckOptions,
  CommonOptions,
  EditionReport,
  ExitCode,
  PipelineEvent,
  Result,
} from "./pipeline/index.js";
export { formatJson, formatLine, formatReport, RULES, ruleIds, ruleMeta } from "./diagnostics/index.js";
export type { Diagnostic, RuleId, RuleMeta, Severity } from "./diagnostics/index.js";
