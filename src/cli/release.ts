import { appendFile } from "node:fs/promises";
import { formatReport } from "../diagnostics/index.js";
import type { ReleaseOptions } from "../release/index.js";
import { parse, type Parsed } from "./args.js";
import { usage, type Io } from "./io.js";

/**
 * `brief release --out DIR [--from OUTPUT_DIR …] [--previous DIR] [--force] [--brief ID …]`:
 * collect built editions into a release folder. Prints `changed=`,
 * `reader_changed=`, `released=` and (when written) `tag=`, and appends the
 * same lines to `$GITHUB_OUTPUT` when that variable is set, for the
 * workflow's next steps; inside GitHub Actions, a run that releases nothing
 * says so as a notice.
 *
 * Each option maps to one field of `ReleaseOptions` in `OPTION_FIELDS`, so a
 * new option (for example one that lets a specimen be released) is one line
 * there and one in `OPTIONS`.
 */

/** This command's options (test/unit/cli-options.test.ts checks each is in --help and docs/cli.md). */
export const OPTIONS = {
  out: { type: "string" },
  from: { type: "string", multiple: true },
  previous: { type: "string" },
  force: { type: "boolean" },
  brief: { type: "string", multiple: true },
  "allow-specimen": { type: "boolean" },
} as const;

type Values = Parsed<typeof OPTIONS>["values"];
type Mapped = { -readonly [K in keyof ReleaseOptions]?: ReleaseOptions[K] };

/** How each parsed option becomes a field of `ReleaseOptions` (absent options set nothing). */
const OPTION_FIELDS: readonly ((v: Values) => Mapped)[] = [
  (v) => (v.from ? { from: v.from } : {}),
  (v) => (v.previous !== undefined ? { previous: v.previous } : {}),
  (v) => (v.force ? { force: true } : {}),
  (v) => (v.brief ? { briefs: v.brief } : {}),
  (v) => (v["allow-specimen"] ? { allowSpecimen: true } : {}),
];

/** The `release` command. */
export async function releaseCommand(
  args: readonly string[],
  io: Io,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const p = parse(args, OPTIONS);
  if (typeof p === "string") return usage(io, p);
  if (p.positionals.length) return usage(io, `unexpected argument "${p.positionals[0]}"`);
  const { values } = p;
  if (!values.out) return usage(io, "release needs --out DIR, the release folder to write");
  const { release } = await import("../release/index.js");
  const options = OPTION_FIELDS.reduce<ReleaseOptions>((o, f) => ({ ...o, ...f(values) }), { out: values.out, env });
  const r = await release(options);
  io.err(formatReport(r.diagnostics));
  if (r.exitCode !== 0) return r.exitCode;
  const lines = [
    `changed=${r.changed}`,
    `reader_changed=${r.readerChanged}`,
    `released=${r.released}`,
    ...(r.tag ? [`tag=${r.tag}`] : []),
  ].join("\n");
  io.out(`${lines}\n`);
  if (r.summary) io.err(`${r.summary}${r.released ? ` Written to ${values.out}/.` : " Nothing written."}\n`);
  if (env.GITHUB_ACTIONS === "true" && !r.released)
    io.out(`::notice title=No new release::${r.summary ?? "Nothing changed."}\n`);
  if (env.GITHUB_OUTPUT) await appendFile(env.GITHUB_OUTPUT, `${lines}\n`);
  return 0;
}
