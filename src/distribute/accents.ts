import path from "node:path";
import { Audience } from "../config/schemas.js";
import { validate } from "../lib/yaml.js";
import { readYaml } from "../stages/1-load/files.js";

/**
 * Each audience's accent colour, from `templates/audiences/<name>.yaml`,
 * so a card on the site wears its edition's colour. Cosmetic: an audience
 * file that is missing or invalid (the build reports those) gives none.
 */
export async function audienceAccents(root: string, audiences: readonly string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const name of audiences) {
    const read = await readYaml(root, path.join(root, "templates", "audiences", `${name}.yaml`));
    if (!read.value) continue;
    const checked = validate(read.value.yaml, read.value.data, Audience, "audience");
    if (checked.value) out.set(name, checked.value.accent);
  }
  return out;
}
