/**
 * Positioned diagnostics: the one way a problem in a *document* is reported.
 *
 * Modelled on vfile's VFileMessage: every message carries the file, a
 * 1-based line and column, a stable rule id, a severity, what happened and
 * a hint saying what to do. Stages return diagnostics; they never throw for
 * bad content. Only programmer errors throw.
 */
export type Severity = "error" | "warning" | "info";

/** A single problem found in the project's content, templates or output. */
export interface Diagnostic {
  /** Path relative to the project root, with forward slashes. */
  readonly file: string;
  /** 1-based line; 0 when the problem is about the file as a whole. */
  readonly line: number;
  /** 1-based column; 0 when unknown. */
  readonly column: number;
  readonly severity: Severity;
  /** What happened, in one sentence. */
  readonly message: string;
  /** Stable identifier such as `facts/missing-source`. */
  readonly ruleId: string;
  /** What to do about it. */
  readonly hint: string;
  /** The original error, when the diagnostic wraps one. */
  readonly cause?: unknown;
}

/** A source position inside a file. */
export interface Position {
  readonly line: number;
  readonly column: number;
}

/** Where a diagnostic points before its rule fills in the rest. */
export interface Location extends Position {
  readonly file: string;
}

/** A location for a whole file, when no finer position is known. */
export function fileLocation(file: string): Location {
  return { file, line: 0, column: 0 };
}

/** Build a diagnostic; `hint` is mandatory so every problem says what to do. */
export function diagnostic(
  at: Location,
  severity: Severity,
  ruleId: string,
  message: string,
  hint: string,
  cause?: unknown,
): Diagnostic {
  const base = { file: at.file, line: at.line, column: at.column, severity, ruleId, message, hint };
  return cause === undefined ? base : { ...base, cause };
}

/** True when any diagnostic is an error. */
export function hasErrors(list: readonly Diagnostic[]): boolean {
  return list.some((d) => d.severity === "error");
}

/** Promote warnings to errors (for `--strict`). */
export function strict(list: readonly Diagnostic[]): Diagnostic[] {
  return list.map((d) => (d.severity === "warning" ? { ...d, severity: "error" } : d));
}

/** Stable order: by file, then line, then column, then rule. */
export function sortDiagnostics(list: readonly Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      a.file.localeCompare(b.file) ||
      a.line - b.line ||
      a.column - b.column ||
      a.ruleId.localeCompare(b.ruleId),
  );
}
