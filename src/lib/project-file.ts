import { readFile, realpath, stat } from "node:fs/promises";
import path from "node:path";

/**
 * Reads a file an author names inside a folder of the project (a chart's
 * `data:` file), refusing anything that resolves, after symbolic links,
 * outside that folder, or that is larger than a bound. The one place data
 * files are read, so a shared safe reader can replace it later.
 */

/** The largest data file read (bytes): a chart's table, not a data set. */
export const MAX_DATA_BYTES = 5 * 1024 * 1024;

/** A file read inside its folder, or why not. */
export type InsideRead =
  | { readonly ok: true; readonly bytes: Buffer }
  | { readonly ok: false; readonly why: "outside" | "missing" | "unreadable" | "too-large"; readonly cause?: unknown };

/** Read `rel` (a path relative to `folder`) when its real path lies inside `folder`'s real path. */
export async function readInsideFolder(folder: string, rel: string, maxBytes = MAX_DATA_BYTES): Promise<InsideRead> {
  let base: string;
  let real: string;
  try {
    base = await realpath(folder);
    real = await realpath(path.resolve(folder, rel));
  } catch (cause) {
    const missing = (cause as NodeJS.ErrnoException).code === "ENOENT";
    return { ok: false, why: missing ? "missing" : "unreadable", cause };
  }
  const inside = path.relative(base, real);
  if (inside === "" || inside.startsWith("..") || path.isAbsolute(inside)) return { ok: false, why: "outside" };
  try {
    const info = await stat(real);
    if (!info.isFile()) return { ok: false, why: "unreadable" };
    if (info.size > maxBytes) return { ok: false, why: "too-large" };
    return { ok: true, bytes: await readFile(real) };
  } catch (cause) {
    return { ok: false, why: "unreadable", cause };
  }
}
