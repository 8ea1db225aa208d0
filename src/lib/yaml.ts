import {
  isCollection,
  isMap,
  isNode,
  isScalar,
  isSeq,
  LineCounter,
  parseDocument,
  visit,
  type Document,
  type Node,
  type Pair,
  type YAMLMap,
} from "yaml";
import type { ZodIssue, ZodType, ZodTypeAny, ZodTypeDef } from "zod";
import { MOVED_KEYS } from "../config/schemas.js";
import {
  diagnostic,
  ruleMeta,
  type Diagnostic,
  type Location,
  type Reported,
  type RuleId,
  type SchemaFile,
} from "../diagnostics/index.js";
import { knownKeys, wordIssue } from "./schema-words.js";
import { wordYamlError } from "./yaml-words.js";
import { closest } from "./suggest.js";

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
    // The library's own check compares each key with every earlier one (quadratic); duplicateKey() is linear.
    uniqueKeys: false,
    merge: false,
    prettyErrors: false,
    strict: true,
  });
  const yaml: PositionedYaml = { file, doc, lines, lineOffset };
  const diagnostics: Diagnostic[] = [];
  // One mistake often cascades into several parser errors; the first is the one to fix.
  const problems = [...doc.errors, ...doc.warnings];
  const err = problems[0];
  if (err) {
    const dup = err.code === "DUPLICATE_KEY";
    const key = (/^[^:\n]+/.exec(text.slice(err.pos[0]))?.[0] ?? "").trim();
    const tag = err.code === "TAG_RESOLVE_FAILED" || /tag/i.test(err.message);
    const rule = dup ? "yaml/duplicate-key" : tag ? "yaml/unknown-tag" : "yaml/syntax";
    const worded = dup || tag ? undefined : wordYamlError(problems, text);
    diagnostics.push(
      diagnostic({
        rule,
        at: locate(yaml, worded?.offset ?? err.pos[0]),
        message: dup ? `duplicate key "${key}"` : (worded?.message ?? firstLine(err.message)),
        ...(worded?.hint ? { hint: worded.hint } : {}),
        cause: err,
      }),
    );
  }
  const dup = diagnostics.length === 0 ? duplicateKey(doc) : undefined;
  if (dup)
    diagnostics.push(
      diagnostic({ rule: "yaml/duplicate-key", at: locate(yaml, dup.offset), message: `duplicate key "${dup.key}"` }),
    );
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

/** The first key repeated in a mapping (in document order), found in one pass with a set per mapping. */
function duplicateKey(doc: Document.Parsed): { key: string; offset: number } | undefined {
  let found: { key: string; offset: number } | undefined;
  visit(doc, {
    Map(_, map) {
      const seen = new Set<unknown>();
      for (const p of map.items) {
        const k = isScalar(p.key) ? p.key.value : String(p.key);
        if (seen.has(k)) {
          const offset = isNode(p.key) && p.key.range ? p.key.range[0] : (map.range?.[0] ?? 0);
          if (!found || offset < found.offset) found = { key: String(k), offset };
          return undefined;
        }
        seen.add(k);
      }
      return undefined;
    },
  });
  return found;
}

function firstLine(s: string): string {
  return (s.split("\n")[0] ?? s).trim();
}

/** Line and column of a character offset in the YAML source. */
export function locate(yaml: PositionedYaml, offset: number): Location {
  const { line, col } = yaml.lines.linePos(offset);
  return { file: yaml.file, line: line + yaml.lineOffset, column: col };
}

/** Each map's pairs by key, built once per map: looking a key up must not scan the map (20,000 facts). */
const PAIRS = new WeakMap<YAMLMap, Map<unknown, Pair>>();

function pairsOf(map: YAMLMap): Map<unknown, Pair> {
  let index = PAIRS.get(map);
  if (!index) {
    index = new Map();
    for (const p of map.items) {
      const k = isScalar(p.key) ? p.key.value : p.key;
      if (!index.has(k)) index.set(k, p);
    }
    PAIRS.set(map, index);
  }
  return index;
}

