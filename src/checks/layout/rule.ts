/**
 * The layout rules' core, pure: what a printed edition's pages hold (the
 * blocks that print on each page, in reading order, and how many lines of
 * each) in, findings out. Reading that from a PDF is read.ts; turning
 * findings into positioned diagnostics is report.ts.
 *
 * - `layout/heading-at-page-foot`: a page whose last content is a heading,
 *   when more follows on a later page (the heading is cut off from what it
 *   introduces).
 * - `layout/split-one-line`: a list item, a box or a paragraph split across
 *   pages that leaves a single line on either page.
 */

/** What a block is, as far as the rules care. */
export type BlockKind = "heading" | "item" | "box" | "paragraph" | "figure" | "other";

/** The part of a block that prints on one page. */
export interface BlockPart {
  /** 1-based page number. */
  readonly page: number;
  /** Lines of text of the block (and everything inside it) on that page; 0 for a picture. */
  readonly lines: number;
}

/** One block of the edition: a heading, a list item, a box, a paragraph… */
export interface PrintedBlock {
  /** Identifies the block within the edition (the reader's index in document order). */
  readonly key: number;
  readonly kind: BlockKind;
  /** Its text, whitespace collapsed (the start is enough), to name it and find its source. */
  readonly text: string;
  /** The pages it prints on, in order. */
  readonly parts: readonly BlockPart[];
  /** The key of the block that holds it (a list item's box), if any. */
  readonly within?: number;
}

/** A printed edition as the rules see it. */
export interface PrintedFlow {
  readonly pages: number;
  /** Every block the rules know, in document order; a block may hold others (a box holds list items). */
  readonly blocks: readonly PrintedBlock[];
  /**
   * For each page (index 0 = page 1), the innermost blocks with content on it in
   * reading order: the last key is what the page ends with.
   */
  readonly flow: readonly (readonly number[])[];
}

/** One layout problem. */
export type LayoutFinding =
  | { readonly rule: "layout/heading-at-page-foot"; readonly block: PrintedBlock; readonly page: number }
  | {
      readonly rule: "layout/split-one-line";
      readonly block: PrintedBlock;
      /** The page where a single line stands (the foot of `page` or the top of `page`). */
      readonly page: number;
      readonly where: "foot" | "top";
      /** Lines on the page before and after the break. */
      readonly before: number;
      readonly after: number;
    };

/** Kinds whose split may not leave one line. */
const SPLIT_KINDS: ReadonlySet<BlockKind> = new Set(["item", "box", "paragraph"]);

/** Pages that end with a heading while something follows later. */
function headingsAtFoot(printed: PrintedFlow, byKey: ReadonlyMap<number, PrintedBlock>): LayoutFinding[] {
  const out: LayoutFinding[] = [];
  const laterContent = (i: number): boolean => printed.flow.slice(i + 1).some((keys) => keys.length > 0);
  printed.flow.forEach((keys, i) => {
    const last = byKey.get(keys.at(-1) ?? -1);
    if (last?.kind !== "heading" || !laterContent(i)) return;
    // A heading that itself runs onto the next page ends this page too: it is still cut off.
    out.push({ rule: "layout/heading-at-page-foot", block: last, page: i + 1 });
  });
  return out;
}

/** Items, boxes and paragraphs split so that one line stands alone on either side of a page break. */
function oneLineSplits(printed: PrintedFlow): LayoutFinding[] {
  const out: LayoutFinding[] = [];
  for (const block of printed.blocks) {
    if (!SPLIT_KINDS.has(block.kind)) continue;
    const parts = block.parts.filter((p) => p.lines > 0);
    for (let i = 1; i < parts.length; i++) {
      const a = parts[i - 1];
      const b = parts[i];
      if (!a || !b) continue;
      // The foot of a page is reported before the top of the next.
      if (a.lines === 1)
        out.push({ rule: "layout/split-one-line", block, page: a.page, where: "foot", before: 1, after: b.lines });
      else if (b.lines === 1)
        out.push({ rule: "layout/split-one-line", block, page: b.page, where: "top", before: a.lines, after: 1 });
    }
  }
  return out;
}

/**
 * The findings. A split is reported for the innermost block only: an item
 * split inside a box is the item's problem, not the box's as well.
 */
export function checkPrintedLayout(printed: PrintedFlow): LayoutFinding[] {
  const byKey = new Map(printed.blocks.map((b) => [b.key, b]));
  const splits = oneLineSplits(printed);
  const feet = headingsAtFoot(printed, byKey);
  // A box whose title alone ends a page is reported as the heading.
  const holders = new Set<string>();
  for (const f of [...splits, ...feet])
    for (let up = byKey.get(f.block.key)?.within; up !== undefined; up = byKey.get(up)?.within)
      holders.add(`${up}@${f.page}`);
  const inner = splits.filter((f) => !holders.has(`${f.block.key}@${f.page}`));
  return [...feet, ...inner].sort((a, b) => a.page - b.page || a.block.key - b.block.key);
}

/** Baselines closer than this share a line, as a share of the larger text size (a superscript is raised about 0.4). */
const SAME_LINE = 0.7;

/** A run of text on a page: its baseline (PDF units, y up) and its size. */
export interface TextRun {
  readonly y: number;
  readonly size: number;
}

/** How many lines a set of text runs on one page make: baselines further apart than about half a line start a new one. */
export function countLines(runs: readonly TextRun[]): number {
  const sorted = [...runs].sort((a, b) => b.y - a.y);
  let lines = 0;
  let base: TextRun | undefined;
  for (const r of sorted) {
    if (base && base.y - r.y <= SAME_LINE * Math.max(base.size, r.size)) {
      // A superscript or a smaller run on the same line: keep the lower baseline as the line's.
      if (r.size >= base.size) base = r;
      continue;
    }
    lines++;
    base = r;
  }
  return lines;
}
