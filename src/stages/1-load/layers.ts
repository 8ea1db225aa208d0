import { realpathSync } from "node:fs";
import path from "node:path";
import type { Reported } from "../../diagnostics/index.js";
import { posixRelative } from "../../lib/paths.js";
import { parseYaml } from "../../lib/yaml.js";
import { isFile, listDir, readText, type TextFile, type YamlFile } from "./files.js";

/**
 * The two layers of `templates/`: the team's project folder over the
 * package's own. A file the team has (a layout, a partial, a stylesheet, an
 * audience's override) replaces the package's file of the same relative
 * path; anything the team does not have comes from the package. The set of
 * audiences is the team's when its `templates/audiences/` holds any, so an
 * audience can be removed (docs/package.md). In the tool's own repository
 * both layers are the same folder, and there is one.
 */
export interface TemplateLayers {
  /** The project root: diagnostics name files relative to it. */
  readonly root: string;
  /** The team's templates folder (may be absent on disk). */
  readonly dir: string;
  /** The package's templates folder; absent: one layer only. */
  readonly packageDir?: string;
}

/** A real path when it exists, else the path as given. */
function real(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return path.resolve(p);
  }
}

/** The layers for a project: the package's only when it is another folder than the team's. */
export function templateLayers(root: string, dir: string, packageDir: string | undefined): TemplateLayers {
  return packageDir === undefined || real(packageDir) === real(dir) ? { root, dir } : { root, dir, packageDir };
}

/** The file for a templates-relative path: the team's when it has it, else the package's; undefined when neither. */
export async function locate(l: TemplateLayers, rel: string): Promise<string | undefined> {
  const own = path.join(l.dir, rel);
  if (await isFile(own)) return own;
  if (l.packageDir === undefined) return undefined;
  const pkg = path.join(l.packageDir, rel);
  return (await isFile(pkg)) ? pkg : undefined;
}

/** Where a templates-relative file would be read from when it is required (the team's path when neither has it). */
export async function locateRequired(l: TemplateLayers, rel: string): Promise<string> {
  return (await locate(l, rel)) ?? path.join(l.dir, rel);
}

/** File names in a templates-relative folder, from both layers, sorted. */
export async function listLayered(l: TemplateLayers, relDir: string, suffix: string): Promise<string[]> {
  const own = await listDir(path.join(l.dir, relDir), suffix);
  const pkg = l.packageDir === undefined ? [] : await listDir(path.join(l.packageDir, relDir), suffix);
  return [...new Set([...own, ...pkg])].sort();
}

/** The audience files: the team's when it has any, else the package's. */
export async function listAudiences(l: TemplateLayers): Promise<string[]> {
  const own = await listDir(path.join(l.dir, "audiences"), ".yaml");
  if (own.length || l.packageDir === undefined) return own;
  return listDir(path.join(l.packageDir, "audiences"), ".yaml");
}

/** True when an absolute path is the package's file rather than the team's. */
export function fromPackage(l: TemplateLayers, abs: string): boolean {
  return l.packageDir !== undefined && !posixRelative(l.packageDir, abs).startsWith("..");
}

/**
 * Read a template file from its layer. A package file is read inside the
 * package (it is not the team's, so the project's path rules do not apply
 * to it) and named relative to the project root, e.g.
 * `node_modules/policy-brief/templates/layout.hbs`.
 */
export async function readLayered(l: TemplateLayers, abs: string): Promise<Reported<TextFile>> {
  if (!fromPackage(l, abs) || l.packageDir === undefined) return readText(l.root, abs);
  const read = await readText(path.dirname(l.packageDir), abs);
  return read.value ? { ...read, value: { ...read.value, file: posixRelative(l.root, abs) } } : read;
}

/** Read and parse a YAML file (an audience) from its layer; no value when it could not be read or parsed. */
export async function readLayeredYaml(l: TemplateLayers, abs: string): Promise<Reported<YamlFile>> {
  const read = await readLayered(l, abs);
  if (!read.value) return { diagnostics: read.diagnostics };
  const parsed = parseYaml(read.value.text, read.value.file);
  if (parsed.diagnostics.length) return { diagnostics: [...read.diagnostics, ...parsed.diagnostics] };
  const { file, sha256 } = read.value;
  return { value: { file, sha256, yaml: parsed.yaml, data: parsed.value ?? {} }, diagnostics: read.diagnostics };
}
