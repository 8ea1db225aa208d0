import CSL from "citeproc";
import type { CslItem } from "../model.js";
import { bundledLocale } from "./csl-styles.js";

/**
 * citeproc-js, the reference implementation of CSL, formatting one
 * edition's citations and its list of references. Every string the reader
 * sees for a CSL style comes from here; nothing is formatted by hand.
 */

/** One citation to format: its items as CSL cite-items, and its note number (0 in running text). */
export interface CiteRequest {
  readonly items: ReadonlyArray<Record<string, unknown>>;
  readonly noteIndex: number;
}

/** Formatted citations (HTML, in request order) and the reference list entries (HTML, in the style's order). */
export interface Formatted {
  readonly citations: string[];
  readonly bibliography: string[];
}

/** Format `requests` in order with the style's XML; `lang` picks the bundled locale. */
export function formatCitations(
  styleXml: string,
  lang: string,
  items: ReadonlyMap<string, CslItem>,
  requests: readonly CiteRequest[],
): Formatted {
  const sys = { retrieveLocale: bundledLocale, retrieveItem: (id: string) => items.get(id) };
  const engine = new CSL.Engine(sys, styleXml, /^en-GB/i.test(lang) ? "en-GB" : "en-US", true);
  // DOIs and URLs as links (https://doi.org/…), as the styles print them.
  engine.opt.development_extensions.wrap_url_and_doi = true;
  const cited = [...new Set(requests.flatMap((r) => r.items.map((i) => String(i.id))))];
  engine.updateItems(cited);
  const out = engine.rebuildProcessorState(
    requests.map((r, i) => ({
      citationID: `c${i}`,
      citationItems: r.items.map((item) => ({ ...item })),
      properties: { noteIndex: r.noteIndex },
    })),
    "html",
  );
  const byId = new Map(out.map(([id, , html]) => [id, html]));
  const bib = cited.length ? engine.makeBibliography() : false;
  return {
    citations: requests.map((_, i) => byId.get(`c${i}`) ?? ""),
    bibliography: bib ? bib[1].map((e) => e.trim()) : [],
  };
}
