import { isMap, isPair, isScalar, LineCounter, parseDocument, type Document, type Node } from "yaml";
import type { ZodIssue, ZodType, ZodTypeDef } from "zod";
import {
  diagnostic,
  ruleMeta,
  type Diagnostic,
  type Location,
  type Reported,
  type RuleId,
  type SchemaFile,
} from "../diagnostics/index.js";

/**
 * YAML with positions, and zod validation mapped back to those positions.
 *
 * The `yaml` package keeps every node's offsets; a LineCounter turns them
 * into line and column. Duplicate keys, unresolved custom tags and alias
 * bombs are errors, not warnings: a brief must mean exactly one thing.
 */

/** A parsed YAML document that can still answer "where is this value?". */
export interface PositionedYaml {
  readonly file: string;
  readonly doc: Document.Parsed;
  readonly lines: LineCounter;
  /** Added to every line, for YAML embedded in a larger file (front matter). */
  readonly lineOffset: number;
}

/** Parse YAML text; syntax problems become diagnostics at their positions. */
export function parseYaml(
  text: string,
  file: string,
  lineOffset = 0,
): { yaml: PositionedYaml; value: unknown; diagnostics: Diagnostic[] } {
  const lines = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: lines,
    uniqueKeys: true,
    merge: false,
    prettyErrors: false,
    strict: true,
  });
  const yaml: PositionedYaml = { file, doc, lines, lineOffset };
  const diagnostics: Diagnostic[] = [];
  // One mistake often cascades into several parser errors; the first is the one to fix.
  for (const err of [...doc.errors, ...doc.warnings].slice(0, 1)) {
    const at = locate(yaml, err.pos[0]);
    const dup = err.code === "DUPLICATE_KEY";
    const key = (/^[^:\n]+/.exec(text.slice(err.pos[0]))?.[0] ?? "").trim();
    const tag = err.code === "TAG_RESOLVE_FAILED" || /tag/i.test(err.message);
    const rule = dup ? "yaml/duplicate-key" : tag ? "yaml/unknown-tag" : "yaml/syntax";
    diagnostics.push(
      diagnostic({
        rule,
        at,
        message: dup ? `duplicate key "${key}"` : firstLine(err.message),
        cause: err,
      }),
    );
  }
  let value: unknown = undefined;
  if (diagnostics.length === 0) {
    try {
      value = doc.toJS({ maxAliasCount: 50 });
    } catch (cause) {
      const message = `YAML could not be expanded: ${firstLine(String((cause as Error).message))}`;
      diagnostics.push(
        diagnostic({
          rule: "yaml/alias-limit",
          at: { file, line: lineOffset + 1, column: 1 },
          message,
          cause,
        }),
      );
    }
  }
  return { yaml, value, diagnostics };
}

function firstLine(s: string): string {
  return (s.split("\n")[0] ?? s).trim();
}

/** Line and column of a character offset in the YAML source. */
export function locate(yaml: PositionedYaml, offset: number): Location {
  const { line, col } = yaml.lines.linePos(offset);
  return { file: yaml.file, line: line + yaml.lineOffset, column: col };
}

/** Location of the value at `path`, or of its nearest existing ancestor. */
export function locatePath(yaml: PositionedYaml, path: readonly PropertyKey[], key = false): Location {
  for (let n = path.length; n >= 0; n--) {
    const sub = path.slice(0, n).map((p) => (typeof p === "symbol" ? String(p) : p));
    const node = yaml.doc.getIn(sub, true) as Node | undefined;
    if (node && node.range) {
      if (key && n === path.length && n > 0) {
        const parent = yaml.doc.getIn(sub.slice(0, -1), true);
        if (isMap(parent)) {
          const pair = parent.items.find((p) => isPair(p) && isScalar(p.key) && p.key.value === sub[sub.length - 1]);
          if (pair && isScalar(pair.key) && pair.key.range) return locate(yaml, pair.key.range[0]);
        }
      }
      return locate(yaml, node.range[0]);
    }
    if (n === 0 && yaml.doc.contents?.range) return locate(yaml, yaml.doc.contents.range[0]);
  }
  return { file: yaml.file, line: yaml.lineOffset + 1, column: 1 };
}

/** The rule a custom zod issue names in `params.rule`, when it is in the catalogue. */
function customRule(params: Record<string, unknown> | undefined): RuleId | undefined {
  const id = params?.rule;
  return typeof id === "string" && isRuleId(id) ? id : undefined;
}

function isRuleId(id: string): id is RuleId {
  return ruleMeta(id) !== undefined;
}

/** Location of a key inside the mapping at `path` (for unknown-key issues). */
function locateKey(yaml: PositionedYaml, path: readonly PropertyKey[], key: string): Location {
  return locatePath(yaml, [...path, key], true);
}

/**
 * Validate a parsed value against a zod schema. Every issue becomes a
 * diagnostic at the YAML node it is about, named by its dotted path.
 */
export function validate<T>(
  yaml: PositionedYaml,
  value: unknown,
  schema: ZodType<T, ZodTypeDef, unknown>,
  rulePrefix: SchemaFile,
): Reported<T> {
  const result = schema.safeParse(value);
  if (result.success) return { value: result.data, diagnostics: [] };
  const diagnostics = result.error.issues.flatMap((issue) => issueToDiagnostics(yaml, issue, rulePrefix));
  return { diagnostics };
}

function issueToDiagnostics(yaml: PositionedYaml, issue: ZodIssue, rulePrefix: SchemaFile): Diagnostic[] {
  const dotted = issue.path.length ? issue.path.join(".") : "(document)";
  // A schema may name its own rule for a custom check: `ctx.addIssue({ code: "custom", params: { rule } })`.
  const own = issue.code === "custom" ? customRule(issue.params) : undefined;
  if (own) return [diagnostic({ rule: own, at: locatePath(yaml, issue.path), message: `${dotted}: ${issue.message}` })];
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((k) =>
      diagnostic({
        rule: `${rulePrefix}/unknown-key`,
        at: locateKey(yaml, issue.path, k),
        message: `unknown key "${issue.path.length ? `${dotted}.` : ""}${k}"`,
      }),
    );
  }
  if (issue.code === "invalid_type" && issue.received === "undefined") {
    const field = String(issue.path[issue.path.length - 1] ?? "");
    return [
      diagnostic({
        rule: `${rulePrefix}/missing-field`,
        at: locatePath(yaml, issue.path, true),
        message: `missing required field "${dotted}"`,
        hint: `Add "${field}" here; see docs/authoring.md.`,
      }),
    ];
  }
  return [
    diagnostic({
      rule: `${rulePrefix}/invalid`,
      at: locatePath(yaml, issue.path),
      message: `${dotted}: ${issue.message}`,
    }),
  ];
}
