import { hasErrors, RULES, sortDiagnostics, strict as strictify, type Diagnostic } from "../diagnostics/index.js";

/**
 * What a run reports back: the diagnostics, what happened to each edition,
 * and the exit code, decided in one place (`exitCodeOf`) from the kinds of
 * the errors in the rule catalogue.
 */

/** The process exit codes; the README documents them. */
export const EXIT = { ok: 0, content: 1, usage: 2, render: 3, delivery: 4, unreached: 5 } as const;
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** What happened to one edition. */
export interface EditionReport {
  readonly name: string;
  readonly status: "built" | "failed";
  /** Absolute paths of the edition's PDF and HTML files, when built. */
  readonly files: readonly string[];
  readonly pages?: number;
  readonly readingGrade?: number;
}

/** The outcome of a build or check. */
export interface Result {
  readonly exitCode: ExitCode;
  readonly diagnostics: readonly Diagnostic[];
  readonly editions: readonly EditionReport[];
}

/**
 * The exit code for a set of diagnostics: wrong usage (2) before a renderer
 * failure (3) before a failed delivery (4) before a recipient still
 * refused or unknown (5) before any other error (1).
 */
export function exitCodeOf(diagnostics: readonly Diagnostic[]): ExitCode {
  const kinds = new Set(diagnostics.filter((d) => d.severity === "error").map((d) => RULES[d.ruleId].kind));
  if (kinds.has("usage")) return EXIT.usage;
  if (kinds.has("render")) return EXIT.render;
  if (kinds.has("delivery")) return EXIT.delivery;
  if (kinds.has("unreached")) return EXIT.unreached;
  return hasErrors(diagnostics) ? EXIT.content : EXIT.ok;
}

/** The same problem found while preparing several editions is reported once. */
function dedupe(list: readonly Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const key = `${d.file}:${d.line}:${d.column}:${d.severity}:${d.ruleId}:${d.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** The final result: diagnostics de-duplicated, promoted under --strict, sorted; the exit code from them. */
export function finish(diagnostics: readonly Diagnostic[], editions: readonly EditionReport[], strict = false): Result {
  const list = sortDiagnostics(dedupe(strict ? strictify(diagnostics) : diagnostics));
  return { exitCode: exitCodeOf(list), diagnostics: list, editions };
}
