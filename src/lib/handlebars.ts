import Handlebars from "handlebars";
import { diagnostic, type Diagnostic } from "../diagnostics/index.js";
import { syntaxDiagnostic } from "./handlebars-errors.js";
import type { SourceText } from "../model.js";

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
const FORBIDDEN = new Set([
  "__proto__",
  "constructor",
  "prototype",
  "__defineGetter__",
  "__defineSetter__",
  "__lookupGetter__",
  "__lookupSetter__",
  "hasOwnProperty",
  "valueOf",
  "toString",
]);

/** A helper call found in a template, with its position in the file. */
export interface HelperCall {
  readonly name: string;
  /** String-literal arguments, in order; `undefined` where an argument is not a literal. */
  readonly args: readonly (string | undefined)[];
  /** Options written `key="value"`, each checked against the helper's `HelperOptions`. */
  readonly hash: Readonly<Record<string, string>>;
  readonly line: number;
  readonly column: number;
}

/**
 * The `key="value"` options each helper takes, and the values each key
 * allows. A helper not listed takes none; any other key or value is an
 * error at its own position (template/bad-option).
 */
export type HelperOptionSpec = ReadonlyMap<string, Readonly<Record<string, readonly string[]>>>;

/** Result of parsing: the AST when it parsed, plus every helper call and problem. */
export interface Parsed {
  readonly ast?: Program;
  readonly calls: readonly HelperCall[];
  readonly diagnostics: readonly Diagnostic[];
}

/** Position of a Handlebars node, shifted by the template's line offset in its file. */
function at(t: SourceText, node: Node, lineOffset: number): { file: string; line: number; column: number } {
  const loc = node.loc;
  return {
    file: t.file,
    line: (loc?.start.line ?? 1) + lineOffset,
    column: (loc?.start.column ?? 0) + 1,
  };
}

/**
 * Walks a parsed template, recording helper calls and refusing prototype
 * access, unknown helpers and decorators, each at its own position.
 */
class TemplateChecker {
  readonly calls: HelperCall[] = [];
  readonly diagnostics: Diagnostic[] = [];

  constructor(
    private readonly t: SourceText,
    private readonly known: ReadonlySet<string>,
    private readonly lineOffset: number,
    private readonly options: HelperOptionSpec,
    private readonly partials: ReadonlySet<string> | undefined,
  ) {}

  visit(n: Node): void {
    if (n.type === "Program") (n as Program).body.forEach((c) => this.visit(c));
    else if (n.type === "MustacheStatement") {
      const m = n as hbs.AST.MustacheStatement;
      this.call(m, m.params.length > 0 || (m.hash?.pairs.length ?? 0) > 0);
    } else if (n.type === "BlockStatement") {
      const b = n as hbs.AST.BlockStatement;
      this.call(b, true);
      if (b.program) this.visit(b.program);
      if (b.inverse) this.visit(b.inverse);
    } else if (n.type === "PartialStatement" || n.type === "PartialBlockStatement") {
      this.partial(n as hbs.AST.PartialStatement | hbs.AST.PartialBlockStatement);
    } else if (n.type === "DecoratorBlock" || n.type === "Decorator") {
      this.diagnostics.push(
        diagnostic({
          rule: "template/decorator",
          at: this.at(n),
          message: "Handlebars decorators are not allowed",
        }),
      );
    }
  }

  /**
   * A partial (`{{> name}}`) or partial block (`{{#> name}}…{{/name}}`):
   * its arguments and block are checked like any other, and where only
   * some partials are allowed (sections: none), any other is refused. A
   * partial block whose partial does not exist renders its block, so it
   * must never slip past the helper check.
   */
  private partial(n: hbs.AST.PartialStatement | hbs.AST.PartialBlockStatement): void {
    n.params.forEach((p) => this.expr(p));
    n.hash?.pairs.forEach((p) => this.expr(p.value));
    this.expr(n.name);
    const name = n.name.type === "PathExpression" ? n.name.original : "(dynamic)";
    if (this.partials && !this.partials.has(name)) {
      const block = n.type === "PartialBlockStatement";
      this.diagnostics.push(
        diagnostic({
          rule: "template/partial",
          at: this.at(n),
          message: `${block ? "partial block" : "partial"} "${name}" is not allowed here`,
        }),
      );
    }
    if (n.type === "PartialBlockStatement") this.visit(n.program);
  }

  private at(node: Node): { file: string; line: number; column: number } {
    return at(this.t, node, this.lineOffset);
  }

  private path(p: Expr): void {
    if (p.type !== "PathExpression") return;
    const path = p as hbs.AST.PathExpression;
    const bad =
      path.parts.find((part) => FORBIDDEN.has(part)) ?? (FORBIDDEN.has(path.original) ? path.original : undefined);
    if (bad === undefined) return;
    const message = `"${path.original}" reaches into JavaScript internals (${bad})`;
    this.diagnostics.push(diagnostic({ rule: "template/prototype-access", at: this.at(p), message }));
  }

  private expr(e: Expr): void {
    if (e.type === "SubExpression") this.call(e as hbs.AST.SubExpression, true);
    else this.path(e);
  }

