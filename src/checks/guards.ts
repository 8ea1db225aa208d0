import { diagnostic, type Diagnostic } from "../diagnostics/index.js";
import type { Edition } from "../model.js";
import { checkStylesheet } from "./stylesheet-urls.js";

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
 *   bundled assets, parsed with css-tree (stylesheet-urls.ts). The browser
 *   blocks such requests while printing anyway (6-render/chromium.ts, an
 *   error); this says so at the line that asked, and keeps the reference
 *   out of every output, the HTML edition included.
 */

/** Largest section body accepted, in bytes of UTF-8. */
export const MAX_SECTION_BYTES = 1024 * 1024;

function sizeOf(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.round(bytes / 1024)} KB`;
}

export { checkStylesheet } from "./stylesheet-urls.js";

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
