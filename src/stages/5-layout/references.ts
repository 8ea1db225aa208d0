import Handlebars from "handlebars";
import type { Edition } from "../../model.js";
import { CitationNumbering } from "./citations.js";
import { CslCitations, sourceAsCsl, type ReferenceEntry } from "./csl.js";

/**
 * Which citation machinery an edition uses: the numbered house style, or
 * citeproc-js with the edition's CSL style over its references and its
 * sources.yaml entries; and the list of references as the layout template
 * sees it.
 */

/** The numbering (numbered style) or the CSL citations of one edition. */
export function citationsFor(edition: Edition): CitationNumbering {
  const { brief } = edition;
  const sources = new Map([...brief.sources].map(([k, v]) => [k, v.value]));
  const style = brief.citationStyles?.get(edition.audience.name);
  if (!style || style.kind === "numbered") return new CitationNumbering(sources);
  const items = new Map([...sources].map(([id, s]) => [id, sourceAsCsl(id, s)]));
  for (const [id, ref] of brief.references ?? []) items.set(id, ref.value);
  return new CslCitations(style.xml, style.note, brief.config.value.lang, items, sources);
}

/** The list of references for the template: each entry's HTML, as citeproc-js wrote it (its text escaped). */
export function referencesContext(entries: readonly ReferenceEntry[]): object[] {
  return entries.map((e) => ({ html: new Handlebars.SafeString(inner(e.html)) }));
}

/** citeproc-js wraps each entry in `<div class="csl-entry">`; the template gives it a list item instead. */
function inner(html: string): string {
  return html.replace(/^<div class="csl-entry">([\s\S]*)<\/div>$/, "$1");
}
