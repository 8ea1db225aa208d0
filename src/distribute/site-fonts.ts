import { readFileSync } from "node:fs";
import path from "node:path";
import { fontPackageDir } from "../lib/font-package.js";

/**
 * The site's bundled fonts: Source Sans 3 (headings, facts, buttons) and
 * Source Serif 4 (text), Latin and Latin Extended, from the same
 * `@fontsource` packages the editions use. Their own CSS is read and
 * pointed at copies in `site/fonts/`, keeping each block's unicode-range.
 */

const FACES = [
  { pkg: "@fontsource/source-sans-3", css: ["400.css", "600.css", "700.css"] },
  { pkg: "@fontsource/source-serif-4", css: ["400.css"] },
] as const;
const SUBSETS = ["latin", "latin-ext"];

/** The @font-face CSS (urls `fonts/<file>`) and the font files to copy (absolute path → file name). */
export function siteFonts(): { css: string; files: Map<string, string> } {
  const files = new Map<string, string>();
  const blocks: string[] = [];
  for (const face of FACES) {
    const dir = fontPackageDir(face.pkg);
    for (const name of face.css) {
      const css = readFileSync(path.join(dir, name), "utf8");
      for (const block of css.match(/@font-face\s*{[^}]*}/g) ?? []) {
        const woff2 = /url\(\.\/files\/([^)]+\.woff2)\)/.exec(block)?.[1];
        if (!woff2 || !SUBSETS.some((s) => woff2.includes(`-${s}-`))) continue;
        files.set(path.join(dir, "files", woff2), woff2);
        blocks.push(block.replace(/src:[^;]+;/, `src: url(fonts/${woff2}) format('woff2');`).replace(/\s+/g, " "));
      }
    }
  }
  return { css: blocks.join("\n"), files };
}
