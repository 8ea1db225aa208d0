import type { OpSpan, PageContent } from "../../lib/pdf/marked.js";

/**
 * Artifacts in a page's content stream (ISO 14289-1 7.1; Matterhorn 01-005):
 * everything painted outside a tagged marked-content sequence (Chromium's
 * running headers and footers, page numbers, CSS-generated separators,
 * borders drawn outside any element) is wrapped in `/Artifact … BDC … EMC`,
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

/** The graphics objects painted outside any marked content, with the artifact kind each should get. */
function untaggedUnits(content: PageContent, band: PageBand): Unit[] {
  const { ops, paints } = content;
  const untagged = new Map(paints.filter((p) => p.stack.length === 0).map((p) => [p.index, p]));
  const units: Unit[] = [];
  let depth = 0;
  for (let i = 0; i < ops.length; i++) {
    const op = ops[i]?.op ?? "";
    if (op === "BMC" || op === "BDC") depth++;
    else if (op === "EMC") depth = Math.max(0, depth - 1);
    if (depth > 0) continue;
    if (op === "BT") {
      const end = indexOf(ops, i, "ET");
      const marked = ops.slice(i, end).some((o) => o.op === "BDC" || o.op === "BMC");
      if (!marked) {
        const shows = [...range(i, end)].map((j) => untagged.get(j)).filter((p) => p?.kind === "text");
        if (shows.length) units.push({ from: i, to: end, props: textProps(shows[0]?.y, band) });
        i = end;
      }
      // A text object holding tagged content: its untagged shows are wrapped one by one below.
    } else if (PATH_START.has(op)) {
      const end = indexOf(ops, i, ...PATH_END);
      if (ops[end]?.op !== "n") units.push({ from: i, to: end, props: LAYOUT });
      i = end;
    } else if (untagged.has(i)) {
      const p = untagged.get(i);
      units.push({ from: i, to: i, props: p?.kind === "text" ? textProps(p.y, band) : LAYOUT });
    }
  }
  return units;
}

function textProps(y: number | undefined, band: PageBand): string {
  if (y !== undefined && y >= band.headerY) return HEADER;
  if (y !== undefined && y <= band.footerY) return FOOTER;
  return LAYOUT;
}

function indexOf(ops: readonly OpSpan[], from: number, ...names: string[]): number {
  for (let j = from; j < ops.length; j++) if (names.includes(ops[j]?.op ?? "")) return j;
  return ops.length - 1;
}

function* range(from: number, to: number): Generator<number> {
  for (let i = from; i <= to; i++) yield i;
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
  const units = untaggedUnits(content, band);
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
  let last = 0;
  let open: { props: string; inText: boolean } | undefined;
  let inText = false;
  let depth = 0;
  const close = (): void => {
    if (open) out.push("\nEMC\n");
    open = undefined;
  };
  ops.forEach((o, i) => {
    // Close before anything the artifact may not span: tagged content, the end of its text object, and any
    // change of graphics-state depth (q or Q), so that marked content and q/Q always nest properly.
    const crossing = o.op === "BDC" || o.op === "BMC" || o.op === "q" || o.op === "Q";
    if (open && (crossing || (o.op === "ET" && open.inText))) {
      out.push(bytes.subarray(last, o.start));
      last = o.start;
      close();
    }
    if (o.op === "BT" && open && !open.inText && ops.slice(i, indexOf(ops, i, "ET")).some((x) => x.op === "BDC")) {
      out.push(bytes.subarray(last, o.start));
      last = o.start;
      close();
    }
    const unit = depth === 0 ? startAt.get(i) : undefined;
    if (unit) {
      out.push(bytes.subarray(last, o.start));
      last = o.start;
      if (open && open.props !== unit.props) close();
      if (!open) {
        out.push(`\n${unit.props}\n`);
        open = { props: unit.props, inText: inText || TEXT_SHOW.has(o.op) };
      }
    }
    const props = remark.get(i);
    if (props !== undefined) {
      out.push(bytes.subarray(last, o.start), props);
      last = o.end;
    } else if (drop.has(i)) {
      out.push(bytes.subarray(last, o.start));
      last = o.end;
    }
    const inserted = after.get(i);
    if (inserted !== undefined) {
      out.push(bytes.subarray(last, o.end), `\n${inserted}\n`);
      last = o.end;
    }
    if (o.op === "BT") inText = true;
    else if (o.op === "ET") inText = false;
    else if (o.op === "BDC" || o.op === "BMC") depth++;
    else if (o.op === "EMC") depth--;
  });
  out.push(bytes.subarray(last));
  if (open) out.push("\nEMC\n");
  const joined = Buffer.concat(out.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : p)));
  return { bytes: joined, wrapped: units.length, remarked: remark.size };
}
