import { appendFile } from "node:fs/promises";
import { formatReport } from "../diagnostics/index.js";
import { parse } from "./args.js";
import { usage, type Io } from "./io.js";

/**
 * `brief release --out DIR [--from OUTPUT_DIR …] [--previous MANIFEST_OR_DIR] [--force] [--brief ID …]`:
 * collect built editions into a release folder. Prints `changed=true` or
 * `changed=false`, `released=…` and `tag=…`, and appends the same lines to
 * `$GITHUB_OUTPUT` when that variable is set, for the workflow's next
 * steps; inside GitHub Actions, a run that releases nothing says so as a
 * notice.
 */
export async function releaseCommand(
  args: readonly string[],
  io: Io,
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  const p = parse(args, {
    out: { type: "string" },
    from: { type: "string", multiple: true },
    previous: { type: "string" },
    force: { type: "boolean" },
    brief: { type: "string", multiple: true },
  });
  if (typeof p === "string") return usage(io, p);
  if (p.positionals.length) return usage(io, `unexpected argument "${p.positionals[0]}"`);
  const { values } = p;
  if (!values.out) return usage(io, "release needs --out DIR, the release folder to write");
  const { release } = await import("../release/index.js");
  const r = await release({
    out: values.out,
    ...(values.from ? { from: values.from } : {}),
    ...(values.previous !== undefined ? { previous: values.previous } : {}),
    ...(values.force ? { force: true } : {}),
    ...(values.brief ? { briefs: values.brief } : {}),
    env,
  });
  io.err(formatReport(r.diagnostics));
  if (r.exitCode !== 0) return r.exitCode;
  const lines = `changed=${r.changed}\nreleased=${r.released}\n${r.tag ? `tag=${r.tag}\n` : ""}`;
  io.out(lines);
  if (r.summary) io.err(`${r.summary}${r.released ? ` Written to ${values.out}/.` : " Nothing written."}\n`);
  if (env.GITHUB_ACTIONS === "true" && !r.released)
    io.out(`::notice title=No new release::${r.summary ?? "Nothing changed."}\n`);
  if (env.GITHUB_OUTPUT) await appendFile(env.GITHUB_OUTPUT, lines);
  return 0;
}
