import { open, readFile, realpath, stat } from "node:fs/promises";
import path from "node:path";
import { diagnostic, type Location, type Reported } from "../diagnostics/index.js";

/**
 * Reading a file that content names, as untrusted input: the path must
 * resolve, after every symbolic link, inside the project (a pull request
 * can add a link to /etc/passwd or a CI secret), and the file must not be
 * larger than its type's limit (checked before it is read whole). Other
 * stages (citations' references, charts' CSV data) call
 * `readProjectFile`; `insideProject` is the check alone.
 */

/** Size limits by file type, in bytes; other stages extend the table with their own file types. */
export const SIZE_LIMITS = {
  /** A hard read bound; the section/too-large rule refuses more than 1 MiB of body once read. */
  section: 16_000_000,
  yaml: 8_000_000,
  references: 4_000_000,
  csv: 8_000_000,
  /** A chart's data file (CSV or JSON): a chart's table, not a data set. */
  data: 5 * 1024 * 1024,
  image: 10_000_000,
  svg: 2_000_000,
  template: 1_000_000,
  stylesheet: 1_000_000,
} as const satisfies Record<string, number>;

/** A file type with a size limit. */
export type FileKind = keyof typeof SIZE_LIMITS;

/** Project-relative, `/`-separated. */
const rel = (root: string, abs: string): string => path.relative(root, abs).split(path.sep).join("/");

/**
 * The real path of `abs` when it resolves inside `root` (itself resolved),
 * or a `file/outside-project` error at `at`. A missing file is not this
 * check's business: its caller's read reports it.
 */
export async function insideProject(root: string, abs: string, at: Location): Promise<Reported<string>> {
  let real: string;
  let realRoot: string;
  try {
    [real, realRoot] = await Promise.all([realpath(abs), realpath(root)]);
  } catch {
    return { value: abs, diagnostics: [] };
  }
  const r = path.relative(realRoot, real);
  if (r === "" || (!r.startsWith("..") && !path.isAbsolute(r))) return { value: real, diagnostics: [] };
  return {
    diagnostics: [
      diagnostic({
        rule: "file/outside-project",
        at,
        message: `${rel(root, abs)} resolves outside the project (a symbolic link); it was not read`,
      }),
    ],
  };
}

/**
 * Read a project file named by content: inside the project after symlinks,
 * at most its kind's size limit. Errors are positioned at `at` (where the
 * file is named, or the file itself).
 */
export async function readProjectFile(
  projectRoot: string,
  relPath: string,
  at: Location,
  kind: FileKind,
): Promise<Reported<Buffer>> {
  const abs = path.resolve(projectRoot, relPath);
  const inside = await insideProject(projectRoot, abs, at);
  if (inside.value === undefined) return { diagnostics: inside.diagnostics };
  try {
    const fh = await open(inside.value, "r");
    try {
      const { size } = await fh.stat();
      const limit = SIZE_LIMITS[kind];
      if (size > limit)
        return {
          diagnostics: [
            diagnostic({
              rule: "file/too-large",
              at,
              message: `${rel(projectRoot, abs)} is ${size.toLocaleString("en")} bytes; a ${kind} file may be at most ${limit.toLocaleString("en")}`,
            }),
          ],
        };
      return { value: await fh.readFile(), diagnostics: [] };
    } finally {
      await fh.close();
    }
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? "error";
    const rule = code === "ENOENT" ? "file/missing" : "file/unreadable";
    return {
      diagnostics: [diagnostic({ rule, at, message: `${rel(projectRoot, abs)} cannot be read (${code})`, cause })],
    };
  }
}

/*
 * Reading a file an author names inside a folder of the project (a chart's
 * `data:` file), refusing anything that resolves, after symbolic links,
 * outside that folder, or that is larger than a bound.
 */

/** The largest data file read (bytes): a chart's table, not a data set. */
export const MAX_DATA_BYTES: number = SIZE_LIMITS.data;

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