/** The pair (in a map) or node (in a sequence) at `key` under `node`. */
function childOf(node: unknown, key: string | number): { node: unknown; pair?: Pair } {
  if (isMap(node)) {
    const pair = pairsOf(node).get(key);
    return pair ? { node: pair.value, pair } : { node: undefined };
  }
  if (isSeq(node) && typeof key === "number") return { node: node.items[key] };
  return { node: undefined };
}

/** Location of the value at `path` (of its key, with `key`), or of its nearest existing ancestor. */
export function locatePath(yaml: PositionedYaml, path: readonly PropertyKey[], key = false): Location {
  let node: unknown = yaml.doc.contents;
  let best: Location | undefined = yaml.doc.contents?.range ? locate(yaml, yaml.doc.contents.range[0]) : undefined;
  for (let i = 0; i < path.length; i++) {
    const p = path[i];
    const child = childOf(node, typeof p === "number" ? p : String(p));
    node = child.node;
    if (!isNode(node) || !node.range) break;
    const last = i === path.length - 1;
    const k = child.pair?.key;
    best = last && key && isScalar(k) && k.range ? locate(yaml, k.range[0]) : locate(yaml, node.range[0]);
  }
  return best ?? { file: yaml.file, line: yaml.lineOffset + 1, column: 1 };
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
  const diagnostics = result.error.issues.flatMap((issue) => issueToDiagnostics(yaml, issue, rulePrefix, schema));
  return { diagnostics };
}

/** The value written at `path`, for "got …" in a message. */
function written(yaml: PositionedYaml, path: readonly PropertyKey[]): unknown {
  const node = yaml.doc.getIn(
    path.map((p) => (typeof p === "symbol" ? String(p) : p)),
    true,
  );
  return isScalar(node) ? node.value : node === undefined ? undefined : (node as Node).toJSON();
}

function issueToDiagnostics(
  yaml: PositionedYaml,
  issue: ZodIssue,
  rulePrefix: SchemaFile,
  schema: ZodTypeAny,
): Diagnostic[] {
  const dotted = issue.path.length ? issue.path.join(".") : "(document)";
  // A schema may name its own rule for a custom check: `ctx.addIssue({ code: "custom", params: { rule } })`.
  const own = issue.code === "custom" ? customRule(issue.params) : undefined;
  if (own) {
    // About a whole mapping or list (editions.gamma): point at its key, not at its first entry.
    const node = yaml.doc.getIn(
      issue.path.map((p) => (typeof p === "symbol" ? String(p) : p)),
      true,
    );
    const at = locatePath(yaml, issue.path, isCollection(node));
    return [diagnostic({ rule: own, at, message: `${dotted} ${issue.message}` })];
  }
  if (issue.code === "unrecognized_keys") {
    const known = knownKeys(schema, issue.path, written(yaml, issue.path));
    return issue.keys.map((k) => {
      const where = issue.path.length ? `${dotted}.` : "";
      const moved = MOVED_KEYS[`${rulePrefix}:${where}${k}`];
      const near = closest(k, known, 1);
      const hint =
        moved ??
        (near.length
          ? `Did you mean "${near[0]}"? Unknown keys are rejected rather than ignored.`
          : `Remove the key or fix its spelling; the keys allowed here are: ${known.join(", ")}.`);
      return diagnostic({
        rule: `${rulePrefix}/unknown-key`,
        at: locateKey(yaml, issue.path, k),
        message: `unknown key "${where}${k}"`,
        ...(known.length || moved ? { hint } : {}),
      });
    });
  }
  const missing =
    (issue.code === "invalid_type" && issue.received === "undefined") ||
    (issue.code === "invalid_union_discriminator" && written(yaml, issue.path) === undefined);
  if (missing) {
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
  const worded = wordIssue(issue, written(yaml, issue.path));
  return [
    diagnostic({
      rule: `${rulePrefix}/invalid`,
      at: locatePath(yaml, issue.path),
      message: `${dotted} ${worded.message}`,
      ...(worded.hint ? { hint: worded.hint } : {}),
    }),
  ];
}
