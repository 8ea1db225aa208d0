import { PDFDict, PDFName, PDFNumber, PDFStream, type PDFDocument, type PDFPageLeaf } from "pdf-lib";
import { pageContent } from "./content.js";
import { codesOf, fontInfo, fontResources, type FontInfo } from "./fonts.js";
import { scan, type Operand, type Operation } from "./tokens.js";

/**
 * A page's content read as the PDF/UA rules see it (ISO 32000-1 14.6
 * marked content, 9.4 text objects): every operation that paints
 * something, with the marked-content sequences it sits in, and for text the
 * font, the character codes, their Unicode text and where on the page the
 * text starts. Both the PDF stage (marking artifacts) and the checker use it.
 */

/** A marked-content sequence: BMC/BDC … EMC. */
export interface MarkedSequence {
  readonly tag: string;
  /** The MCID of a tagged sequence (one with an MCID in its property list). */
  readonly mcid: number | undefined;
  /** Index of the BMC/BDC operation, and of its EMC (-1 while unclosed). */
  readonly begin: number;
  end: number;
  /** The /ActualText of its inline property list: the text that replaces what it shows. */
  readonly actualText?: string;
}

/** What an operation paints. */
export type PaintKind = "text" | "path" | "image" | "form" | "shading";

/** One painting operation and its context. */
export interface Paint {
  readonly index: number;
  readonly kind: PaintKind;
  /** The sequences open around it, outermost first. */
  readonly stack: readonly MarkedSequence[];
  /** For text: the font, codes shown, their Unicode text and the start in page space (PDF units, y up). */
  readonly font?: FontInfo | undefined;
  readonly codes?: readonly number[];
  readonly text?: string;
  readonly x?: number;
  readonly y?: number;
  /** For text: the font's resource name and the size of the text in page units. */
  readonly fontName?: string;
  readonly size?: number;
  /** For text: the size operand of the Tf in force (text space), to select the font again. */
  readonly fontSize?: number;
}

/**
 * Every operation of the stream: its operator and the byte range it
 * occupies (its operands are not kept), as parallel lists indexed by the
 * operation's index. A page has tens of thousands of operations (Chromium
 * positions and shows each glyph on its own); one object each was most of
 * what the reading allocated, and kept alive, for the garbage collector.
 */
export interface OpSpans {
  readonly op: readonly string[];
  readonly start: readonly number[];
  readonly end: readonly number[];
}

/** A page's content, tokenized and interpreted. */
export interface PageContent {
  readonly ops: OpSpans;
  readonly paints: readonly Paint[];
  readonly sequences: readonly MarkedSequence[];
}

type Matrix = [number, number, number, number, number, number];
const IDENTITY: Matrix = [1, 0, 0, 1, 0, 0];
const mul = (m: Matrix, n: Matrix): Matrix => [
  m[0] * n[0] + m[1] * n[2],
  m[0] * n[1] + m[1] * n[3],
  m[2] * n[0] + m[3] * n[2],
  m[2] * n[1] + m[3] * n[3],
  m[4] * n[0] + m[5] * n[2] + n[4],
  m[4] * n[1] + m[5] * n[3] + n[5],
];
const nums = (a: readonly Operand[]): number[] => a.map((o) => (o.type === "number" ? o.value : 0));
const num = (o: Operand | undefined): number => (o?.type === "number" ? o.value : 0);

const PATH_PAINT = new Set(["S", "s", "f", "F", "f*", "B", "B*", "b", "b*"]);
const TEXT_SHOW = new Set(["Tj", "TJ", "'", '"']);

/** The MCID in a BDC's property list (inline, or a named /Properties resource). */
function mcidOf(props: Operand | undefined, properties: PDFDict | undefined): number | undefined {
  if (props?.type === "dict") {
    const m = props.entries.get("MCID");
    return m?.type === "number" ? m.value : undefined;
  }
  if (props?.type === "name" && properties) {
    const d = properties.lookup(PDFName.of(props.value));
    const m = d instanceof PDFDict ? d.lookup(PDFName.of("MCID")) : undefined;
    return m instanceof PDFNumber ? m.asNumber() : undefined;
  }
  return undefined;
}

const readOnce = new WeakMap<PDFPageLeaf, PageContent>();

/**
 * One page's content as read by the checks that read a finished PDF back
 * (PDF/UA-1 and layout): interpreted once per parsed page and shared, since
 * neither check changes the document.
 */
export function readPageContentOnce(doc: PDFDocument, page: PDFPageLeaf): PageContent {
  const known = readOnce.get(page);
  if (known) return known;
  const content = readPageContent(doc, page);
  readOnce.set(page, content);
  return content;
}

