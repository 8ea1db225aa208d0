import { z, type ZodIssue, type ZodTypeAny } from "zod";
import { closest } from "./suggest.js";

/**
 * Schema problems in the author's words. Zod's own messages ("Invalid
 * discriminator value. Expected 'money' | 'percent' …") describe the
 * validator; these say what the field must be, what was written, and what
 * to do, e.g. `format must be one of money, percent, number, date, text;
 * got "euro"`, with the hint "For an amount in euros use `format: money`
 * with `currency: EUR`."
 */

/** What an issue says in plain words: the message after the field's dotted path, and a hint when there is a specific one. */
export interface Worded {
  readonly message: string;
  readonly hint?: string;
}

/** A written value as it would appear in the file, for "got …". */
function shown(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "an empty value";
  if (typeof value === "string") return `"${value.length > 60 ? `${value.slice(0, 57)}…` : value}"`;
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  return typeof value;
}

const TYPE_WORDS: Record<string, string> = {
  string: "text",
  number: "a number",
  integer: "a whole number",
  boolean: "true or false",
  array: "a list",
  object: "a mapping of keys to values",
  date: "a date",
  null: "an empty value",
};

/** Currency names and codes an author may write as a `format`, and the ISO code they mean. */
const CURRENCY_WORDS: Record<string, [code: string, name: string]> = {
  euro: ["EUR", "euros"],
  euros: ["EUR", "euros"],
  eur: ["EUR", "euros"],
  "€": ["EUR", "euros"],
  dollar: ["USD", "US dollars"],
  dollars: ["USD", "US dollars"],
  usd: ["USD", "US dollars"],
  $: ["USD", "US dollars"],
  pound: ["GBP", "pounds sterling"],
  pounds: ["GBP", "pounds sterling"],
  sterling: ["GBP", "pounds sterling"],
  gbp: ["GBP", "pounds sterling"],
  "£": ["GBP", "pounds sterling"],
  yuan: ["CNY", "yuan"],
  renminbi: ["CNY", "yuan"],
  rmb: ["CNY", "yuan"],
  cny: ["CNY", "yuan"],
};

/** A hint for a value that is one of `options` but for a typo, or a currency written as a format. */
function choiceHint(field: string, got: unknown, options: readonly string[]): string | undefined {
  if (field === "format" && typeof got === "string") {
    const currency = CURRENCY_WORDS[got.trim().toLowerCase()];
    if (currency) return `For an amount in ${currency[1]} use \`format: money\` with \`currency: ${currency[0]}\`.`;
    if (/^(%|pct|per ?cent(age)?)$/i.test(got.trim()))
      return "For a share use `format: percent`, with the value as a number (18 for 18%).";
    if (/^(year|month|day)$/i.test(got.trim()))
      return "For a year, a month or a day use `format: date`, with the value written YYYY, YYYY-MM or YYYY-MM-DD.";
  }
  const near = typeof got === "string" ? closest(got, options, 1) : [];
  return near.length ? `Did you mean "${near[0]}"?` : undefined;
}

/** The list of allowed values, written as an author reads it. */
const oneOf = (options: readonly (string | number)[]): string => options.map(String).join(", ");

