/**
 * GitHub Actions expressions (`${{ … }}` and `if:`), evaluated the way the
 * runner does for the subset the editions workflow uses: literals, context
 * paths (`a.b`, `a['b']`, `a.*.b`), `!`, `==`, `!=`, `<`, `>`, `&&`, `||`
 * (which return an operand, not a boolean), parentheses, and the functions
 * success(), failure(), always(), cancelled(), contains(), startsWith(),
 * endsWith(), format(), toJSON(), fromJSON() and join(). Strings compare
 * without regard to case, as on GitHub. Anything else throws, so the
 * simulation cannot silently mis-read the workflow.
 */

/** A value an expression can produce. */
export type Value = string | number | boolean | null | Value[] | { [k: string]: Value };

/** What an expression may read. */
export interface Scope {
  readonly contexts: Readonly<Record<string, Value>>;
  /** The job's status so far, for success()/failure()/always()/cancelled(). */
  readonly status: "success" | "failure" | "cancelled";
  /** hashFiles() over the runner's workspace, where there is one. */
  readonly hashFiles?: (patterns: readonly string[]) => string;
}

type Token = { t: "num" | "str" | "id" | "op"; v: string };

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i] ?? "";
    if (/\s/.test(c)) i++;
    else if (c === "'") {
      let s = "";
      i++;
      for (;;) {
        if (i >= src.length) throw new Error(`unterminated string in ${src}`);
        if (src[i] === "'" && src[i + 1] === "'") {
          s += "'";
          i += 2;
        } else if (src[i] === "'") {
          i++;
          break;
        } else s += src[i++];
      }
      out.push({ t: "str", v: s });
    } else if (/[0-9]/.test(c)) {
      const m = /^[0-9.]+/.exec(src.slice(i))?.[0] ?? c;
      out.push({ t: "num", v: m });
      i += m.length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(src.slice(i))?.[0] ?? c;
      out.push({ t: "id", v: m });
      i += m.length;
    } else {
      const two = src.slice(i, i + 2);
      if (["==", "!=", "&&", "||", "<=", ">="].includes(two)) {
        out.push({ t: "op", v: two });
        i += 2;
      } else if ("!<>()[].,*".includes(c)) {
        out.push({ t: "op", v: c });
        i++;
      } else throw new Error(`unexpected "${c}" in expression ${src}`);
    }
  }
  return out;
}

/** Truthiness as GitHub defines it. */
export function truthy(v: Value): boolean {
  return !(v === false || v === null || v === 0 || v === "" || (typeof v === "number" && Number.isNaN(v)));
}

/** A value as text, the way `${{ }}` writes it into a string. */
export function text(v: Value): string {
  if (v === null) return "";
  if (typeof v === "object") return JSON.stringify(v, null, 2);
  return String(v);
}

function equal(a: Value, b: Value): boolean {
  if (typeof a === "string" && typeof b === "string") return a.toLowerCase() === b.toLowerCase();
  if (typeof a !== typeof b) {
    const n = (x: Value): number => (x === null ? 0 : typeof x === "boolean" ? Number(x) : Number(x));
    return n(a) === n(b);
  }
  return a === b;
}

