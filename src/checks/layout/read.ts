import { PDFDict, PDFDocument, PDFName } from "pdf-lib";
import { inArtifact, mcidTexts, readPageContentOnce, taggedIn } from "../../lib/pdf/marked.js";
import { standardType } from "../../lib/pdf/standard.js";
import { nameOf, readStructTree, typeOf, type StructElem } from "../../lib/pdf/structure.js";
import { ASSESSMENT_LABELS } from "../../stages/4-markdown/assessment.js";
import { countLines, type BlockKind, type PrintedBlock, type PrintedFlow, type TextRun } from "./rule.js";

/**
 * Reads what the layout rules need from a finished, tagged PDF: walking the
 * structure tree (which the PDF stage has made PDF/UA-1: headings H1–H6,
 * lists L/LI, paragraphs P, the takeaways Aside), each block's text lines on
 * each page, from the baselines of its marked content; and for each page the
 * blocks in reading order. Artifacts (running header and footer, page
 * numbers, a repeated table header) are not content and are not read.
 */

const LABEL = new RegExp(`^(${ASSESSMENT_LABELS.join("|")}):`);

/** What a structure element is as a block; undefined for one that only groups (a section, a list, a span). */
function kindOf(type: string, role: string | undefined): BlockKind | "p" | undefined {
  if (/^H[1-6]?$/.test(role ?? "")) return "heading";
  if (role === "LI") return "item";
  // Chromium writes <aside> (the takeaways box) as Aside; the RoleMap maps it to Sect.
  if (type === "Aside") return "box";
  if (role === "Figure" || role === "Table" || role === "Formula") return "figure";
  // A paragraph, or a box when it opens with an assessment label (Chromium drops the box's <div>).
  if (role === "P" || role === "Caption" || role === "BlockQuote") return "p";
  return undefined;
}

interface Building {
  readonly key: number;
  kind: BlockKind | "p";
  readonly within: number | undefined;
  readonly runs: Map<number, TextRun[]>;
  /** Pages with any content (text, paths or images) of the block. */
  readonly pages: Set<number>;
  text: string;
}

/** Read the printed flow of a PDF; an untagged PDF has no blocks (the PDF/UA check reports it). */
export async function readPrintedFlow(pdf: Uint8Array | PDFDocument): Promise<PrintedFlow> {
  const doc = pdf instanceof PDFDocument ? pdf : await PDFDocument.load(pdf, { updateMetadata: false });
  const pages = doc.getPages();
  const flow: number[][] = pages.map(() => []);
  const tree = readStructTree(doc);
  if (!tree) return { pages: pages.length, blocks: [], flow };
  const roleMap = new Map<string, string>();
  const rm = tree.root.lookup(PDFName.of("RoleMap"));
  if (rm instanceof PDFDict)
    for (const [k, v] of rm.entries()) {
      const to = nameOf(v);
      if (to !== undefined) roleMap.set(k.decodeText(), to);
    }
  // Each page's tagged content by MCID: its text runs, its text, and whether it paints at all.
  const pageOf = new Map<string, number>();
  const runs = new Map<string, TextRun[]>();
  const texts = new Map<string, string>();
  const painted = new Set<string>();
  pages.forEach((page, i) => {
    const n = i + 1;
    pageOf.set(page.ref.toString(), n);
    const content = readPageContentOnce(doc, page.node);
    for (const p of content.paints) {
      const mcid = taggedIn(p)?.mcid;
      if (mcid === undefined || inArtifact(p)) continue;
      const k = `${n}:${mcid}`;
      if (p.kind !== "text") painted.add(k);
      else if ((p.text ?? "").trim() && p.y !== undefined && p.size !== undefined) {
        painted.add(k);
        const list = runs.get(k) ?? [];
        list.push({ y: p.y, size: p.size });
        runs.set(k, list);
      }
    }
    for (const [mcid, t] of mcidTexts(content)) texts.set(`${n}:${mcid}`, t);
  });

  const blocks: Building[] = [];
  const open = (kind: BlockKind | "p", within: Building | undefined): Building => {
    const b: Building = { key: blocks.length, kind, within: within?.key, runs: new Map(), pages: new Set(), text: "" };
    blocks.push(b);
    return b;
  };
  const walk = (e: StructElem, stack: Building[]): void => {
    const kind = kindOf(typeOf(e), standardType(typeOf(e), roleMap));
    const here = kind ? [...stack, open(kind, stack.at(-1))] : stack;
    for (const kid of e.kids) {
      if (kid.kind === "elem") walk(kid.elem, here);
      if (kid.kind !== "mcid") continue;
      const n = pageOf.get(kid.page?.toString() ?? "");
      const k = `${n}:${kid.mcid}`;
      if (n === undefined || !painted.has(k)) continue;
      // Content outside any block (the cover's grid) still counts as something the page ends with.
      const owners = here.length ? here : [open("other", undefined)];
      const inner = owners.at(-1);
      const list = flow[n - 1];
      if (inner && list && list.at(-1) !== inner.key) list.push(inner.key);
      for (const b of owners) {
        b.pages.add(n);
        b.text += texts.get(k) ?? "";
        const r = runs.get(k);
        if (r) b.runs.set(n, [...(b.runs.get(n) ?? []), ...r]);
      }
    }
  };
  for (const top of tree.top) walk(top, []);

  const out = blocks.map((b): PrintedBlock => {
    const text = b.text.replace(/\s+/g, " ").trim().slice(0, 200);
    const kind = b.kind === "p" ? (LABEL.test(text) ? "box" : "paragraph") : b.kind;
    const parts = [...b.pages]
      .sort((x, y) => x - y)
      .map((page) => ({ page, lines: countLines(b.runs.get(page) ?? []) }));
    return { key: b.key, kind, text, parts, ...(b.within === undefined ? {} : { within: b.within }) };
  });
  return { pages: pages.length, blocks: out.filter((b) => b.parts.length > 0), flow };
}
