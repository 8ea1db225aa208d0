import { formatJson, formatReport } from "../diagnostics/index.js";
import type { Result } from "../pipeline/outcome.js";
import type { Io } from "./io.js";

/** Print a run's diagnostics: text to stderr (one line and a hint each), or JSON to stdout. */
export function report(result: Result, format: "text" | "json", io: Io): void {
  if (format === "json") io.out(`${formatJson(result.diagnostics)}\n`);
  else io.err(formatReport(result.diagnostics));
}
