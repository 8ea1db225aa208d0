import Handlebars from "handlebars";
import { diagnostic, type Diagnostic } from "../diagnostics/index.js";
import type { TemplateFile } from "../model.js";

/**
 * Handlebars with positions. Templates are parsed first and their AST
 * checked, so an unknown helper, a missing fact or an attempt at prototype
 * access is reported at its own line and column, before anything runs.
 * Runtime errors (strict-mode lookups) keep Handlebars' location too.
 */

type Node = hbs.AST.Node;
type Program = hbs.AST.Program;
type Expr = hbs.AST.Expression;

/** Names that would reach into JavaScript prototypes. */
const FORBIDDEN = new Set(["__proto__", "constructor", "prototype", "__defineGetter__", "__defineSetter__", "__lookupGetter__", "__lookupSetter__", "hasOwnProperty", "valueOf", "toString"]);

/** A helper call found in a template, with its position in the file. */
export interface HelperCall {
  readonly name: string;
  /** String-literal arguments, in order; `undefined` where an argument is not a literal. */
  readonly args: readonly (string | undefined)[];
  readonly line: number;
  readonly column: number;
}

/** Result of parsing: the AST when it parsed, plus every helper call and problem. */
export interface Parsed {
  readonly ast?: Program;
  readonly calls: readonly HelperCall[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Position of a Handlebars node, shifted by the template's line offset in its file. */
function at(t: TemplateFile, node: Node, lineOffset: number): { file: string; line: number; column: number } {
  const loc = node.loc;
  return { file: t.file, line: (loc?.start.line ?? 1) + lineOffset, column: (loc?.start.column ?? 0) + 1 };
}

/** Parse and statically check a template against the helpers it may call. */
export function parseTemplate(t: TemplateFile, known: ReadonlySet<string>, lineOffset = 0, keepStandalone = false): Parsed {
  let ast: Program;
  try {
    ast = Handlebars.parse(t.text, { ignoreStandalone: keepStandalone });
  } catch (cause) {
    return { calls: [], diagnostics: [syntaxDiagnostic(t, cause, lineOffset)] };
  }
  const calls: HelperCall[] = [];
  const diagnostics: Diagnostic[] = [];
  const checkPath = (p: Expr): void => {
    if (p.type !== "PathExpression") return;
    const path = p as hbs.AST.PathExpression;
    const bad = path.parts.find((part) => FORBIDDEN.has(part)) ?? (FORBIDDEN.has(path.original) ? path.original : undefined);
    if (bad) {
      diagnostics.push(diagnostic(at(t, p, lineOffset), "error", "template/prototype-access", `"${path.original}" reaches into JavaScript internals (${bad})`, "Templates may only read the brief's own data; remove this expression."));
    }
  };
  const visitCall = (node: hbs.AST.MustacheStatement | hbs.AST.BlockStatement | hbs.AST.SubExpression, isCall: boolean): void => {
    node.params.forEach(visitExpr);
    node.hash?.pairs.forEach((p) => visitExpr(p.value));
    if (node.path.type !== "PathExpression") return;
    const path = node.path as hbs.AST.PathExpression;
    checkPath(path);
    const name = path.original;
    if (isCall || known.has(name)) {
      if (!known.has(name)) {
        diagnostics.push(
          diagnostic(at(t, node, lineOffset), "error", "template/unknown-helper", `unknown helper "${name}"`, `Use one of: ${[...known].sort().join(", ")} (see README "Helpers").`),
        );
        return;
      }
      const args = node.params.map((p) => (p.type === "StringLiteral" ? (p as hbs.AST.StringLiteral).value : undefined));
      const pos = at(t, node, lineOffset);
      calls.push({ name, args, line: pos.line, column: pos.column });
    }
  };
  const visitExpr = (e: Expr): void => {
    if (e.type === "SubExpression") visitCall(e as hbs.AST.SubExpression, true);
    else checkPath(e);
  };
  const visit = (n: Node): void => {
    switch (n.type) {
      case "Program":
        (n as Program).body.forEach(visit);
        break;
      case "MustacheStatement": {
        const m = n as hbs.AST.MustacheStatement;
        visitCall(m, m.params.length > 0 || (m.hash?.pairs.length ?? 0) > 0);
        break;
      }
      case "BlockStatement": {
        const b = n as hbs.AST.BlockStatement;
        visitCall(b, true);
        if (b.program) visit(b.program);
        if (b.inverse) visit(b.inverse);
        break;
      }
      case "DecoratorBlock":
      case "Decorator":
        diagnostics.push(diagnostic(at(t, n, lineOffset), "error", "template/decorator", "Handlebars decorators are not allowed", "Remove the {{* }} decorator."));
        break;
      default:
        break;
    }
  };
  visit(ast);
  return { ast, calls, diagnostics };
}

/** A parse error as a diagnostic at the position Handlebars reports. */
function syntaxDiagnostic(t: TemplateFile, cause: unknown, lineOffset: number): Diagnostic {
  const e = cause as { message?: string; hash?: { loc?: { first_line?: number; first_column?: number } }; lineNumber?: number; column?: number };
  const line = e.hash?.loc?.first_line ?? e.lineNumber ?? Number(/line (\d+)/.exec(e.message ?? "")?.[1] ?? 1);
  const column = (e.hash?.loc?.first_column ?? e.column ?? 0) + 1;
  const msgLines = (e.message ?? "syntax error").split("\n").filter(Boolean);
  const last = (msgLines[msgLines.length - 1] ?? "syntax error").replace(/ - \d+:\d+$/, "");
  const first = /got 'EOF'/.test(last) ? "the text ends inside an unclosed {{#block}}" : /^Parse error on line/.test(msgLines[0] ?? "") ? last : (msgLines[0] ?? last).replace(/ - \d+:\d+$/, "");
  return diagnostic(
    { file: t.file, line: line + lineOffset, column },
    "error",
    "template/syntax",
    `Handlebars syntax error: ${first}`,
    "Check that every {{#block}} has a matching {{/block}} and every {{ has a }}.",
    cause,
  );
}

/** A runtime error thrown while rendering, located where Handlebars says. */
export function runtimeDiagnostic(t: TemplateFile, cause: unknown, lineOffset = 0): Diagnostic {
  const e = cause as { message?: string; lineNumber?: number; column?: number };
  const message = (e.message ?? String(cause)).replace(/ - \d+:\d+$/, "");
  return diagnostic(
    { file: t.file, line: (e.lineNumber ?? 1) + lineOffset, column: (e.column ?? 0) + 1 },
    "error",
    "template/runtime",
    `template failed: ${message}`,
    "Check the names used in {{ }}; templates run in strict mode, so every name must exist.",
    cause,
  );
}

/** An isolated Handlebars environment: helpers registered here affect nothing else. */
export function environment(): typeof Handlebars {
  return Handlebars.create();
}
