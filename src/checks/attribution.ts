import { diagnostic, type Diagnostic } from "../diagnostics/index.js";
import { locatePath } from "../lib/yaml.js";
import type { Brief } from "../model.js";

/**
 * `facts/attribution`: the research notes list their sources without tying
 * each sentence to one, so some facts carry a source the editors chose
 * (`attribution: editorial`, with a note saying why). Every such fact is
 * listed, as info, for an editor to review before publication.
 */

/** One info line per editorially attributed fact, at its `attribution` key. */
export function checkAttribution(brief: Brief): Diagnostic[] {
  return [...brief.facts]
    .filter(([, f]) => f.value.attribution === "editorial")
    .map(([id, f]) =>
      diagnostic({
        rule: "facts/attribution",
        at: locatePath(brief.yaml.facts, [id, "attribution"]),
        message: `fact "${id}" has no source named in the notes${f.value.source ? ` (the editors' guess: "${f.value.source}", never printed as its source)` : ""}; it prints: ${f.value.attribution_note ?? "(no statement)"}`,
      }),
    );
}
