import { readFile, readdir, stat } from "node:fs/promises";
import path from "node:path";
import { diagnostic, fileLocation, type Diagnostic } from "../../diagnostics/index.js";
import { decodeUtf8 } from "../../lib/text.js";
import { parseYaml, type PositionedYaml } from "../../lib/yaml.js";

/**
 * File-system reads for the load stage. Everything that touches the disk
 * while loading lives here, so the parsing code next to it stays pure.
 */

/** Text of a file plus its path relative to the project root. */
export interface TextFile {
  /** Project-relative path used in diagnostics. */
  readonly file: string;
  readonly text: string;
}

/** Project-relative path with forward slashes, as diagnostics print it. */
export function rel(root: string, abs: string): string {
  return path.relative(root, abs).split(path.sep).join("/") || ".";
}

/** Read and decode a UTF-8 text file, or return why it could not be read. */
export async function readText(root: string, abs: string): Promise<{ file?: TextFile; diagnostics: Diagnostic[] }> {
  const file = rel(root, abs);
  let bytes: Buffer;
  try {
    bytes = await readFile(abs);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? "EIO";
    return {
      diagnostics: [
        diagnostic(
          fileLocation(file),
          "error",
          code === "ENOENT" ? "file/missing" : "file/unreadable",
          code === "ENOENT" ? "file does not exist" : `file cannot be read (${code})`,
          code === "ENOENT" ? "Create the file, or remove whatever refers to it." : "Check the file's permissions (it must be readable by the build).",
          cause,
        ),
      ],
    };
  }
  const decoded = decodeUtf8(bytes, file);
  if (!decoded.ok) return { diagnostics: [decoded.diagnostic] };
  return { file: { file, text: decoded.text }, diagnostics: [] };
}

/** Read and parse a YAML file; its problems go to `out`, and nothing is returned if there were any. */
export async function readYaml(root: string, abs: string, out: Diagnostic[]): Promise<{ file: string; yaml: PositionedYaml; value: unknown } | undefined> {
  const read = await readText(root, abs);
  out.push(...read.diagnostics);
  if (!read.file) return undefined;
  const parsed = parseYaml(read.file.text, read.file.file);
  out.push(...parsed.diagnostics);
  if (parsed.diagnostics.length) return undefined;
  return { file: read.file.file, yaml: parsed.yaml, value: parsed.value ?? {} };
}

/** Names in a folder matching a suffix, sorted; empty when the folder is absent. */
export async function listDir(abs: string, suffix: string): Promise<string[]> {
  try {
    const names = await readdir(abs);
    return names.filter((n) => n.endsWith(suffix) && !n.startsWith(".")).sort();
  } catch {
    return [];
  }
}

/** True when a path exists and is a directory. */
export async function isDir(abs: string): Promise<boolean> {
  try {
    return (await stat(abs)).isDirectory();
  } catch {
    return false;
  }
}

/** True when a path exists and is a regular file. */
export async function isFile(abs: string): Promise<boolean> {
  try {
    return (await stat(abs)).isFile();
  } catch {
    return false;
  }
}