  /** A mustache, block or sub-expression; `isCall` when it must name a helper. */
  private call(
    node: hbs.AST.MustacheStatement | hbs.AST.BlockStatement | hbs.AST.SubExpression,
    isCall: boolean,
  ): void {
    node.params.forEach((p) => this.expr(p));
    node.hash?.pairs.forEach((p) => this.expr(p.value));
    if (node.path.type !== "PathExpression") return;
    const path = node.path as hbs.AST.PathExpression;
    this.path(path);
    const name = path.original;
    if (!isCall && !this.known.has(name)) return;
    if (!this.known.has(name)) {
      const hint = `Use one of: ${[...this.known].sort().join(", ")} (see docs/authoring.md, "Helpers").`;
      this.diagnostics.push(
        diagnostic({
          rule: "template/unknown-helper",
          at: this.at(node),
          message: `unknown helper "${name}"`,
          hint,
        }),
      );
      return;
    }
    const args = node.params.map((p) => (p.type === "StringLiteral" ? (p as hbs.AST.StringLiteral).value : undefined));
    const pos = this.at(node);
    this.calls.push({ name, args, hash: this.hash(name, node.hash), line: pos.line, column: pos.column });
  }

  /** A call's `key="value"` options; keys and values the helper does not take are reported where written. */
  private hash(helper: string, hash: hbs.AST.Hash | undefined): Record<string, string> {
    const out: Record<string, string> = {};
    const allowed = this.options.get(helper) ?? {};
    for (const pair of hash?.pairs ?? []) {
      const values = Object.hasOwn(allowed, pair.key) ? allowed[pair.key] : undefined;
      const literal = pair.value;
      const value =
        literal.type === "StringLiteral"
          ? (literal as hbs.AST.StringLiteral).value
          : literal.type === "BooleanLiteral"
            ? String((literal as hbs.AST.BooleanLiteral).value)
            : undefined;
      const ok = values !== undefined && value !== undefined && values.includes(value);
      if (ok) {
        out[pair.key] = value;
        continue;
      }
      const written = (v: string): string => (v === "true" || v === "false" ? v : `"${v}"`);
      const takes = Object.entries(allowed).map(([k, vs]) => vs.map((v) => `${k}=${written(v)}`).join(", "));
      const message =
        values === undefined
          ? `{{${helper}}} takes no option "${pair.key}"`
          : `{{${helper}}} option ${pair.key} must be ${values.map(written).join(" or ")}`;
      this.diagnostics.push(
        diagnostic({
          rule: "template/bad-option",
          at: {
            file: this.t.file,
            line: (pair.loc?.start.line ?? 1) + this.lineOffset,
            column: (pair.loc?.start.column ?? 0) + 1,
          },
          message,
          hint: takes.length
            ? `{{${helper}}} takes: ${takes.join("; ")}.`
            : `Remove the option; {{${helper}}} takes none.`,
        }),
      );
    }
    return out;
  }
}

export { runtimeDiagnostic } from "./handlebars-errors.js";

/**
 * Parse and statically check a template against the helpers it may call.
 * `partials`: the partials it may use (undefined: any, as in layouts).
 */
export function parseTemplate(
  t: SourceText,
  known: ReadonlySet<string>,
  lineOffset = 0,
  keepStandalone = false,
  options: HelperOptionSpec = new Map(),
  partials?: ReadonlySet<string>,
): Parsed {
  let ast: Program;
  try {
    ast = Handlebars.parse(t.text, { ignoreStandalone: keepStandalone });
  } catch (cause) {
    return { calls: [], diagnostics: [syntaxDiagnostic(t, cause, lineOffset)] };
  }
  const checker = new TemplateChecker(t, known, lineOffset, options, partials);
  checker.visit(ast);
  return { ast, calls: checker.calls, diagnostics: checker.diagnostics };
}

/** An isolated Handlebars environment: helpers registered here affect nothing else. */
export function environment(): typeof Handlebars {
  return Handlebars.create();
}

/** Handlebars' own compiler classes, which its types do not declare (compile() uses them exactly so). */
interface CompilerClasses {
  readonly Compiler?: new () => { compile(ast: Program, options: CompileOptions): unknown };
  readonly JavaScriptCompiler?: new () => {
    compile(environment: unknown, options: CompileOptions, context: undefined, asObject: true): TemplateSpecification;
  };
}

/**
 * A parsed template compiled to a template specification: what
 * `Handlebars.compile` builds before binding it to an environment. A
 * specification holds no helpers or partials of its own, so one compile
 * can serve every environment (`hb.template(spec)`): the layout and
 * partials are compiled once per load instead of once per edition and
 * contents pass. Undefined if this Handlebars lacks the classes.
 */
export function compileSpec(ast: Program, options: CompileOptions): TemplateSpecification | undefined {
  const { Compiler, JavaScriptCompiler } = Handlebars as unknown as CompilerClasses;
  if (!Compiler || !JavaScriptCompiler) return undefined;
  // As Handlebars.compile does: data on unless said otherwise, and a fresh options object (the compiler writes to it).
  const opts: CompileOptions = { data: true, ...options };
  return new JavaScriptCompiler().compile(new Compiler().compile(ast, opts), opts, undefined, true);
}
