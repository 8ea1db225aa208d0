import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * The `npm` a team's simulated runner has on its PATH (issue 32): the
 * team's checkout already has the packed tool's node_modules linked in, as
 * `npm ci` would have installed them from the lock file, so `npm ci` (with
 * any flags) installs nothing. It only records its arguments, and fails as
 * npm's does when the checkout has no package-lock.json. Any other npm
 * command runs the real npm.
 */

/** One `npm ci` a step ran: the folder it ran in and its arguments. */
export interface NpmCall {
  readonly cwd: string;
  readonly args: readonly string[];
}

/**
 * Write the stand-in as `bin/npm`, recording calls in `log` (JSON lines). With `productionOnly`, an
 * `npm ci` without --omit=dev and --ignore-scripts fails (this repository's mailing job, the only
 * job of its workflow that runs npm ci, must install nothing with install scripts).
 */
export function writeNpmStandIn(bin: string, log: string, options: { productionOnly?: boolean } = {}): void {
  const npm = execFileSync("sh", ["-c", "command -v npm"], { encoding: "utf8" }).trim();
  const record = `process.stdout.write(JSON.stringify({ cwd: process.cwd(), args: process.argv.slice(1) }) + "\\n")`;
  writeFileSync(
    path.join(bin, "npm"),
    [
      "#!/bin/sh",
      'if [ "$1" = ci ]; then',
      '  [ -f package-lock.json ] || { echo "npm error npm ci can only install with an existing package-lock.json" >&2; exit 1; }',
      ...(options.productionOnly
        ? [
            '  case " $* " in *" --omit=dev "*) ;; *) echo "npm stand-in: npm ci without --omit=dev" >&2; exit 1;; esac',
            '  case " $* " in *" --ignore-scripts "*) ;; *) echo "npm stand-in: npm ci runs install scripts" >&2; exit 1;; esac',
          ]
        : []),
      `  exec "${process.execPath}" -e '${record}' -- "$@" >>"${log}"`,
      "fi",
      `exec "${npm}" "$@"`,
      "",
    ].join("\n"),
  );
  chmodSync(path.join(bin, "npm"), 0o755);
  writeFileSync(log, "");
}

/** The `npm ci` calls recorded in `log`, in order. */
export function npmCalls(log: string): NpmCall[] {
  if (!existsSync(log)) return [];
  return readFileSync(log, "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as NpmCall);
}
