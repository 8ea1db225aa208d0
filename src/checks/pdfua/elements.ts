import { PDFName } from "pdf-lib";
import { textOf, type StructElem } from "../../lib/pdf/structure.js";
import { describe, type CheckContext, type PdfRule } from "./context.js";

/**
 * Where structure elements may sit (ISO 32000-1 Tables 333–337 as
 * ISO 14289-1 7.2 applies them), and what some must carry: tables, lists
 * and contents in their proper shape, alternative text on figures and
 * formulas, IDs on notes.
 */

interface Shape {
  readonly rule: PdfRule;
  /** Standard types allowed as the parent (undefined: anywhere). */
  readonly parents?: readonly string[];
  /** Standard types allowed as element kids (undefined: anything). */
  readonly kids?: readonly string[];
  /** A Caption kid must be first ("first") or first or last ("ends"); at most one. */
  readonly caption?: "first" | "ends";
}

const SHAPES: Readonly<Record<string, Shape>> = {
  Table: { rule: "pdf/table-structure", kids: ["TR", "THead", "TBody", "TFoot", "Caption"], caption: "ends" },
  THead: { rule: "pdf/table-structure", parents: ["Table"], kids: ["TR"] },
  TBody: { rule: "pdf/table-structure", parents: ["Table"], kids: ["TR"] },
  TFoot: { rule: "pdf/table-structure", parents: ["Table"], kids: ["TR"] },
  TR: { rule: "pdf/table-structure", parents: ["Table", "THead", "TBody", "TFoot"], kids: ["TH", "TD"] },
  TH: { rule: "pdf/table-structure", parents: ["TR"] },
  TD: { rule: "pdf/table-structure", parents: ["TR"] },
  L: { rule: "pdf/list-structure", kids: ["L", "LI", "Caption"], caption: "first" },
  LI: { rule: "pdf/list-structure", parents: ["L"], kids: ["Lbl", "LBody"] },
  LBody: { rule: "pdf/list-structure", parents: ["LI"] },
  TOC: { rule: "pdf/toc-structure", kids: ["TOC", "TOCI", "Caption"], caption: "first" },
  TOCI: { rule: "pdf/toc-structure", parents: ["TOC"] },
};

const hasText = (e: StructElem, key: string): boolean => (textOf(e.dict.lookup(PDFName.of(key))) ?? "").trim() !== "";

function checkShape(ctx: CheckContext, e: StructElem, role: string, shape: Shape): void {
  const name = describe(ctx, e);
  const parentRole = e.parent ? ctx.role(e.parent) : undefined;
  if (shape.parents && !shape.parents.includes(parentRole ?? ""))
    ctx.fail(shape.rule, `${name} sits in ${e.parent ? describe(ctx, e.parent) : "the structure root"}`);
  const kids = e.kids.flatMap((k) => (k.kind === "elem" ? [k.elem] : []));
  if (shape.kids) {
    for (const k of kids)
      if (!shape.kids.includes(ctx.role(k) ?? "")) ctx.fail(shape.rule, `${name} holds ${describe(ctx, k)}`);
    if (e.kids.some((k) => k.kind === "mcid") && role !== "TH" && role !== "TD")
      ctx.fail(shape.rule, `${name} holds content directly`);
  }
  const captions = kids.flatMap((k, i) => (ctx.role(k) === "Caption" ? [i] : []));
  if (shape.caption && captions.length > 1) ctx.fail(shape.rule, `${name} holds ${captions.length} Captions`);
  const c = captions[0];
  if (shape.caption && c !== undefined && c !== 0 && !(shape.caption === "ends" && c === kids.length - 1))
    ctx.fail(shape.rule, `${name}'s Caption is not its ${shape.caption === "first" ? "first" : "first or last"} kid`);
  if (role === "Table") {
    const heads = kids.filter((k) => ctx.role(k) === "THead").length;
    const feet = kids.filter((k) => ctx.role(k) === "TFoot").length;
    const bodies = kids.filter((k) => ctx.role(k) === "TBody").length;
    if (heads > 1 || feet > 1) ctx.fail(shape.rule, `${name} has ${heads} THead and ${feet} TFoot`);
    if ((heads || feet) && !bodies) ctx.fail(shape.rule, `${name} has a THead or TFoot but no TBody`);
  }
}

/** Check element placement, alternative texts and note IDs. */
export function checkElements(ctx: CheckContext): void {
  ctx.check("pdf/table-structure", "pdf/list-structure", "pdf/toc-structure");
  ctx.check("pdf/figure-alt", "pdf/formula-alt", "pdf/note-id");
  const noteIds = new Map<string, number>();
  for (const e of ctx.tree?.all ?? []) {
    const role = ctx.role(e);
    if (role === undefined) continue;
    const shape = SHAPES[role];
    if (shape) checkShape(ctx, e, role, shape);
    if (role === "Figure" && !hasText(e, "Alt") && !hasText(e, "ActualText"))
      ctx.fail("pdf/figure-alt", `${describe(ctx, e)} has neither /Alt nor /ActualText`);
    if (role === "Formula" && !hasText(e, "Alt") && !hasText(e, "ActualText"))
      ctx.fail("pdf/formula-alt", `${describe(ctx, e)} has neither /Alt nor /ActualText`);
    if (role === "Note") {
      const id = textOf(e.dict.lookup(PDFName.of("ID")));
      if (id === undefined) ctx.fail("pdf/note-id", `${describe(ctx, e)} has no /ID`);
      else noteIds.set(id, (noteIds.get(id) ?? 0) + 1);
    }
  }
  for (const [id, n] of noteIds) if (n > 1) ctx.fail("pdf/note-id", `${n} Notes share the ID ${id}`);
}
