import { diagnostic, type Diagnostic } from "../diagnostics/index.js";
import { positionAt } from "../lib/text.js";
import type { Edition, TemplateFile } from "../model.js";

/**
 * Input limits and style safety, checked before an edition is prepared, by
 * both `build` and `check` (an error here stops the edition).
 *
 * - `section/too-large`: a section body over MAX_SECTION_BYTES is refused
 *   before merging. Measured on the base fixture (2 cores): a 5 MB section
 *   took ~12 s to merge and lay out and ~55 s to print 2,701 pages, only
 *   to fail its page budget. No brief section comes near 1 MB (~500 pages).
 * - `styles/remote-url`: stylesheets (templates/styles, an audience's
 *   style.css) may not `@import` anything or point `url()` outside the
 *   bundled assets. The browser blocks such requests while printing anyway
 *   (6-render/chromium.ts); this says so at the line that asked, and keeps
 *   the reference out of every output.
 */

/** Largest section body accepted, in bytes of UTF-8. */
export const MAX_SECTION_BYTES = 1024 * 1024;

function sizeOf(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.round(bytes / 1024)} KB`;
}

/** Problems in one stylesheet: `@import` and non-local `url()`. */
export function checkStylesheet(t: TemplateFile): Diagnostic[] {
  // Blank out comments, keeping offsets, so commented-out rules do not count.
  const text = t.text.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, " "));
  const out: Diagnostic[] = [];
  const at = (offset: number): { file: string; line: number; column: number } => ({
    file: t.file,
    ...positionAt(text, offset),
  });
  const imports: [number, number][] = [];
  for (const m of text.matchAll(/@import\b[^;]*/gi)) {
    imports.push([m.index, m.index + m[0].length]);
    const hint =
      "Put the rules in this file instead; stylesheets may not @import (editions use only the bundled assets).";
    out.push(
      diagnostic({
        rule: "styles/remote-url",
        at: at(m.index),
        message: `stylesheet imports "${m[0].slice(7).trim().slice(0, 80)}"`,
        hint,
      }),
    );
  }
  for (const m of text.matchAll(/url\(\s*(['"]?)([^'")]*)\1\s*\)/gi)) {
    const url = m[2] ?? "";
    if (imports.some(([from, to]) => m.index >= from && m.index < to)) continue;
    if (!/^[a-z][a-z0-9+.-]*:/i.test(url) && !url.startsWith("//") && !url.startsWith("/")) continue;
    if (/^data:/i.test(url)) continue;
    const hint =
      "Editions may use only bundled fonts and images; remove the url() or use a relative path to a bundled file.";
    out.push(
      diagnostic({
        rule: "styles/remote-url",
        at: at(m.index),
        message: `stylesheet refers to "${url.slice(0, 80)}", outside the bundled assets`,
        hint,
      }),
    );
  }
  return out;
}

/** Checks that must pass before an edition is merged and laid out. */
export function guardEdition(edition: Edition): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const s of edition.sections) {
    const bytes = Buffer.byteLength(s.body);
    if (bytes > MAX_SECTION_BYTES) {
      const message = `section "${s.front.id}" is ${sizeOf(bytes)}, over the ${sizeOf(MAX_SECTION_BYTES)} limit for one section`;
      out.push(
        diagnostic({
          rule: "section/too-large",
          at: { file: s.file, line: s.bodyLine, column: 1 },
          message,
        }),
      );
    }
  }
  for (const style of edition.audience.templates.styles) out.push(...checkStylesheet(style));
  return out;
}
