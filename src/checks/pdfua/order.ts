import { taggedIn } from "../../lib/pdf/marked.js";
import type { StructElem } from "../../lib/pdf/structure.js";
import type { CheckContext } from "./context.js";

/**
 * Reading order (Matterhorn 09-001, a human check, made mechanical for the
 * single-column pages the pipeline prints): walking the structure tree in
 * order, the text it reaches runs down each page, and along a line to the
 * right; going back up the page is allowed only to the right (the next
 * column of a grid, a superscript); and the pages come in order.
 */

/** How far (PDF units) text may rise, or sit to the left, before it counts as going back. */
const TOLERANCE = 2;

interface Spot {
  readonly page: number;
  readonly x: number;
  readonly y: number;
  readonly text: string;
}

/** Check the reading order of each page. */
export function checkReadingOrder(ctx: CheckContext): void {
  ctx.check("pdf/reading-order");
  if (!ctx.tree) return;
  // Where each tagged sequence's text starts, by page and MCID.
  const starts = new Map<string, Spot>();
  const pageNumber = new Map<string, number>();
  for (const { n, page, content } of ctx.pages) {
    pageNumber.set(page.ref.toString(), n);
    for (const p of content.paints) {
      const mcid = taggedIn(p)?.mcid;
      const k = `${n}:${mcid}`;
      if (mcid === undefined || p.kind !== "text" || starts.has(k) || p.x === undefined || p.y === undefined) continue;
      if (!(p.text ?? "").trim()) continue;
      starts.set(k, { page: n, x: p.x, y: p.y, text: p.text ?? "" });
    }
  }
  const order: Spot[] = [];
  const walk = (e: StructElem): void => {
    for (const k of e.kids) {
      if (k.kind === "elem") walk(k.elem);
      else if (k.kind === "mcid") {
        const s = starts.get(`${pageNumber.get(k.page?.toString() ?? "")}:${k.mcid}`);
        if (s) order.push(s);
      }
    }
  };
  for (const e of ctx.tree.top) walk(e);
  for (let i = 1; i < order.length; i++) {
    const a = order[i - 1];
    const b = order[i];
    if (!a || !b) continue;
    if (b.page < a.page)
      ctx.fail("pdf/reading-order", `“${b.text.trim()}” on page ${b.page} comes after text on page ${a.page}`);
    else if (b.page === a.page && b.y > a.y + TOLERANCE && b.x <= a.x + TOLERANCE)
      ctx.fail(
        "pdf/reading-order",
        `page ${b.page}: “${b.text.trim()}” comes after “${a.text.trim()}”, below and right of it`,
      );
  }
}
