import { PDFDict, PDFName, PDFRef } from "pdf-lib";
import { STANDARD_TYPES } from "../../lib/pdf/standard.js";
import { typeOf } from "../../lib/pdf/structure.js";
import type { CheckContext } from "./context.js";

/**
 * Structure types and the RoleMap: every type is standard or maps to one,
 * the map has no cycles and leaves standard types alone, and every element
 * names its parent.
 */

/** Check the role map and each element's type and parent. */
export function checkRoles(ctx: CheckContext): void {
  ctx.check("pdf/non-standard-type", "pdf/circular-role-map", "pdf/standard-remapped", "pdf/struct-parent");
  if (!ctx.tree) return;
  for (const [from] of ctx.roleMap) {
    if (STANDARD_TYPES.has(from)) ctx.fail("pdf/standard-remapped", `the RoleMap maps the standard type ${from}`);
    const seen = new Set<string>();
    for (let t: string | undefined = from; t !== undefined && !STANDARD_TYPES.has(t); t = ctx.roleMap.get(t)) {
      if (seen.has(t)) {
        ctx.fail("pdf/circular-role-map", `the RoleMap loops from ${from}`);
        break;
      }
      seen.add(t);
    }
  }
  const unmapped = new Map<string, number>();
  for (const e of ctx.tree.all) {
    const t = typeOf(e);
    if (ctx.role(e) === undefined) unmapped.set(t, (unmapped.get(t) ?? 0) + 1);
    const p = e.dict.get(PDFName.of("P"));
    const parent = p instanceof PDFRef ? ctx.doc.context.lookup(p) : p;
    const expected = e.parent?.dict ?? ctx.tree.root;
    if (!(parent instanceof PDFDict) || parent !== expected)
      ctx.fail("pdf/struct-parent", `a ${t || "typeless"} element's /P is not its parent`);
  }
  for (const [t, n] of unmapped)
    ctx.fail("pdf/non-standard-type", `${n} element(s) of type ${t || "(none)"} with no standard role`);
}
