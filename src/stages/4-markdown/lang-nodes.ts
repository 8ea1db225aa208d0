import type { BlockContent, DefinitionContent, Parent, PhrasingContent } from "mdast";

/**
 * The two mdast nodes the language-of-parts transforms (spans.ts, divs.ts)
 * add: a run of text and a group of blocks in another language. They carry
 * `data.hName` and `data.hProperties`, so remark-rehype turns them into a
 * `span` or `div` with `lang` (and `dir`) without a handler of its own.
 */

/** `[text]{lang=fr}`: phrasing content in another language. */
export interface LangSpan extends Parent {
  type: "langSpan";
  children: PhrasingContent[];
}

/** `::: {lang=el}` … `:::`: blocks in another language. */
export interface LangDiv extends Parent {
  type: "langDiv";
  children: (BlockContent | DefinitionContent)[];
}

declare module "mdast" {
  interface PhrasingContentMap {
    langSpan: LangSpan;
  }
  interface BlockContentMap {
    langDiv: LangDiv;
  }
  interface RootContentMap {
    langSpan: LangSpan;
    langDiv: LangDiv;
  }
}
