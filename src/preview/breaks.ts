import type { MarkedBlock } from "./measure-copy.js";

/**
 * Where the printed edition's pages begin, from the pages its blocks fell
 * on in a measuring print. A page begins either before a block, or (when a
 * block of text runs from one page onto the next) before a word inside it.
 * Breaks name blocks by key, not position, so they survive edits elsewhere.
 */

/** A page that begins before the block `key` (or before its `word`-th word). */
export interface PageBreak {
  readonly key: string;
  readonly word?: number;
  /** The page that begins here. */
  readonly page: number;
}

/** What the breaks are, and which blocks of text ran across a page without their words marked. */
export interface Breaks {
  readonly breaks: readonly PageBreak[];
  readonly straddling: readonly string[];
}

/** Pages of a marked block's start, end and words, read from the PDF's named destinations. */
export function pagesOf(
  b: MarkedBlock,
  dests: ReadonlyMap<string, number>,
): {
  key: string;
  start?: number;
  end?: number;
  words?: (number | undefined)[];
} {
  const start = dests.get(b.start);
  const end = b.end === undefined ? undefined : dests.get(b.end);
  return {
    key: b.key,
    ...(start === undefined ? {} : { start }),
    ...(end === undefined ? {} : { end }),
    ...(b.words ? { words: b.words.map((id) => dests.get(id)) } : {}),
  };
}

/** Turn each block's pages (in document order) into page breaks. */
export function pageBreaks(
  blocks: readonly { key: string; start?: number; end?: number; words?: readonly (number | undefined)[] }[],
): Breaks {
  const breaks: PageBreak[] = [];
  const straddling: string[] = [];
  let current = 1;
  for (const b of blocks) {
    if (b.start === undefined) continue; // not laid out (hidden)
    if (b.start > current) {
      breaks.push({ key: b.key, page: b.start });
      current = b.start;
    }
    const end = Math.max(b.end ?? b.start, b.start);
    if (end <= current) continue;
    if (b.words?.length) {
      b.words.forEach((page, word) => {
        if (page === undefined || page <= current) return;
        breaks.push({ key: b.key, word, page });
        current = page;
      });
    } else straddling.push(b.key);
    current = Math.max(current, end);
  }
  return { breaks, straddling };
}
