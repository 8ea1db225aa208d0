/**
 * Positioned diagnostics: the one way a problem in a *document* is reported.
 *
 * Modelled on vfile's VFileMessage: every message carries the file, a
 * 1-based line and column, a stable rule id, a severity, what happened and
 * a hint saying what to do. Stages return diagnostics (see `Reported`);
 * they never throw for bad content. Only programmer errors throw.
 */
import { RULES, type RuleId } from "./rules.js";

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
  /** Stable identifier from the rule catalogue (rules.ts), such as `facts/undefined`. */
  readonly ruleId: RuleId;
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

/** What a diagnostic says, before defaults from the rule catalogue are applied. */
export interface DiagnosticInit {
  readonly rule: RuleId;
  readonly at: Location;
  /** What happened, in one sentence. */
  readonly message: string;
  /** What to do; defaults to the rule's hint in the catalogue. */
  readonly hint?: string;
  /** Defaults to the rule's severity in the catalogue. */
  readonly severity?: Severity;
  /** The original error, when the diagnostic wraps one. */
  readonly cause?: unknown;
}

/** Build a diagnostic; severity and hint come from the rule catalogue unless given. */
export function diagnostic(init: DiagnosticInit): Diagnostic {
  const meta = RULES[init.rule];
  const { file, line, column } = init.at;
  const base = {
    file,
    line,
    column,
    severity: init.severity ?? meta.severity,
    ruleId: init.rule,
    message: init.message,
    hint: init.hint ?? meta.hint,
  };
  return init.cause === undefined ? base : { ...base, cause: init.cause };
}

/** A value, when there is one, and the problems found making it: what every stage returns. */
export interface Reported<T> {
  readonly value?: T;
  readonly diagnostics: readonly Diagnostic[];
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
      a.file.localeCompare(b.file) || a.line - b.line || a.column - b.column || a.ruleId.localeCompare(b.ruleId),
  );
}
