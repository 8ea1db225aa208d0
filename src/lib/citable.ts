import type { Brief } from "../model.js";

/** True when `id` names something a brief may cite: a sources.yaml entry or a reference. */
export function isCitable(brief: Brief, id: string): boolean {
  return brief.sources.has(id) || (brief.references?.has(id) ?? false);
}

/** Every id a brief may cite, for "did you mean". */
export function citableIds(brief: Brief): string[] {
  return [...brief.sources.keys(), ...(brief.references?.keys() ?? [])];
}
