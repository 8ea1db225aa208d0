/**
 * Small CSS helpers for the preview, working on the trusted stylesheet an
 * edition is laid out with: find top-level at-rules (skipping comments and
 * strings), and make the print rules apply on screen.
 */

/** One at-rule: its name, the text between the name and `{`, its body, and where it sits. */
export interface AtRule {
  readonly name: string;
  readonly prelude: string;
  readonly body: string;
  readonly start: number;
  readonly end: number;
}

/** `css` with comments blanked out (offsets kept); strings are left alone. */
export function blankComments(css: string): string {
  let out = "";
  let i = 0;
  while (i < css.length) {
    const ch = css[i] ?? "";
    if (ch === '"' || ch === "'") {
      const end = stringEnd(css, i);
      out += css.slice(i, end);
      i = end;
    } else if (ch === "/" && css[i + 1] === "*") {
      const close = css.indexOf("*/", i + 2);
      const end = close < 0 ? css.length : close + 2;
      out += css.slice(i, end).replace(/[^\n]/g, " ");
      i = end;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

/** Index just past the string that starts at `i` (a backslash escapes the next character). */
function stringEnd(css: string, i: number): number {
  const quote = css[i];
  let j = i + 1;
  while (j < css.length && css[j] !== quote && css[j] !== "\n") j += css[j] === "\\" ? 2 : 1;
  return Math.min(j + 1, css.length);
}

/** Index just past the `}` matching the `{` at `open`, ignoring braces inside strings. */
function blockEnd(css: string, open: number): number {
  let depth = 0;
  for (let i = open; i < css.length; i++) {
    const ch = css[i];
    if (ch === '"' || ch === "'") i = stringEnd(css, i) - 1;
    else if (ch === "{") depth++;
    else if (ch === "}" && --depth === 0) return i + 1;
  }
  return css.length;
}

/** The at-rules with a block directly in `css` (not nested in another block), comments already blanked. */
export function atRules(css: string): AtRule[] {
  const out: AtRule[] = [];
  let depth = 0;
  for (let i = 0; i < css.length; i++) {
    const ch = css[i];
    if (ch === '"' || ch === "'") i = stringEnd(css, i) - 1;
    else if (ch === "{") depth++;
    else if (ch === "}") depth = Math.max(0, depth - 1);
    else if (ch === "@" && depth === 0) {
      const m = /^@([a-zA-Z-]+)([^{;]*)([{;])/.exec(css.slice(i));
      if (!m) continue;
      const open = i + m[0].length - 1;
      if (m[3] !== "{") {
        i = open;
        continue;
      }
      const end = blockEnd(css, open);
      out.push({
        name: (m[1] ?? "").toLowerCase(),
        prelude: (m[2] ?? "").trim(),
        body: css.slice(open + 1, end - 1),
        start: i,
        end,
      });
      i = end - 1;
    }
  }
  return out;
}

/** `name: value` declarations of a block body, nested blocks and their contents left out. */
export function declarations(body: string): Map<string, string> {
  let flat = "";
  let last = 0;
  for (const rule of atRules(body)) {
    flat += body.slice(last, rule.start);
    last = rule.end;
  }
  flat += body.slice(last);
  const out = new Map<string, string>();
  let start = 0;
  const take = (end: number): void => {
    const d = flat.slice(start, end);
    const colon = d.indexOf(":");
    if (colon > 0) out.set(d.slice(0, colon).trim().toLowerCase(), d.slice(colon + 1).trim());
    start = end + 1;
  };
  for (let i = 0; i < flat.length; i++) {
    const ch = flat[i];
    if (ch === '"' || ch === "'") i = stringEnd(flat, i) - 1;
    else if (ch === ";") take(i);
  }
  take(flat.length);
  return out;
}

/**
 * A media query list as it applies to a screen that shows the printed
 * page: queries for print apply, queries for screen do not.
 */
export function printMediaQuery(list: string): string {
  return list
    .split(",")
    .map((q) => {
      if (/\bscreen\b/i.test(q)) return "not all";
      return q.replace(/\bprint\b/gi, "all").trim();
    })
    .join(", ");
}

/**
 * The stylesheet as it prints, for a screen: `@media print` blocks apply and
 * `@media screen` blocks do not (top-level rules only; `@page` rules are
 * ignored by screens and are read separately by geometry.ts).
 */
export function printMediaCss(css: string): string {
  const clean = blankComments(css);
  let out = "";
  let last = 0;
  for (const rule of atRules(clean)) {
    if (rule.name !== "media") continue;
    const open = clean.indexOf("{", rule.start);
    out += `${css.slice(last, rule.start)}@media ${printMediaQuery(rule.prelude)} `;
    last = open;
  }
  return out + css.slice(last);
}
