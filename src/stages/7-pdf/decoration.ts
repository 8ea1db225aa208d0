import type { PDFDocument, PDFPage, PDFRef } from "pdf-lib";
import { turn } from "../../lib/turn.js";
import { pageContent, setPageContent } from "../../lib/pdf/content.js";
import { mcidTexts, readPageContent, taggedIn, type PageContent } from "../../lib/pdf/marked.js";
import type { ParentTree } from "../../lib/pdf/parent-tree.js";
import { typeOf, writeKids, type StructElem, type StructTree } from "../../lib/pdf/structure.js";
import { applyRemap, planActualText } from "./actual-text.js";
import { markArtifacts } from "./artifacts.js";
import { lineEndSpaces } from "./spaces.js";

/**
 * Which content is decoration, and making it an artifact in both places
 * that know about it: the content stream (artifacts.ts) and the structure
 * tree (the element loses the marked content, the ParentTree forgets it).
 *
 * A tagged sequence is decoration when it paints only paths (Chromium
 * draws borders, rules, box backgrounds and the cover band in the element
 * they belong to) and its element is not a figure (a chart is drawn in
 * paths) nor a list label (a bullet is a path too, and it is the label).
 * A table header row that Chromium prints again at the top of the next
 * page is pagination too: its sequences there are artifacts, so a reader
 * meets the header once, where the table starts.
 * Also folds the ActualText spans readers lose into their fonts
 * (actual-text.ts), adds spaces at wrapped line ends (spaces.ts), and
 * returns each tagged sequence's text, for matching passages later.
 */

/** Per page: the text of each MCID, in content order. */
export type McidText = Map<string, Map<number, string>>;

/** A page reference as a map key. */
export const pageKey = (ref: PDFRef | undefined): string => (ref ? `${ref.objectNumber} ${ref.generationNumber}` : "?");

const KEEP = new Set(["Figure", "Formula", "Form", "Lbl"]);

function withinKept(e: StructElem | undefined, roles: (t: string) => string): boolean {
  for (let x = e; x; x = x.parent) if (KEEP.has(roles(typeOf(x)))) return true;
  return false;
}

/** MCIDs of `content` whose sequences paint paths and nothing else. */
function pathOnly(content: PageContent): Set<number> {
  const kinds = new Map<number, Set<string>>();
  for (const p of content.paints) {
    const seq = taggedIn(p);
    if (seq?.mcid === undefined) continue;
    const set = kinds.get(seq.mcid) ?? new Set<string>();
    set.add(p.kind);
    kinds.set(seq.mcid, set);
  }
  return new Set([...kinds].filter(([, k]) => [...k].every((x) => x === "path" || x === "shading")).map(([m]) => m));
}

/** Remove an element that lost all its kids from its parent, upwards. */
function prune(doc: PDFDocument, e: StructElem | undefined): void {
  for (let x = e; x && x.kids.length === 0 && x.parent;) {
    const parent: StructElem = x.parent;
    parent.kids = parent.kids.filter((k) => !(k.kind === "elem" && k.elem === x));
    writeKids(doc, parent);
    x = parent;
  }
}

/**
 * The header cell (TH) an element is in, if any, remembered per element: it is asked for every marked-content
 * id, and walking up from each one read the same ancestors' types again and again (a fifth of the post-processing's
 * CPU on the DeepSeek brief). Editing the tree (taking decoration out) never changes an element's ancestors.
 */
function headerCells(roles: (t: string) => string): (e: StructElem) => StructElem | undefined {
  const memo = new Map<StructElem, StructElem | null>();
  const find = (e: StructElem): StructElem | undefined => {
    const known = memo.get(e);
    if (known !== undefined) return known ?? undefined;
    const th = roles(typeOf(e)) === "TH" ? e : e.parent ? find(e.parent) : undefined;
    memo.set(e, th ?? null);
    return th;
  };
  return find;
}

/** For each header cell, the index of the first page its content is on. */
function firstPages(
  tree: StructTree,
  pageIndex: ReadonlyMap<string, number>,
  headerCell: (e: StructElem) => StructElem | undefined,
): Map<StructElem, number> {
  const out = new Map<StructElem, number>();
  for (const e of tree.all)
    for (const k of e.kids) {
      const th = k.kind === "mcid" ? headerCell(e) : undefined;
      const at = pageIndex.get(pageKey(k.kind === "mcid" ? k.page : undefined));
      if (th && at !== undefined) out.set(th, Math.min(out.get(th) ?? at, at));
    }
  return out;
}

/**
 * Mark artifacts on every page and take decorative sequences out of the
 * structure tree. `roles` gives an element type's standard type.
 */
export async function markDecoration(
  doc: PDFDocument,
  tree: StructTree,
  parents: ParentTree,
  roles: (t: string) => string,
): Promise<{ text: McidText; wrapped: number; remarked: number }> {
  const owners = new Map<string, Map<number, StructElem>>();
  for (const e of tree.all)
    for (const k of e.kids)
      if (k.kind === "mcid") {
        const m = owners.get(pageKey(k.page)) ?? new Map<number, StructElem>();
        m.set(k.mcid, e);
        owners.set(pageKey(k.page), m);
      }
  const text: McidText = new Map();
  let wrapped = 0;
  let remarked = 0;
  const pages: { page: PDFPage; bytes: Uint8Array; content: PageContent }[] = [];
  for (const page of doc.getPages()) {
    // A page at a time, with a turn of the event loop between (the prints of other editions wait on it: turn.ts).
    await turn();
    const bytes = pageContent(page.node);
    pages.push({ page, bytes, content: readPageContent(doc, page.node, bytes) });
  }
  const pageIndex = new Map(pages.map((p, i) => [pageKey(p.page.ref), i]));
  const headerCell = headerCells(roles);
  const firstPage = firstPages(tree, pageIndex, headerCell);
  const actual = planActualText(pages.map((p) => p.content));
  applyRemap(doc, actual.remap);
  for (const [i, { page, bytes, content }] of pages.entries()) {
    await turn();
    const key = pageKey(page.ref);
    const mine = owners.get(key) ?? new Map<number, StructElem>();
    text.set(key, mcidTexts(content));
    const decorative = new Set([...pathOnly(content)].filter((m) => mine.has(m) && !withinKept(mine.get(m), roles)));
    const { height } = page.getSize();
    const band = { headerY: height * 0.88, footerY: height * 0.12 };
    // A table's header row printed again at the top of a later page repeats the TH's content: pagination.
    const repeated = new Set(
      [...mine].filter(([, owner]) => (firstPage.get(headerCell(owner) ?? owner) ?? i) < i).map(([m]) => m),
    );
    const edits = { after: lineEndSpaces(content), drop: actual.drop.get(i) ?? new Set<number>(), repeated };
    const r = markArtifacts(bytes, content, decorative, band, edits);
    wrapped += r.wrapped;
    remarked += r.remarked;
    if (r.bytes !== bytes) setPageContent(doc, page.node, r.bytes);
    for (const mcid of [...decorative, ...repeated]) {
      const owner = mine.get(mcid);
      if (!owner) continue;
      owner.kids = owner.kids.filter((k) => !(k.kind === "mcid" && k.mcid === mcid && pageKey(k.page) === key));
      writeKids(doc, owner);
      parents.setMcidOwner(page.ref, mcid, null);
      prune(doc, owner);
    }
  }
  return { text, wrapped, remarked };
}
