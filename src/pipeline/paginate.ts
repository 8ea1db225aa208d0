import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import type { LaidOut, PreparedEdition, RenderedPdf } from "../model.js";
import { layout } from "../stages/5-layout/index.js";
import { printWithin, type EditionPage } from "../stages/6-render/index.js";
import { destinationPagesOf, loadPdf, type PDFDocument } from "../stages/7-pdf/index.js";
import { stageCopy } from "../stages/8-write/index.js";

/**
 * Pagination: the one place where render feeds back into layout.
 *
 * The contents page lists the page each section starts on, but pages are
 * known only once the edition is printed. The rule:
 *
 *   1. Print the edition as laid out: with the contents' numbers blank, or
 *      with a guess (the pages the last build found, from the cache), so
 *      an edition whose pages did not move prints once.
 *   2. Read from the PDF the page each section heading fell on.
 *   3. If every contents entry already shows that page, this print is the
 *      edition. Otherwise lay out again with those pages and print again.
 *
 * The numbers sit in a fixed-width column, so filling them in rarely moves
 * anything and one reprint settles it; at most MAX_REPRINTS are made. An
 * edition without a contents page prints once. Every print goes to the same
 * browser page, from the edition's private staging folder. A reprint whose
 * layout differs only inside <body> swaps the body on the page instead of
 * loading the file again (the PDF is byte-identical either way; a test
 * checks it).
 */

/** Reprints allowed after the first print. */
const MAX_REPRINTS = 3;

/** The finished print and the layout it was printed from. */
export interface Paginated extends RenderedPdf {
  readonly laid: LaidOut;
  /** How many times the edition was printed. */
  readonly prints: number;
  /** The print, already parsed while checking its page numbers (the PDF stage reuses it). */
  readonly doc?: PDFDocument;
}

/**
 * Write the HTML and CSS into the staging folder, copying only assets not
 * staged by an earlier pass. The files are written side by side, not one
 * after another: each write needs a turn of this thread's event loop, which
 * another edition's finishing may be holding.
 */
async function stage(dir: string, name: string, laid: LaidOut, staged: Set<string>): Promise<string> {
  await mkdir(path.join(dir, "assets", "css"), { recursive: true });
  const html = path.join(dir, `${name}.html`);
  const copies = laid.assets.filter((f) => !staged.has(f.to));
  for (const f of copies) staged.add(f.to);
  await Promise.all([
    writeFile(html, laid.html),
    writeFile(path.join(dir, laid.cssHref), laid.css),
    ...copies.map((f) => stageCopy(f.from, path.join(dir, f.to))),
  ]);
  return html;
}

/** An edition's first print, staged: what it prints, whether only to measure, its HTML file and the assets copied. */
export interface FirstPrint {
  readonly laid: LaidOut;
  /** Whether the edition has a contents page to number (else this print is the edition). */
  readonly contents: boolean;
  readonly measure: boolean;
  readonly html: string;
  readonly staged: Set<string>;
}

/**
 * Stage an edition's first print in `dir`: as laid out, or with the
 * contents' numbers from `guess` when it has them all (a print that only
 * measures otherwise). Needs no browser page, so the build does it while
 * the edition waits for one, and the page starts printing as soon as it is
 * handed over.
 */
export async function stageFirst(
  p: PreparedEdition,
  dir: string,
  guess: ReadonlyMap<string, number> = new Map(),
): Promise<FirstPrint> {
  const toc = p.edition.audience.config.toc && p.laidOut.toc.length > 0;
  const guessed = toc && p.laidOut.toc.every((t) => guess.has(t.id));
  const laid = guessed ? relayout(p, guess) : p.laidOut;
  const staged = new Set<string>();
  const html = await stage(dir, p.edition.name, laid, staged);
  return { laid, contents: toc, measure: toc && !guessed, html, staged };
}

/** The HTML before its `<body>` tag, or undefined when it has none. */
function headOf(html: string): string | undefined {
  const at = /<body[\s>]/i.exec(html)?.index;
  return at === undefined ? undefined : html.slice(0, at);
}

/**
 * True when `next` differs from `prev` only inside the body (the contents'
 * numbers, usually): the page that printed `prev` can then swap the body
 * in place of loading the file again.
 */
export function onlyBodyChanged(prev: LaidOut, next: LaidOut): boolean {
  const head = headOf(next.html);
  return (
    head !== undefined &&
    head === headOf(prev.html) &&
    prev.css === next.css &&
    prev.cssHref === next.cssHref &&
    prev.assets.length === next.assets.length &&
    prev.assets.every((a, i) => a.to === next.assets[i]?.to && a.from === next.assets[i]?.from)
  );
}

/** True when every contents entry shows the page its heading fell on. */
function settled(laid: LaidOut, pages: ReadonlyMap<string, number>): boolean {
  return laid.toc.every((t) => t.page === pages.get(t.id));
}

/** The edition laid out again with `pages` in its contents. */
function relayout(p: PreparedEdition, pages: ReadonlyMap<string, number>): LaidOut {
  const next = layout(p.edition, p.sections, p.charts, pages, p.images).value;
  if (!next) throw new Error("layout failed on a re-run with page numbers, after succeeding without them");
  return next;
}

/**
 * Print an edition with true page numbers in its contents, on `page`, from
 * staging folder `dir`; `guess` is where each contents entry's heading fell
 * last time (it is verified like any other print).
 */
export async function paginate(
  p: PreparedEdition,
  page: EditionPage,
  dir: string,
  timeoutMs: number,
  guess: ReadonlyMap<string, number> = new Map(),
  staged?: FirstPrint,
): Promise<Paginated> {
  const first = staged ?? (await stageFirst(p, dir, guess));
  let shown: LaidOut | undefined;
  // Every print's blocked requests, not only the last one's (a reprint may not ask again).
  const blocked = new Set<string>();
  /** Print `laid`, staging it first unless `html` (the first print's, staged already) is given. */
  const print = async (laid: LaidOut, measure: boolean, html?: string): Promise<RenderedPdf> => {
    const bodyOnly = shown !== undefined && onlyBodyChanged(shown, laid);
    shown = undefined;
    const file = html ?? (await stage(dir, p.edition.name, laid, first.staged));
    const r = await printWithin(page, file, timeoutMs, { measure, bodyOnly });
    shown = laid;
    for (const url of r.blocked) blocked.add(url);
    return { ...r, blocked: [...blocked] };
  };
  // Without a complete guess the first print only measures: its blank numbers can never be the edition.
  let laid = first.laid;
  let result = await print(laid, first.measure, first.html);
  if (!first.contents) return { ...result, laid, prints: 1 };
  let final = !first.measure;
  let prints = 1;
  while (prints <= MAX_REPRINTS) {
    const doc = await loadPdf(result.pdf);
    const dests = destinationPagesOf(doc);
    const pages = new Map(laid.toc.map((t) => [t.id, dests.get(t.id) ?? 0]));
    if (final && settled(laid, pages)) return { ...result, laid, prints, doc };
    laid = relayout(p, pages);
    result = await print(laid, false);
    final = true;
    prints++;
  }
  return { ...result, laid, prints };
}
