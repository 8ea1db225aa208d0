import { readdirSync, readFileSync, rmSync } from "node:fs";
import path from "node:path";

/**
 * An interrupted build (Ctrl-C, a cancelled CI job's SIGTERM) removes what
 * it made before it exits: its own staging folders and temporary files in
 * the output folder (named with its pid, `.brief-staging-<pid>-…`,
 * `.brief-tmp-<pid>-…`) and the output lock when it holds it. Exiting runs
 * the browser's exit hook, which kills Chromium and removes its temporary
 * profile (6-render/chromium.ts). Node's default on these signals is to
 * die without any of that.
 */

/** Signals that end a build, with the exit status a shell expects (128 + number). */
const SIGNALS = { SIGINT: 130, SIGTERM: 143, SIGHUP: 129 } as const;

/** What this process left under `dir` (depth 3): entries named with its pid. */
function ours(dir: string, depth: number): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return [];
  }
  const mine = [`.brief-staging-${process.pid}-`, `.brief-tmp-${process.pid}-`];
  const out: string[] = [];
  for (const name of names) {
    const abs = path.join(dir, name);
    if (mine.some((p) => name.startsWith(p))) out.push(abs);
    else if (depth > 0 && !name.startsWith(".")) out.push(...ours(abs, depth - 1));
  }
  return out;
}

/** Remove this process's staging, temporary files and lock under `outDir`, synchronously. Never throws. */
export function removeOwnLeftovers(outDir: string): void {
  for (const abs of ours(outDir, 3)) rmSync(abs, { recursive: true, force: true });
  const lock = path.join(outDir, ".brief-lock");
  try {
    const held = JSON.parse(readFileSync(lock, "utf8")) as { pid?: unknown };
    if (held.pid === process.pid) rmSync(lock, { force: true });
  } catch {
    // no lock, or not ours
  }
}

/** On SIGINT, SIGTERM or SIGHUP: remove this build's leftovers under `outDir`, then exit (the exit hooks close Chromium). */
export function cleanUpOnInterrupt(outDir: string): void {
  for (const [signal, status] of Object.entries(SIGNALS))
    process.once(signal, () => {
      removeOwnLeftovers(outDir);
      process.exit(status);
    });
}
