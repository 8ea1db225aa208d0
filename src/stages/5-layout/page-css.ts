import { FALLBACK_STACK } from "./fonts.js";
import { formatDate } from "../../lib/format.js";
import { statusWords } from "./matter.js";
import type { Edition } from "../../model.js";

/**
 * The generated part of the stylesheet: the audience's accent colour, the
 * page size, and the page furniture drawn in CSS page-margin boxes (running
 * header, "Page X of Y" footer). The first page carries the cover, so it
 * has no furniture; numbering is shown from page 2.
 */

/** Quote a string for a CSS `content:` value, safe inside a `<style>` element. */
export function cssString(s: string): string {
  return `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/</g, "\\3c ").replace(/\n/g, "\\a ")}"`;
}

/** CSS for one edition, plus the text it draws (for font subsetting). */
export function pageCss(edition: Edition): { css: string; text: string } {
  const c = edition.brief.config.value;
  const a = edition.audience.config;
  const header = c.short_title;
  const edn = a.cover.edition;
  const status = statusWords(c.status)?.label;
  const date = `${status ? `${status} · ` : ""}Edition of ${formatDate(c.edition_date)}`;
  const box = `font-family: "Source Sans 3", ${FALLBACK_STACK}; font-size: 8pt; color: #4a4a4a;`;
  const css = `:root { --accent: ${a.accent}; }
@page {
  size: ${a.page.size};
  margin: 20mm 20mm 18mm 20mm;
  @top-left { content: ${cssString(header)}; ${box} vertical-align: bottom; padding-bottom: 4mm; }
  @top-right { content: ${cssString(edn)}; ${box} vertical-align: bottom; padding-bottom: 4mm; }
  @bottom-left { content: ${cssString(date)}; ${box} vertical-align: top; padding-top: 4mm; }
  @bottom-right { content: "Page " counter(page) " of " counter(pages); ${box} vertical-align: top; padding-top: 4mm; }
}
@page :first {
  @top-left { content: none; }
  @top-right { content: none; }
  @bottom-left { content: none; }
  @bottom-right { content: none; }
}`;
  return { css, text: `${header} ${edn} ${date} Page 0123456789 of` };
}
