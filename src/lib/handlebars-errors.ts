import { diagnostic, type Diagnostic } from "../diagnostics/index.js";
import type { SourceText } from "../model.js";

/**
 * Handlebars' own errors as positioned diagnostics: a syntax error where
 * the parser stopped, a runtime error (a strict-mode lookup) where the
 * template failed.
 */

/** A parse error as a diagnostic at the position Handlebars reports. */
export function syntaxDiagnostic(t: SourceText, cause: unknown, lineOffset: number): Diagnostic {
  const e = cause as {
    message?: string;
    hash?: { loc?: { first_line?: number; first_column?: number } };
    lineNumber?: number;
    column?: number;
  };
  const line = e.hash?.loc?.first_line ?? e.lineNumber ?? Number(/line (\d+)/.exec(e.message ?? "")?.[1] ?? 1);
  const column = (e.hash?.loc?.first_column ?? e.column ?? 0) + 1;
  const msgLines = (e.message ?? "syntax error").split("\n").filter(Boolean);
  const last = (msgLines[msgLines.length - 1] ?? "syntax error").replace(/ - \d+:\d+$/, "");
  const first = /got 'EOF'/.test(last)
    ? "the text ends inside an unclosed {{#block}}"
    : /^Parse error on line/.test(msgLines[0] ?? "")
      ? last
      : (msgLines[0] ?? last).replace(/ - \d+:\d+$/, "");
  return diagnostic({
    rule: "template/syntax",
    at: { file: t.file, line: line + lineOffset, column },
    message: `Handlebars syntax error: ${first}`,
    cause,
  });
}

/** A runtime error thrown while rendering, located where Handlebars says. */
export function runtimeDiagnostic(t: SourceText, cause: unknown, lineOffset = 0): Diagnostic {
  const e = cause as { message?: string; lineNumber?: number; column?: number };
  const message = (e.message ?? String(cause)).replace(/ - \d+:\d+$/, "");
  const at = { file: t.file, line: (e.lineNumber ?? 1) + lineOffset, column: (e.column ?? 0) + 1 };
  return diagnostic({
    rule: "template/runtime",
    at,
    message: `template failed: ${message}`,
    cause,
  });
}
