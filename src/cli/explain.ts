import { ruleIds, ruleMeta, RULES } from "../diagnostics/index.js";
import { usage, type Io } from "./io.js";

/**
 * `brief explain RULE-ID`: what a rule finds, why, and what to do, from
 * the rule catalogue. Without an id, every rule with its title.
 */
export function explain(args: readonly string[], io: Io): number {
  if (args.length > 1) return usage(io, `explain takes one rule id, not ${args.length}`);
  const id = args[0];
  if (id === undefined) {
    const width = Math.max(...ruleIds().map((r) => r.length));
    for (const r of ruleIds()) io.out(`${r.padEnd(width)}  ${RULES[r].severity.padEnd(7)}  ${RULES[r].title}\n`);
    return 0;
  }
  const meta = ruleMeta(id);
  if (!meta) {
    const family = id.split("/")[0] ?? "";
    const near = ruleIds().filter((r) => r.startsWith(`${family}/`));
    return usage(io, `no rule "${id}"${near.length ? `; rules in ${family}/: ${near.join(", ")}` : ""}`);
  }
  const scope = meta.command
    ? `reported by brief ${meta.command}`
    : meta.checkOnly
      ? "reported by brief check"
      : "reported by brief build and brief check";
  io.out(
    `${id}: ${meta.title}\n\n  default severity: ${meta.severity} (${scope})\n\n${wrap(meta.docs, 76, "  ")}\n\n  What to do: ${meta.hint}\n`,
  );
  return 0;
}

/** Wrap a paragraph at `width` columns with an indent. */
function wrap(text: string, width: number, indent: string): string {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(indent + line);
  return lines.join("\n");
}
