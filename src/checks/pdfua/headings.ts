import { describe, type CheckContext } from "./context.js";

/**
 * Headings (ISO 14289-1 7.4): numbered headings start at H1 and never skip
 * a level going down; unnumbered H headings are one per element; a
 * document does not mix the two.
 */

/** Check heading levels and kinds. */
export function checkHeadings(ctx: CheckContext): void {
  ctx.check("pdf/heading-first", "pdf/heading-skip", "pdf/heading-one-h", "pdf/heading-mixed");
  if (!ctx.tree) return;
  const all = ctx.tree.all;
  let previous = 0;
  let numbered = 0;
  let plain = 0;
  for (const e of all) {
    const role = ctx.role(e);
    if (role === "H") plain++;
    const level = /^H([1-6])$/.exec(role ?? "")?.[1];
    if (level === undefined) continue;
    const n = Number(level);
    if (numbered++ === 0 && n !== 1) ctx.fail("pdf/heading-first", `the first heading is ${describe(ctx, e)}, not H1`);
    else if (n > previous + 1 && previous > 0)
      ctx.fail("pdf/heading-skip", `H${previous} is followed by ${describe(ctx, e)}`);
    previous = n;
  }
  if (numbered > 0 && plain > 0) ctx.fail("pdf/heading-mixed", `${plain} H and ${numbered} H1–H6 headings`);
  for (const e of all) {
    const hs = e.kids.filter((k) => k.kind === "elem" && ctx.role(k.elem) === "H").length;
    if (hs > 1) ctx.fail("pdf/heading-one-h", `${describe(ctx, e)} holds ${hs} H elements`);
  }
}
