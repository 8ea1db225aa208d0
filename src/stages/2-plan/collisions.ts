import { diagnostic, type Diagnostic } from "../../diagnostics/index.js";
import { locatePath } from "../../lib/yaml.js";
import type { Project } from "../../model.js";

/**
 * Editions are written to output/<brief>-<audience>.*, so brief `p` with
 * audience `policy-makers` and brief `p-policy` with audience `makers`
 * would write the same files: the second would silently replace the first.
 * Every such pair is found over the whole project (not only the editions a
 * run asks for), and each edition involved gets an error naming the other,
 * at its line in its brief.yaml; none of them is built. Keyed by
 * `collisionKey(brief, audience)`.
 */
export function outputCollisions(project: Project): Map<string, Diagnostic> {
  const byName = new Map<string, { brief: string; audience: string; index: number }[]>();
  for (const brief of project.briefs)
    brief.config.value.audiences.forEach((audience, index) => {
      const name = `${brief.id}-${audience}`;
      byName.set(name, [...(byName.get(name) ?? []), { brief: brief.id, audience, index }]);
    });
  const out = new Map<string, Diagnostic>();
  for (const [name, claims] of byName) {
    if (claims.length < 2) continue;
    const list = claims.map((c) => `brief "${c.brief}" with audience "${c.audience}"`).join(" and ");
    for (const c of claims) {
      const brief = project.briefs.find((b) => b.id === c.brief);
      if (!brief) continue;
      const at = locatePath(brief.yaml.brief, ["audiences", c.index]);
      const message = `editions of ${list} would both write output/${name}.*; neither is built`;
      out.set(collisionKey(c.brief, c.audience), diagnostic({ rule: "edition/output-collision", at, message }));
    }
  }
  return out;
}

/** The key of an edition in `outputCollisions`' map. */
export function collisionKey(brief: string, audience: string): string {
  return `${brief}\u0000${audience}`;
}
