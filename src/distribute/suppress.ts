import { diagnostic, type Diagnostic } from "../diagnostics/index.js";
import { locatePath, type PositionedYaml } from "../lib/yaml.js";
import type { DistributionFile } from "./config.js";
import type { ResolvedRecipient } from "./load.js";

/**
 * `suppress:` in distribution.yaml: addresses, recipient names or group
 * names (any case) that are never sent to, for someone who unsubscribed or
 * an address that bounces. Suppressed recipients stay in the plan, marked,
 * so every run reports them; an entry that names nobody is a warning.
 */

/** Mark the recipients that `suppress:` names (address, name or group, any case); warn about entries that name nobody. */
export function applySuppress(
  recipients: readonly ResolvedRecipient[],
  config: DistributionFile,
  yaml: PositionedYaml,
): { recipients: ResolvedRecipient[]; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const names = config.suppress.map((x) => x.trim().toLowerCase());
  const hits = (r: ResolvedRecipient, n: string): boolean =>
    r.name.toLowerCase() === n || r.email?.toLowerCase() === n || r.group?.toLowerCase() === n;
  names.forEach((n, i) => {
    if (!recipients.some((r) => hits(r, n)))
      diagnostics.push(
        diagnostic({
          rule: "distribution/suppress-unmatched",
          at: locatePath(yaml, ["suppress", i]),
          message: `suppress: "${config.suppress[i] ?? n}" names no recipient, group or address in this file`,
        }),
      );
  });
  const out = recipients.map((r) => (names.some((n) => hits(r, n)) ? { ...r, suppressed: true } : r));
  return { recipients: out, diagnostics };
}