/** The issue in plain words; `got` is the value written at the issue's path (read from the YAML). */
export function wordIssue(issue: ZodIssue, got: unknown): Worded {
  const field = String(issue.path[issue.path.length - 1] ?? "");
  switch (issue.code) {
    case z.ZodIssueCode.invalid_union_discriminator: {
      const options = issue.options.map(String);
      const hint = choiceHint(field, got, options);
      return { message: `must be one of ${oneOf(options)}; got ${shown(got)}`, ...(hint ? { hint } : {}) };
    }
    case z.ZodIssueCode.invalid_enum_value: {
      const options = issue.options.map(String);
      const hint = choiceHint(field, got, options);
      return { message: `must be one of ${oneOf(options)}; got ${shown(got)}`, ...(hint ? { hint } : {}) };
    }
    case z.ZodIssueCode.invalid_literal:
      return { message: `must be ${shown(issue.expected)}; got ${shown(got)}` };
    case z.ZodIssueCode.invalid_type: {
      const want = TYPE_WORDS[issue.expected] ?? issue.expected;
      const hint =
        issue.expected === "string" && typeof got === "number"
          ? "Put the value in quotes."
          : issue.expected === "number" && typeof got === "string"
            ? 'Write the number without quotes, units or separators (5576000, not "$5.576m"); `format` decides how it prints.'
            : undefined;
      return { message: `must be ${want}; got ${shown(got)}`, ...(hint ? { hint } : {}) };
    }
    case z.ZodIssueCode.too_small:
      if (issue.type === "string") return { message: "must not be empty" };
      if (issue.type === "array") return { message: `must list at least ${String(issue.minimum)}` };
      return { message: `must be at least ${String(issue.minimum)}; got ${shown(got)}` };
    case z.ZodIssueCode.too_big:
      return { message: `must be at most ${String(issue.maximum)}; got ${shown(got)}` };
    case z.ZodIssueCode.not_finite:
      return { message: `must be a finite number; got ${shown(got)}` };
    case z.ZodIssueCode.invalid_string:
      if (issue.validation === "email") return { message: `must be an e-mail address; got ${shown(got)}` };
      if (issue.validation === "url") return { message: `must be a web address (https://…); got ${shown(got)}` };
      if (field === "published")
        return {
          message: `${issue.message}; got ${shown(got)}`,
          hint: "Write the date the source gives, as precisely as it gives it (2024, 2024-07 or 2024-07-12); leave `published` out when it gives none, and the sources list prints n.d.",
        };
      return { message: `${issue.message}; got ${shown(got)}` };
    case z.ZodIssueCode.invalid_union:
      return { message: `is not valid; got ${shown(got)}` };
    default:
      // Custom and refinement messages are written for authors already ("is after the edition date …").
      return { message: issue.message };
  }
}

/** Unwrap optional, default, effects and the like down to the schema that holds the shape. */
function inner(schema: ZodTypeAny): ZodTypeAny {
  let s = schema;
  for (;;) {
    if (s instanceof z.ZodOptional || s instanceof z.ZodNullable) s = s.unwrap() as ZodTypeAny;
    else if (s instanceof z.ZodDefault) s = s.removeDefault() as ZodTypeAny;
    else if (s instanceof z.ZodEffects) s = s.innerType() as ZodTypeAny;
    else return s;
  }
}

/**
 * The keys a mapping at `path` may hold under `schema`, to suggest a
 * spelling for an unknown key. Empty when the path is not a fixed shape.
 */
export function knownKeys(schema: ZodTypeAny, path: readonly (string | number)[], value?: unknown): string[] {
  let s = inner(schema);
  for (const part of path) {
    if (s instanceof z.ZodObject) s = inner((s.shape as Record<string, ZodTypeAny>)[String(part)] ?? z.never());
    else if (s instanceof z.ZodRecord) s = inner(s.valueSchema as ZodTypeAny);
    else if (s instanceof z.ZodArray) s = inner(s.element as ZodTypeAny);
    else return [];
  }
  if (s instanceof z.ZodDiscriminatedUnion)
    s = variant(s as z.ZodDiscriminatedUnion<string, z.ZodDiscriminatedUnionOption<string>[]>, value);
  return s instanceof z.ZodObject ? Object.keys(s.shape as object) : [];
}

/** The variant of a discriminated union that `value` chose (by its discriminator), else the union itself. */
function variant(
  u: z.ZodDiscriminatedUnion<string, z.ZodDiscriminatedUnionOption<string>[]>,
  value: unknown,
): ZodTypeAny {
  const tag =
    typeof value === "object" && value !== null ? (value as Record<string, unknown>)[u.discriminator] : undefined;
  const options: readonly z.ZodDiscriminatedUnionOption<string>[] = u.options;
  return options.find((o) => inner(o.shape[u.discriminator] ?? z.never()).safeParse(tag).success) ?? u;
}
