import path from "node:path";
import type { Source } from "../../config/schemas.js";
import { diagnostic, type Diagnostic, type Reported } from "../../diagnostics/index.js";
import { bundledStyle, isNoteStyle, STYLE_NAMES } from "../../lib/csl-styles.js";
import { posixRelative } from "../../lib/paths.js";
import { locatePath, type PositionedYaml } from "../../lib/yaml.js";
import type { BriefConfig } from "../../config/schemas.js";
import type { CitationStyle, CslItem, InputFile, Located } from "../../model.js";
import { isFile, readText, type TextFile } from "./files.js";
import { duplicate, parseBibtex, parseCslJson, type ReferenceFile } from "./references.js";

/**
 * A brief's reference library: `references.json` and `references.bib`
 * beside (or instead of) `sources.yaml`, with ids unique across all three,
 * and each edition's citation style resolved (a bundled style or a `.csl`
 * file inside the project).
 */

/** Files of the library, in the order their ids are claimed. */
const FILES = [
  ["references.json", parseCslJson],
  ["references.bib", parseBibtex],
] as const;

/**
 * Read a references or style file of the project: through the loader's
 * `readText`, which resolves it inside the project after symlinks and
 * bounds its size (`references`: lib/project-file.ts SIZE_LIMITS).
 */
export async function readProjectFile(root: string, abs: string): Promise<Reported<TextFile>> {
  return readText(root, abs);
}

/** True when the brief folder holds a reference file (then sources.yaml may be absent). */
export async function hasReferenceFiles(absDir: string): Promise<boolean> {
  for (const [name] of FILES) if (await isFile(path.join(absDir, name))) return true;
  return false;
}

/** The references of a brief folder, checked against each other and against sources.yaml. */
export async function loadReferences(
  root: string,
  absDir: string,
  sources: ReadonlyMap<string, Located<Source>>,
): Promise<Reported<{ items: Map<string, Located<CslItem>>; files: InputFile[] }>> {
  const items = new Map<string, Located<CslItem>>();
  const files: InputFile[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const [name, parse] of FILES) {
    const abs = path.join(absDir, name);
    if (!(await isFile(abs))) continue;
    const read = await readProjectFile(root, abs);
    diagnostics.push(...read.diagnostics);
    if (!read.value) continue;
    const parsed: Reported<ReferenceFile> = parse(read.value);
    diagnostics.push(...parsed.diagnostics);
    if (!parsed.value) continue;
    files.push(parsed.value.input);
    for (const [id, item] of parsed.value.items) {
      const first = sources.get(id)?.at ?? items.get(id)?.at;
      if (first) diagnostics.push(duplicate(id, item.at, first));
      else items.set(id, item);
    }
  }
  return { value: { items, files }, diagnostics };
}

/** Each edition's citation style: `editions.<audience>.citation_style`, else the brief's. */
export async function loadCitationStyles(
  root: string,
  absDir: string,
  config: BriefConfig,
  yaml: PositionedYaml,
): Promise<Reported<Map<string, CitationStyle>>> {
  const styles = new Map<string, CitationStyle>();
  const diagnostics: Diagnostic[] = [];
  const resolved = new Map<string, CitationStyle | undefined>();
  for (const audience of config.audiences) {
    const own = config.editions[audience]?.citation_style;
    const name = own ?? config.citation_style;
    const keyPath = own === undefined ? ["citation_style"] : ["editions", audience, "citation_style"];
    if (!resolved.has(name)) {
      const r = await resolveStyle(root, absDir, name);
      diagnostics.push(...r.diagnostics.map((d) => (d.file === "" ? { ...d, ...locatePath(yaml, keyPath) } : d)));
      resolved.set(name, r.value);
    }
    const style = resolved.get(name);
    if (style) styles.set(audience, style);
  }
  return { value: styles, diagnostics };
}

/** One style by name: numbered, bundled, or a `.csl` path relative to the brief folder. */
async function resolveStyle(root: string, absDir: string, name: string): Promise<Reported<CitationStyle>> {
  if (name === "numbered") return { value: { kind: "numbered" }, diagnostics: [] };
  const xml = bundledStyle(name);
  if (xml !== undefined) return { value: { kind: "csl", name, xml, note: isNoteStyle(xml) }, diagnostics: [] };
  const abs = path.resolve(absDir, name);
  const inside = !posixRelative(root, abs).startsWith("..") && !path.isAbsolute(posixRelative(root, abs));
  const unknown = (why: string): Reported<CitationStyle> => ({
    diagnostics: [
      diagnostic({
        rule: "citations/unknown-style",
        at: { file: "", line: 1, column: 1 },
        message: `citation_style "${name}" ${why}; the bundled styles are ${STYLE_NAMES.join(", ")}`,
      }),
    ],
  });
  if (!name.endsWith(".csl")) return unknown("is not a bundled style nor a .csl file");
  if (!inside) return unknown("is outside the project");
  if (!(await isFile(abs))) return unknown(`names ${posixRelative(root, abs)}, which does not exist`);
  const read = await readProjectFile(root, abs);
  if (!read.value) return { diagnostics: read.diagnostics };
  if (!/<style\b/.test(read.value.text)) return unknown("is not a CSL style (no <style> element)");
  return { value: { kind: "csl", name, xml: read.value.text, note: isNoteStyle(read.value.text) }, diagnostics: [] };
}