/** Evaluate one expression (without the `${{ }}`). */
export function evaluate(src: string, scope: Scope): Value {
  const tokens = tokenize(src);
  let p = 0;
  const peek = (): Token | undefined => tokens[p];
  const take = (v?: string): Token => {
    const t = tokens[p++];
    if (!t || (v !== undefined && t.v !== v)) throw new Error(`expected "${v ?? "a token"}" in ${src}`);
    return t;
  };
  const call = (name: string, args: Value[]): Value => {
    const s = (x: Value): string => text(x).toLowerCase();
    switch (name.toLowerCase()) {
      case "success":
        return scope.status === "success";
      case "failure":
        return scope.status === "failure";
      case "cancelled":
        return scope.status === "cancelled";
      case "always":
        return true;
      case "contains": {
        const [hay, needle] = args;
        if (Array.isArray(hay)) return hay.some((x) => equal(x, needle ?? null));
        return s(hay ?? null).includes(s(needle ?? null));
      }
      case "startswith":
        return s(args[0] ?? null).startsWith(s(args[1] ?? null));
      case "endswith":
        return s(args[0] ?? null).endsWith(s(args[1] ?? null));
      case "format":
        return text(args[0] ?? null).replace(/\{(\d+)\}/g, (_m, i: string) => text(args[Number(i) + 1] ?? null));
      case "tojson":
        return JSON.stringify(args[0] ?? null, null, 2);
      case "fromjson":
        return JSON.parse(text(args[0] ?? null)) as Value;
      case "hashfiles":
        if (!scope.hashFiles) throw new Error("hashFiles() outside a job");
        return scope.hashFiles(args.map(text));
      case "join":
        return Array.isArray(args[0]) ? args[0].map(text).join(text(args[1] ?? ",")) : text(args[0] ?? null);
      default:
        throw new Error(`the simulation does not know the function ${name}()`);
    }
  };
  const member = (v: Value, key: string): Value => {
    if (Array.isArray(v)) return v.map((x) => member(x, key));
    if (v && typeof v === "object") {
      const k = Object.keys(v).find((x) => x.toLowerCase() === key.toLowerCase());
      return k === undefined ? null : (v[k] ?? null);
    }
    return null;
  };
  const primary = (): Value => {
    const t = take();
    if (t.t === "str") return t.v;
    if (t.t === "num") return Number(t.v);
    if (t.t === "op" && t.v === "(") {
      const v = or();
      take(")");
      return v;
    }
    if (t.t !== "id") throw new Error(`unexpected "${t.v}" in ${src}`);
    if (t.v === "true") return true;
    if (t.v === "false") return false;
    if (t.v === "null") return null;
    if (peek()?.v === "(") {
      take("(");
      const args: Value[] = [];
      while (peek()?.v !== ")") {
        args.push(or());
        if (peek()?.v === ",") take(",");
      }
      take(")");
      return call(t.v, args);
    }
    let v: Value = scope.contexts[t.v] ?? null;
    for (;;) {
      if (peek()?.v === ".") {
        take(".");
        const k = take();
        v = k.v === "*" ? (v && typeof v === "object" ? Object.values(v) : []) : member(v, k.v);
      } else if (peek()?.v === "[") {
        take("[");
        const k = or();
        take("]");
        v = member(v, text(k));
      } else return v;
    }
  };
  const unary = (): Value => (peek()?.v === "!" ? (take("!"), !truthy(unary())) : primary());
  const compare = (): Value => {
    let v = unary();
    while (["==", "!=", "<", ">", "<=", ">="].includes(peek()?.v ?? "")) {
      const op = take().v;
      const r = unary();
      if (op === "==") v = equal(v, r);
      else if (op === "!=") v = !equal(v, r);
      else {
        const [a, b] = [Number(v), Number(r)];
        v = op === "<" ? a < b : op === ">" ? a > b : op === "<=" ? a <= b : a >= b;
      }
    }
    return v;
  };
  const and = (): Value => {
    let v = compare();
    while (peek()?.v === "&&") {
      take("&&");
      const r = compare();
      v = truthy(v) ? r : v;
    }
    return v;
  };
  const or = (): Value => {
    let v = and();
    while (peek()?.v === "||") {
      take("||");
      const r = and();
      v = truthy(v) ? v : r;
    }
    return v;
  };
  const v = or();
  if (p !== tokens.length) throw new Error(`trailing "${tokens[p]?.v ?? ""}" in ${src}`);
  return v;
}

/** A string with every `${{ … }}` replaced by its value. */
export function interpolate(s: string, scope: Scope): string {
  return s.replace(/\$\{\{([\s\S]*?)\}\}/g, (_m, e: string) => text(evaluate(e, scope)));
}

/** An `if:` condition: bare or wrapped; without a status function it is `success() && (…)`. */
export function condition(cond: string | boolean | undefined, scope: Scope): boolean {
  if (cond === undefined) return scope.status === "success";
  const src = String(cond)
    .trim()
    .replace(/^\$\{\{([\s\S]*)\}\}$/, "$1");
  const ok = truthy(evaluate(src, scope));
  return /\b(success|failure|always|cancelled)\s*\(/.test(src) ? ok : ok && scope.status === "success";
}
