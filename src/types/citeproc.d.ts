/** The part of citeproc-js (npm `citeproc`, CommonJS, untyped) this pipeline calls. */
declare module "citeproc" {
  /** What citeproc-js asks the host for. */
  interface Sys {
    retrieveLocale(lang: string): string;
    retrieveItem(id: string): unknown;
  }
  /** One citation of a document, in order. */
  interface Citation {
    citationID: string;
    citationItems: Array<Record<string, unknown>>;
    properties: { noteIndex: number };
  }
  interface CslEngine {
    opt: { development_extensions: { wrap_url_and_doi: boolean } };
    updateItems(ids: string[]): void;
    rebuildProcessorState(citations: Citation[], mode: "html" | "text"): Array<[string, number, string]>;
    makeBibliography(): false | [Record<string, unknown>, string[]];
  }
  const CSL: { Engine: new (sys: Sys, style: string, lang?: string, forceLang?: boolean) => CslEngine };
  export default CSL;
}
