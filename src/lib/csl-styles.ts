import { readFileSync } from "node:fs";

/**
 * The CSL styles and locales bundled in `csl/` (see csl/README.md for
 * where they come from and their licence). This module sits two folders
 * below the package root, like every compiled or bundled module, so the
 * files resolve the same from src/, dist/ and dist/bundle/.
 */

/** Style names `citation_style:` may give besides `numbered` and a path. */
export const BUNDLED_STYLES = ["apa", "chicago-author-date", "chicago-notes", "harvard"] as const;

/** Every value `citation_style:` may name without a path, for error messages. */
export const STYLE_NAMES: readonly string[] = ["numbered", ...BUNDLED_STYLES];

const cache = new Map<string, string>();

function bundled(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(new URL(`../../csl/${name}`, import.meta.url), "utf8");
    cache.set(name, text);
  }
  return text;
}

/** The XML of a bundled style, or undefined when `name` is not one. */
export function bundledStyle(name: string): string | undefined {
  return (BUNDLED_STYLES as readonly string[]).includes(name) ? bundled(`${name}.csl`) : undefined;
}

/** The bundled locale for a language tag: en-GB for British English, else en-US. */
export function bundledLocale(lang: string): string {
  return bundled(/^en-(GB|IE|AU|NZ)\b/i.test(lang) ? "locales-en-GB.xml" : "locales-en-US.xml");
}

/** True for a note style (`<style class="note">`): citations print as footnotes. */
export function isNoteStyle(xml: string): boolean {
  return /<style\b[^>]*\bclass="note"/.test(xml);
}
