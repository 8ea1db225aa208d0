import { readFile, readdir, stat } from "node:fs/promises";
import { diagnostic, fileLocation, type Reported } from "../../diagnostics/index.js";
import { sha256 } from "../../lib/hash.js";
import { posixRelative } from "../../lib/paths.js";
import { insideProject, SIZE_LIMITS, type FileKind } from "../../lib/project-file.js";
import { invisibleCharacters } from "../../lib/invisible.js";
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
  /** sha256 of the file's bytes, for the build cache's key. */
  readonly sha256: string;
}

/** A parsed YAML file: its positions, for diagnostics, and its plain data. */
export interface YamlFile {
  readonly file: string;
  readonly sha256: string;
  readonly yaml: PositionedYaml;
  readonly data: unknown;
}

/** The size-limit kind of a file the load stage reads, by its extension. */
function kindOf(abs: string): FileKind {
  if (abs.endsWith(".md")) return "section";
  if (abs.endsWith(".hbs")) return "template";
  if (abs.endsWith(".css")) return "stylesheet";
  if (abs.endsWith(".bib") || abs.endsWith("references.json")) return "references";
  if (abs.endsWith(".csl")) return "template";
  return "yaml";
}

/**
 * Read and decode a UTF-8 text file, or say why it could not be read. The
 * file must resolve inside the project after symlinks, and be within its
 * kind's size limit (lib/project-file.ts), before it is read.
 */
export async function readText(root: string, abs: string): Promise<Reported<TextFile>> {
  const file = posixRelative(root, abs);
  const inside = await insideProject(root, abs, fileLocation(file));
  if (inside.value === undefined) return { diagnostics: inside.diagnostics };
  let bytes: Buffer;
  try {
    const limit = SIZE_LIMITS[kindOf(abs)];
    const { size } = await stat(inside.value);
    if (size > limit) {
      const message = `${file} is ${size.toLocaleString("en")} bytes; a ${kindOf(abs)} file may be at most ${limit.toLocaleString("en")}`;
      return { diagnostics: [diagnostic({ rule: "file/too-large", at: fileLocation(file), message })] };
    }
    bytes = await readFile(inside.value);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? "EIO";
    const missing = code === "ENOENT";
    const message = missing ? "file does not exist" : `file cannot be read (${code})`;
    return {
      diagnostics: [
        diagnostic({
          rule: missing ? "file/missing" : "file/unreadable",
          at: fileLocation(file),
          message,
          cause,
        }),
      ],
    };
  }
  const decoded = decodeUtf8(bytes, file);
  if (!decoded.ok) return { diagnostics: [decoded.diagnostic] };
  const warnings = invisibleCharacters(decoded.text, file);
  return { value: { file, text: decoded.text, sha256: sha256(bytes) }, diagnostics: warnings };
}

/** Read and parse a YAML file; no value when it could not be read or parsed. */
export async function readYaml(root: string, abs: string): Promise<Reported<YamlFile>> {
  const read = await readText(root, abs);
  if (!read.value) return { diagnostics: read.diagnostics };
  const parsed = parseYaml(read.value.text, read.value.file);
  if (parsed.diagnostics.length) return { diagnostics: [...read.diagnostics, ...parsed.diagnostics] };
  const { file, sha256 } = read.value;
  return { value: { file, sha256, yaml: parsed.yaml, data: parsed.value ?? {} }, diagnostics: read.diagnostics };
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
