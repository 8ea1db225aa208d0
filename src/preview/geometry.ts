import { atRules, blankComments, declarations } from "./css.js";

/**
 * The printed page as the edition's own stylesheet defines it: size,
 * margins and the running header and footer drawn in `@page` margin boxes.
 * Screens ignore `@page`, so the preview reads these rules and draws each
 * sheet to match (the first page uses `@page :first`).
 */

/** A margin box's text, piece by piece: literal text or a page counter. */
export type ContentPart = { readonly text: string } | { readonly counter: "page" | "pages" };

/** One margin box (`@top-left`, …): what it shows and its declarations (without `content`). */
export interface MarginBox {
  readonly content: readonly ContentPart[];
  readonly declarations: ReadonlyMap<string, string>;
}

/** Margin boxes by name, e.g. `top-left`. */
export type MarginBoxes = ReadonlyMap<string, MarginBox>;

/** Page size and margins as CSS lengths; margin boxes for the first page and for the rest. */
export interface PageGeometry {
  readonly width: string;
  readonly height: string;
  /** top, right, bottom, left */
  readonly margin: readonly [string, string, string, string];
  readonly first: MarginBoxes;
  readonly rest: MarginBoxes;
}

const SIZES: Readonly<Record<string, readonly [string, string]>> = {
  a5: ["148mm", "210mm"],
  a4: ["210mm", "297mm"],
  a3: ["297mm", "420mm"],
  b5: ["176mm", "250mm"],
  b4: ["250mm", "353mm"],
  "jis-b5": ["182mm", "257mm"],
  "jis-b4": ["257mm", "364mm"],
  letter: ["8.5in", "11in"],
  legal: ["8.5in", "14in"],
  ledger: ["11in", "17in"],
};

/** Chromium's page when the stylesheet names none: Letter, no margins. */
const DEFAULT: PageGeometry = {
  width: "8.5in",
  height: "11in",
  margin: ["0", "0", "0", "0"],
  first: new Map(),
  rest: new Map(),
};

/** `size:` → width and height. */
export function pageSize(value: string): readonly [string, string] | undefined {
  const words = value.trim().toLowerCase().split(/\s+/);
  const landscape = words.includes("landscape");
  const rest = words.filter((w) => w !== "landscape" && w !== "portrait");
  let size: readonly [string, string] | undefined;
  if (rest.length === 0 || rest[0] === "auto") size = SIZES.letter;
  else if (rest.length === 1 && rest[0] && SIZES[rest[0]]) size = SIZES[rest[0]];
  else if (rest.every((w) => /^[\d.]+(mm|cm|in|pt|pc|px|q)$/.test(w)) && rest.length <= 2)
    size = [rest[0] ?? "", rest[1] ?? rest[0] ?? ""];
  if (!size) return undefined;
  return landscape ? [size[1], size[0]] : size;
}

/** A `content:` value as text and counters; undefined for `none` or anything not understood. */
export function parseContent(value: string): ContentPart[] | undefined {
  const parts: ContentPart[] = [];
  const token = /\s*(?:"((?:[^"\\]|\\[\s\S])*)"|'((?:[^'\\]|\\[\s\S])*)'|counter\(\s*(pages?)\s*\))/y;
  let i = 0;
  while (i < value.length && value.slice(i).trim()) {
    token.lastIndex = i;
    const m = token.exec(value);
    if (!m) return undefined;
    const counter = m[3];
    parts.push(counter === "page" || counter === "pages" ? { counter } : { text: unescapeCss(m[1] ?? m[2] ?? "") });
    i = token.lastIndex;
  }
  return parts.length ? parts : undefined;
}

/** Undo CSS string escapes: `\\`, `\"`, hex escapes such as `\3c ` and `\a `. */
export function unescapeCss(s: string): string {
  return s.replace(/\\([0-9a-fA-F]{1,6}\s?|[\s\S])/g, (_, e: string) =>
    /^[0-9a-fA-F]/.test(e) ? String.fromCodePoint(parseInt(e.trim(), 16)) : e === "\n" ? "" : e,
  );
}

/** Margin shorthand (1–4 values) → top, right, bottom, left. */
function margins(value: string): [string, string, string, string] {
  const v = value.trim().split(/\s+/);
  const [t = "0", r = t, b = t, l = r] = v;
  return [t, r, b, l];
}

/** Read the page size, margins and margin boxes from an edition's stylesheet. */
export function pageGeometry(css: string): PageGeometry {
  let size = [DEFAULT.width, DEFAULT.height] as const;
  let margin: [string, string, string, string] = [...DEFAULT.margin];
  const rest = new Map<string, MarginBox>();
  const first = new Map<string, MarginBox | undefined>();
  for (const rule of atRules(blankComments(css))) {
    if (rule.name !== "page") continue;
    const selector = rule.prelude.toLowerCase();
    if (selector !== "" && selector !== ":first") continue;
    const decls = declarations(rule.body);
    if (selector === "") {
      const s = decls.get("size");
      const parsed = s === undefined ? undefined : pageSize(s);
      if (parsed) size = parsed;
      const m = decls.get("margin");
      if (m) margin = margins(m);
      (["top", "right", "bottom", "left"] as const).forEach((side, i) => {
        const v = decls.get(`margin-${side}`);
        if (v) margin[i] = v;
      });
    }
    for (const box of atRules(rule.body)) {
      const d = declarations(box.body);
      const value = d.get("content");
      d.delete("content");
      const content = value === undefined ? undefined : parseContent(value);
      if (selector === "") {
        if (content) rest.set(box.name, { content, declarations: d });
        else if (value !== undefined) rest.delete(box.name);
      } else first.set(box.name, content ? { content, declarations: d } : undefined);
    }
  }
  const firstBoxes = new Map(rest);
  for (const [name, box] of first) {
    if (box) firstBoxes.set(name, box);
    else firstBoxes.delete(name);
  }
  return { width: size[0], height: size[1], margin, first: firstBoxes, rest };
}
