import type { Diagnostic } from "./diagnostic.js";

/**
 * Formats diagnostics for people and for CI.
 *
 * Text form is one line per problem, `path:line:col: severity message rule-id`,
 * followed by an indented hint line, so editors and CI annotators can jump to
 * the position.
 */

/** One problem as the single line the README documents. */
export function formatLine(d: Diagnostic): string {
  return `${d.file}:${d.line}:${d.column}: ${d.severity} ${d.message} ${d.ruleId}`;
}

/** The line plus its hint (informational lines have none worth printing). */
export function formatText(d: Diagnostic): string {
  return d.severity === "info" ? formatLine(d) : `${formatLine(d)}\n  hint: ${d.hint}`;
}

/** "1 error(s), 2 warning(s)" for a list. */
function counts(list: readonly Diagnostic[]): string {
  const errors = list.filter((d) => d.severity === "error").length;
  const warnings = list.filter((d) => d.severity === "warning").length;
  return `${errors} error(s), ${warnings} warning(s)`;
}

/** The brief a problem belongs to (`content/<brief>/…`), or "project" for templates and the rest. */
function briefOf(d: Diagnostic): string {
  return /^content\/([^/]+)\//.exec(d.file)?.[1] ?? "project";
}

/**
 * All problems as text, one block each, with a closing summary line. When
 * the problems come from several briefs, a line per brief comes first, so
 * one team's two warnings are not lost under another's twenty.
 */
export function formatReport(list: readonly Diagnostic[]): string {
  if (list.length === 0) return "";
  const body = list.map(formatText).join("\n");
  const findings = list.filter((d) => d.severity !== "info");
  const groups = [...new Set(findings.map(briefOf))].sort();
  const perBrief =
    groups.length > 1 ? groups.map((g) => `${g}: ${counts(findings.filter((d) => briefOf(d) === g))}\n`).join("") : "";
  return `${body}\n${perBrief}${counts(list)}\n`;
}

/** Machine-readable form for CI annotations (no `cause`, which may not serialise). */
export function formatJson(list: readonly Diagnostic[]): string {
  return JSON.stringify(
    list.map(({ file, line, column, severity, message, ruleId, hint }) => ({
      file,
      line,
      column,
      severity,
      message,
      ruleId,
      hint,
    })),
    null,
    2,
  );
}

const escapeData = (s: string): string => s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
const escapeProperty = (s: string): string => escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
const LEVEL = { error: "error", warning: "warning", info: "notice" } as const;

/**
 * GitHub Actions workflow commands, one per problem
 * (`::error file=…,line=…,col=…,title=rule-id::message`), so problems show
 * on the pull request's files. Values are escaped as the runner expects;
 * a whole-file problem (line 0) carries no line.
 */
export function formatGithub(list: readonly Diagnostic[]): string {
  return list
    .map((d) => {
      const where = [
        `file=${escapeProperty(d.file)}`,
        ...(d.line > 0 ? [`line=${d.line}`] : []),
        ...(d.line > 0 && d.column > 0 ? [`col=${d.column}`] : []),
      ];
      const props = [...where, `title=${escapeProperty(d.ruleId)}`].join(",");
      return `::${LEVEL[d.severity]} ${props}::${escapeData(`${d.message}. ${d.hint}`)}\n`;
    })
    .join("");
}
