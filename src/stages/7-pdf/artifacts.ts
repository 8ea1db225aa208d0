import { taggedIn, type OpSpans, type PageContent } from "../../lib/pdf/marked.js";

/**
 * Artifacts in a page's content stream (ISO 14289-1 7.1; Matterhorn 01-005):
 * everything painted outside a tagged marked-content sequence (Chromium's
 * running headers and footers and page numbers: pagination; CSS-generated
 * separators on a line of the body's text and borders drawn outside any
 * element: layout) is wrapped in `/Artifact … BDC … EMC`,
 * and tagged sequences that paint only decoration (rules, boxes, the cover
 * band, backgrounds: chosen by the caller) are re-marked as artifacts.
 *
 * The stream is rewritten by splicing: the original bytes of every
 * operation are kept and only the new operators are inserted, so the page
 * draws exactly as before. An artifact never crosses a text object's
 * boundary, tagged content, or a `q`/`Q` (so marked content and graphics
 * states nest).
 */

/** Where the page's furniture sits: text above `headerY` is a header, below `footerY` a footer. */
export interface PageBand {
  readonly headerY: number;
  readonly footerY: number;
}

const PATH_START = new Set(["m", "re"]);
const PATH_END = new Set(["S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "n"]);
const TEXT_SHOW = new Set(["Tj", "TJ", "'", '"']);

const LAYOUT = "/Artifact <</Type /Layout>> BDC";
const PAGINATION = "/Artifact <</Type /Pagination>> BDC";
const HEADER = "/Artifact <</Type /Pagination /Subtype /Header>> BDC";
const FOOTER = "/Artifact <</Type /Pagination /Subtype /Footer>> BDC";

/** A run of operations at the top level that paints: wrapped as one artifact unless it is empty. */
interface Unit {
  readonly from: number;
  readonly to: number;
  readonly props: string;
}

/** A text object: the index of its ET, and whether it holds marked content (and a BDC in particular). */
interface TextObject {
  end: number;
  marked: boolean;
  bdc: boolean;
}

/** Each text object, by the index of its BT. */
function textObjects(ops: OpSpans): Map<number, TextObject> {
  const out = new Map<number, TextObject>();
  let open: TextObject | undefined;
  const last = ops.op.length - 1;
  for (let i = 0; i <= last; i++) {
    const op = ops.op[i];
    if (op === "BT") out.set(i, (open = { end: last, marked: false, bdc: false }));
    else if (open && (op === "BDC" || op === "BMC")) {
      open.marked = true;
      if (op === "BDC") open.bdc = true;
    } else if (open && op === "ET") {
      open.end = i;
      open = undefined;
    }
  }
  return out;
}

/** The graphics objects painted outside any marked content, with the artifact kind each should get. */
function untaggedUnits(content: PageContent, band: PageBand, texts: ReadonlyMap<number, TextObject>): Unit[] {
  const { ops, paints } = content;
  const untagged = new Map<number, (typeof paints)[number]>();
  for (const p of paints) if (p.stack.length === 0) untagged.set(p.index, p);
  // Baselines of tagged text: untagged text on one of them is generated inside the body's lines (a CSS
  // separator such as the About block's "·"), so decoration (/Layout), even near the top or bottom edge.
  const lines = new Set<number>();
  for (const p of paints) if (p.kind === "text" && taggedIn(p) && p.y !== undefined) lines.add(Math.round(p.y));
  const textProps = (y: number | undefined): string =>
    y !== undefined && (lines.has(Math.round(y)) || lines.has(Math.round(y) - 1) || lines.has(Math.round(y) + 1))
      ? LAYOUT
      : furniture(y, band);
  const units: Unit[] = [];
  let depth = 0;
  const count = ops.op.length;
  for (let i = 0; i < count; i++) {
    const op = ops.op[i] ?? "";
    if (op === "BMC" || op === "BDC") depth++;
    else if (op === "EMC") depth = Math.max(0, depth - 1);
    if (depth > 0) continue;
    if (op === "BT") {
      const t = texts.get(i) ?? { end: count - 1, marked: false, bdc: false };
      if (!t.marked) {
        let first: (typeof paints)[number] | undefined;
        for (let j = i; j <= t.end && !first; j++) if (untagged.get(j)?.kind === "text") first = untagged.get(j);
        if (first) units.push({ from: i, to: t.end, props: textProps(first.y) });
        i = t.end;
      }
      // A text object holding tagged content: its untagged shows are wrapped one by one below.
    } else if (PATH_START.has(op)) {
      const end = indexOf(ops, i, PATH_END);
      if (ops.op[end] !== "n") units.push({ from: i, to: end, props: LAYOUT });
      i = end;
    } else if (untagged.has(i)) {
      const p = untagged.get(i);
      units.push({ from: i, to: i, props: p?.kind === "text" ? textProps(p.y) : LAYOUT });
    }
  }
  return units;
}

/** Untagged text outside the body's lines: a running header or footer by where it is, else decoration. */
function furniture(y: number | undefined, band: PageBand): string {
  if (y !== undefined && y >= band.headerY) return HEADER;
  if (y !== undefined && y <= band.footerY) return FOOTER;
  return LAYOUT;
}

function indexOf(ops: OpSpans, from: number, names: ReadonlySet<string>): number {
  for (let j = from; j < ops.op.length; j++) if (names.has(ops.op[j] ?? "")) return j;
  return ops.op.length - 1;
}

/** Other changes to splice in while the stream is rewritten, by operation index. */
export interface Edits {
  /** Operations to insert after the operation of that index. */
  readonly after?: ReadonlyMap<number, string>;
  /** Operations to leave out. */
  readonly drop?: ReadonlySet<number>;
  /** Tagged sequences (by MCID) that repeat content of an earlier page (a table's header row): re-marked as pagination artifacts. */
  readonly repeated?: ReadonlySet<number>;
}

/**
 * The page's content with its untagged painting wrapped as artifacts, the
 * BDC of each sequence in `decorative` (by MCID) re-marked as an artifact,
 * and `edits` applied. Returns the original bytes when nothing changes.
 */
export function markArtifacts(
  bytes: Uint8Array,
  content: PageContent,
  decorative: ReadonlySet<number>,
  band: PageBand,
  edits: Edits = {},
): { bytes: Uint8Array; wrapped: number; remarked: number } {
  const after = edits.after ?? new Map<number, string>();
  const drop = edits.drop ?? new Set<number>();
  const { ops } = content;
  const texts = textObjects(ops);
  const units = untaggedUnits(content, band, texts);
  const startAt = new Map(units.map((u) => [u.from, u]));
  const repeated = edits.repeated ?? new Set<number>();
  const remark = new Map<number, string>();
  for (const s of content.sequences) {
    if (s.mcid !== undefined && repeated.has(s.mcid)) remark.set(s.begin, PAGINATION);
    else if (s.mcid !== undefined && decorative.has(s.mcid)) remark.set(s.begin, LAYOUT);
  }
  if (units.length === 0 && remark.size === 0 && after.size === 0 && drop.size === 0)
    return { bytes, wrapped: 0, remarked: 0 };
  const out: (Uint8Array | string)[] = [];
  // Slices of a plain Uint8Array view: a Buffer's subarray builds a Buffer each time, several times slower.
  const raw = new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let last = 0;
  let open: { props: string; inText: boolean } | undefined;
  let inText = false;
  let depth = 0;
  const close = (): void => {
    if (open) out.push("\nEMC\n");
    open = undefined;
  };
  const count = ops.op.length;
  for (let i = 0; i < count; i++) {
    const op = ops.op[i] ?? "";
    const start = ops.start[i] ?? 0;
    const end = ops.end[i] ?? 0;
    // Close before anything the artifact may not span: tagged content, the end of its text object, and any
    // change of graphics-state depth (q or Q), so that marked content and q/Q always nest properly.
    const crossing = op === "BDC" || op === "BMC" || op === "q" || op === "Q";
    if (open && (crossing || (op === "ET" && open.inText))) {
      out.push(raw.subarray(last, start));
      last = start;
      close();
    }
    if (op === "BT" && open && !open.inText && texts.get(i)?.bdc) {
      out.push(raw.subarray(last, start));
      last = start;
      close();
    }
    const unit = depth === 0 ? startAt.get(i) : undefined;
    if (unit) {
      out.push(raw.subarray(last, start));
      last = start;
      if (open && open.props !== unit.props) close();
      if (!open) {
        out.push(`\n${unit.props}\n`);
        open = { props: unit.props, inText: inText || TEXT_SHOW.has(op) };
      }
    }
    const props = remark.get(i);
    if (props !== undefined) {
      out.push(raw.subarray(last, start), props);
      last = end;
    } else if (drop.has(i)) {
      out.push(raw.subarray(last, start));
      last = end;
    }
    const inserted = after.get(i);
    if (inserted !== undefined) {
      out.push(raw.subarray(last, end), `\n${inserted}\n`);
      last = end;
    }
    if (op === "BT") inText = true;
    else if (op === "ET") inText = false;
    else if (op === "BDC" || op === "BMC") depth++;
    else if (op === "EMC") depth--;
  }
  out.push(raw.subarray(last));
  if (open) out.push("\nEMC\n");
  const joined = Buffer.concat(out.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : p)));
  return { bytes: joined, wrapped: units.length, remarked: remark.size };
}