/** Read and interpret one page's content stream (`bytes`: its content, when the caller already has it). */
export function readPageContent(doc: PDFDocument, page: PDFPageLeaf, bytes = pageContent(page)): PageContent {
  const ops = { op: [] as string[], start: [] as number[], end: [] as number[] };
  const resources = page.Resources();
  const fonts = fontResources(doc, resources);
  const properties = resources?.lookup(PDFName.of("Properties"));
  const xobjects = resources?.lookup(PDFName.of("XObject"));
  const paints: Paint[] = [];
  const sequences: MarkedSequence[] = [];
  // The open sequences; replaced (not changed) at each BMC/BDC/EMC, so paints can share it.
  let stack: readonly MarkedSequence[] = [];
  const ctms: Matrix[] = [];
  let ctm: Matrix = IDENTITY;
  // The text line matrix, which is also the text matrix at the start of each show (advances are not followed).
  let [la, lb, lc, ld, le, lf] = IDENTITY;
  let leading = 0;
  let font: FontInfo | undefined;
  let fontName = "";
  let fontSize = 0;
  const newLine = (tx: number, ty: number): void => {
    le += tx * la + ty * lc;
    lf += tx * lb + ty * ld;
  };
  const here = (index: number, kind: PaintKind): void => {
    paints.push({ index, kind, stack });
  };
  scan(bytes, (o: Operation) => {
    const index = ops.op.length;
    ops.op.push(o.op);
    ops.start.push(o.start);
    ops.end.push(o.end);
    const a = o.operands;
    switch (o.op) {
      case "BMC":
      case "BDC": {
        const tag = a[0]?.type === "name" ? a[0].value : "";
        const actual = a[1]?.type === "dict" ? a[1].entries.get("ActualText") : undefined;
        const seq: MarkedSequence = {
          tag,
          mcid: mcidOf(a[1], properties instanceof PDFDict ? properties : undefined),
          begin: index,
          end: -1,
          ...(actual?.type === "string" ? { actualText: decodeTextString(actual.bytes) } : {}),
        };
        sequences.push(seq);
        stack = [...stack, seq];
        break;
      }
      case "EMC": {
        const seq = stack[stack.length - 1];
        if (seq) seq.end = index;
        stack = stack.slice(0, -1);
        break;
      }
      case "q":
        ctms.push(ctm);
        break;
      case "Q":
        ctm = ctms.pop() ?? IDENTITY;
        break;
      case "cm":
        ctm = mul(nums(a) as Matrix, ctm);
        break;
      case "BT":
        [la, lb, lc, ld, le, lf] = IDENTITY;
        break;
      case "Tm":
        [la, lb, lc, ld, le, lf] = [num(a[0]), num(a[1]), num(a[2]), num(a[3]), num(a[4]), num(a[5])];
        break;
      case "Td":
        newLine(num(a[0]), num(a[1]));
        break;
      case "TD":
        leading = -num(a[1]);
        newLine(num(a[0]), num(a[1]));
        break;
      case "TL":
        leading = num(a[0]);
        break;
      case "T*":
        newLine(0, -leading);
        break;
      case "Tf": {
        fontName = a[0]?.type === "name" ? a[0].value : "";
        fontSize = num(a[1]);
        const f = fonts.get(fontName);
        font = f ? fontInfo(f) : undefined;
        break;
      }
      case "Do": {
        const x =
          a[0]?.type === "name" && xobjects instanceof PDFDict ? xobjects.lookup(PDFName.of(a[0].value)) : undefined;
        const sub = x instanceof PDFStream ? x.dict.get(PDFName.of("Subtype")) : undefined;
        here(index, sub === PDFName.of("Form") ? "form" : "image");
        break;
      }
      case "BI":
        here(index, "image");
        break;
      case "sh":
        here(index, "shading");
        break;
      default:
        if (PATH_PAINT.has(o.op)) here(index, "path");
        else if (TEXT_SHOW.has(o.op)) {
          if (o.op !== "Tj" && o.op !== "TJ") newLine(0, -leading);
          const last = a[a.length - 1];
          const length = font?.codeLength ?? 1;
          let codes: readonly number[];
          if (o.op !== "TJ") codes = last?.type === "string" ? codesOf(last.bytes, length) : [];
          else {
            const items = a[0]?.type === "array" ? a[0].items : [];
            codes = items.flatMap((s) => (s.type === "string" ? codesOf(s.bytes, length) : []));
          }
          let text = "";
          const map = font?.toUnicode;
          for (const c of codes) text += map?.get(c) ?? "\uFFFD";
          const x = le * ctm[0] + lf * ctm[2] + ctm[4];
          const y = le * ctm[1] + lf * ctm[3] + ctm[5];
          const size = fontSize * Math.hypot(lc * ctm[0] + ld * ctm[2], lc * ctm[1] + ld * ctm[3]);
          paints.push({ index, kind: "text", stack, codes, text, x, y, fontName, size, fontSize, font });
        }
    }
  });
  return { ops, paints, sequences };
}

/** A PDF text string's bytes as text: UTF-16BE after a byte-order mark, else PDFDocEncoding (close enough to Latin-1 here). */
export function decodeTextString(b: Uint8Array): string {
  if (b[0] === 0xfe && b[1] === 0xff) return Buffer.from(b.subarray(2)).swap16().toString("utf16le");
  return Buffer.from(b).toString("latin1");
}

/**
 * The text of each tagged sequence (by MCID), in content order, with
 * /ActualText spans inside it read as their actual text.
 */
export function mcidTexts(content: PageContent): Map<number, string> {
  const out = new Map<number, string>();
  const spoken = new Set<MarkedSequence>();
  for (const p of content.paints) {
    const mcid = taggedIn(p)?.mcid;
    if (mcid === undefined || p.kind !== "text") continue;
    const span = p.stack.find((s) => s.actualText !== undefined);
    let text = p.text ?? "";
    if (span) {
      text = spoken.has(span) ? "" : (span.actualText ?? "");
      spoken.add(span);
    }
    out.set(mcid, (out.get(mcid) ?? "") + text);
  }
  return out;
}

/** The innermost tagged sequence (one with an MCID) around a paint, if any. */
export function taggedIn(p: Paint): MarkedSequence | undefined {
  for (let i = p.stack.length - 1; i >= 0; i--) if (p.stack[i]?.mcid !== undefined) return p.stack[i];
  return undefined;
}

/** True when a paint sits in an Artifact sequence. */
export function inArtifact(p: Paint): boolean {
  return p.stack.some((s) => s.tag === "Artifact");
}
