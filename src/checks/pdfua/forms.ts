import { PDFDict, PDFName } from "pdf-lib";
import { nameOf } from "../../lib/pdf/structure.js";
import type { CheckContext } from "./context.js";

/**
 * Form fields (ISO 14289-1 7.18.4; Matterhorn 28-005 and 28-010): a `Form`
 * structure element stands for a form field, so it holds the field's widget
 * annotation (an object reference to an annotation of subtype Widget). An
 * empty `Form` (Chromium tags an HTML checkbox so, with no field behind it)
 * announces a control a reader cannot find or use.
 */

/** Check that every Form element holds a widget annotation. */
export function checkForms(ctx: CheckContext): void {
  ctx.check("pdf/form-widget");
  for (const e of ctx.tree?.all ?? []) {
    if (ctx.role(e) !== "Form") continue;
    const widget = e.kids.some((k) => {
      if (k.kind !== "objr") return false;
      const a = ctx.doc.context.lookup(k.obj);
      return a instanceof PDFDict && nameOf(a.get(PDFName.of("Subtype"))) === "Widget";
    });
    if (!widget) {
      const kinds = e.kids.map((k) => k.kind);
      ctx.fail(
        "pdf/form-widget",
        `a Form element ${kinds.length ? `holds ${kinds.join(", ")} but` : "is empty and"} has no widget annotation`,
      );
    }
  }
}
