import { formatGithub, formatJson, formatReport } from "../diagnostics/index.js";
import type { Result } from "../pipeline/outcome.js";
import type { Io } from "./io.js";

/** How findings are printed: text for people, JSON for tools, GitHub workflow commands for CI annotations. */
export type ReportFormat = "text" | "json" | "github";

/**
 * Print a run's diagnostics: text to stderr (one line and a hint each),
 * JSON or GitHub annotations to stdout. Inside GitHub Actions
 * (`GITHUB_ACTIONS=true`) text reports also emit the annotations, so that
 * `brief build`'s problems show on the pull request too.
 */
export function report(result: Result, format: ReportFormat, io: Io, env: NodeJS.ProcessEnv = process.env): void {
  if (format === "json") io.out(`${formatJson(result.diagnostics)}\n`);
  else if (format === "github") io.out(formatGithub(result.diagnostics));
  else {
    io.err(formatReport(result.diagnostics));
    if (env.GITHUB_ACTIONS === "true") io.out(formatGithub(result.diagnostics.filter((d) => d.severity !== "info")));
  }
}
