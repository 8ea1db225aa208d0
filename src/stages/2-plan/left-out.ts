import { diagnostic, type Diagnostic } from "../../diagnostics/index.js";
import { locatePath } from "../../lib/yaml.js";
import type { Brief } from "../../model.js";

/**
 * A section without `audiences:` is meant for every edition. An edition
 * whose `sections:` list in brief.yaml does not name it leaves it out; that
 * is said, never silent (`edition/section-left-out`), and the warning says
 * when no edition of the brief prints the section at all.
 */

/** True when edition `name` of the brief prints a section meant for every edition, `id`. */
function prints(brief: Brief, name: string, id: string): boolean {
  const listed = brief.config.value.editions[name]?.sections;
  return !listed || listed.includes(id);
}

/** A warning for each section meant for every edition that edition `name`'s `sections:` list leaves out. */
export function leftOutSections(brief: Brief, name: string, listed: readonly string[]): Diagnostic[] {
  const at = locatePath(brief.yaml.brief, ["editions", name, "sections"], true);
  return brief.sections
    .filter((s) => !s.front.audiences && !listed.includes(s.front.id))
    .map((s) => {
      const id = s.front.id;
      const printed = brief.config.value.audiences.filter((a) => prints(brief, a, id)).map((a) => `${brief.id}-${a}`);
      const outcome = printed.length
        ? `edition ${brief.id}-${name} leaves it out (printed only in ${printed.join(", ")})`
        : "no edition prints it";
      return diagnostic({
        rule: "edition/section-left-out",
        at,
        message: `section "${id}" (${s.file}) has no audiences, so it is meant for every edition, but editions.${name}.sections does not list it: ${outcome}`,
        hint: `Add "${id}" to editions.${name}.sections, or give the section audiences: naming the editions that print it.`,
      });
    });
}
