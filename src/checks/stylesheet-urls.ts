import { generate, parse, walk, type CssNode } from "../lib/css.js";
import { diagnostic, type Diagnostic } from "../diagnostics/index.js";
import type { TemplateFile } from "../model.js";

/**
 * `styles/remote-url`, with a real CSS parser (css-tree), not a pattern: a
 * pattern missed `u\72l(http…)` (an escaped function name), `url("http…?a=)")`
 * (a parenthesis inside the string) and `image-set("http…")` (a URL that is
 * a plain string). Every `@import` is refused, and every URL, wherever CSS
 * takes one (`url()`, `src()`, `image-set()` and friends, whether written
 * as a url token or a string), must be a relative path to a bundled file or
 * a `data:` URL.
 */

/** Functions whose string arguments are URLs (names after escapes are decoded, lower case). */
const URL_FUNCTIONS = new Set([
  "url",
  "src",
  "image-set",
  "-webkit-image-set",
  "image",
  "cross-fade",
  "-webkit-cross-fade",
]);

/** A CSS identifier with its escapes decoded (`u\72l` → `url`). */
function decodeIdent(name: string): string {
  return name
    .replace(/\\([0-9a-f]{1,6})[ \t\n\r\f]?/giu, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/\\(.)/gu, "$1")
    .toLowerCase();
}

/** URLs in text css-tree kept raw: arguments of URL functions, and quoted strings, after escapes are decoded. */
function rawUrls(raw: string): string[] {
  const text = raw
    .replace(/\\([0-9a-f]{1,6})[ \t\n\r\f]?/giu, (_, hex: string) => String.fromCodePoint(parseInt(hex, 16)))
    .replace(/\\(.)/gu, "$1");
  const out: string[] = [];
  for (const m of text.matchAll(/([a-z-]+)\(\s*(['"]?)([^'"]*?)\2\s*\)/giu))
    if (URL_FUNCTIONS.has((m[1] ?? "").toLowerCase())) out.push(m[3] ?? "");
  for (const m of text.matchAll(/(['"])(.*?)\1/gu)) out.push(m[2] ?? "");
  return out;
}

/** A URL a stylesheet may use: a relative path to a bundled file, a fragment, or data:. */
export function isBundledUrl(url: string): boolean {
  const u = url.trim();
  if (/^data:/iu.test(u)) return true;
  // Relative paths stay under the edition's staging folder, the only place the printing page may read.
  return !/^[a-z][a-z0-9+.-]*:/iu.test(u) && !u.startsWith("//") && !u.startsWith("/") && !u.startsWith("\\");
}

/** A reference a piece of CSS makes to something outside itself: an `@import`, or a URL wherever CSS takes one. */
export interface CssReference {
  readonly kind: "import" | "url";
  /** The URL (for an import, the prelude as written). */
  readonly url: string;
  readonly node: CssNode;
}

/**
 * Every reference in `css`, parsed by css-tree: a whole stylesheet, or
 * (`declarations`) the body of a style attribute. An `@import` is one
 * reference (its url() is not listed again).
 */
export function cssReferences(css: string, opts: { filename?: string; declarations?: boolean } = {}): CssReference[] {
  const out: CssReference[] = [];
  const url = (node: CssNode, value: string): void => void out.push({ kind: "url", url: value, node });
  const ast = parse(css, {
    positions: true,
    ...(opts.filename ? { filename: opts.filename } : {}),
    ...(opts.declarations ? { context: "declarationList" } : {}),
  });
  walk(ast, {
    enter(node: CssNode): symbol | undefined {
      if (node.type === "Atrule" && decodeIdent(node.name) === "import") {
        out.push({ kind: "import", url: node.prelude ? generate(node.prelude) : "", node });
        return walk.skip;
      } else if (node.type === "Url") url(node, node.value);
      // What css-tree could not parse is read strictly: escapes decoded, every URL-taking function's argument and string.
      else if (node.type === "Raw") for (const u of rawUrls(node.value)) url(node, u);
      else if (node.type === "Function" && URL_FUNCTIONS.has(decodeIdent(node.name))) {
        const name = decodeIdent(node.name);
        if (name === "url" || name === "src")
          // An escaped name (`u\72l(…)`) is a function, not a url token: its argument is whatever is inside.
          url(node, generate({ type: "Value", children: node.children }).replace(/^\s*(['"])(.*)\1\s*$/su, "$2"));
        else
          node.children.forEach((child) => {
            if (child.type === "String" || child.type === "Raw") url(child, child.value);
          });
      }
      return undefined;
    },
  });
  return out;
}

/** Problems in one stylesheet: every `@import`, and every URL outside the bundled assets, at its line. */
export function checkStylesheet(t: TemplateFile): Diagnostic[] {
  const at = (node: CssNode) => ({
    file: t.file,
    line: node.loc?.start.line ?? 1,
    column: node.loc?.start.column ?? 1,
  });
  return cssReferences(t.text, { filename: t.file }).flatMap((r) =>
    r.kind === "import"
      ? [
          diagnostic({
            rule: "styles/remote-url",
            at: at(r.node),
            message: `stylesheet imports "${r.url.slice(0, 80)}"`,
            hint: "Put the rules in this file instead; stylesheets may not @import (editions use only the bundled assets).",
          }),
        ]
      : isBundledUrl(r.url)
        ? []
        : [
            diagnostic({
              rule: "styles/remote-url",
              at: at(r.node),
              message: `stylesheet refers to "${r.url.slice(0, 80)}", outside the bundled assets`,
              hint: "Editions may use only bundled fonts and images; remove the url() or use a relative path to a bundled file.",
            }),
          ],
  );
}
