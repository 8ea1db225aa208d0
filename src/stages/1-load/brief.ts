import path from "node:path";
import { z, type ZodType, type ZodTypeDef } from "zod";
import { BriefConfig, Chart, Fact, ID_PATTERN, SectionFrontMatter, Source } from "../../config/schemas.js";
import {
  diagnostic,
  fileLocation,
  hasErrors,
  type Diagnostic,
  type KeyedFile,
  type Reported,
} from "../../diagnostics/index.js";
import { posixRelative } from "../../lib/paths.js";
import { locatePath, parseYaml, validate, type PositionedYaml } from "../../lib/yaml.js";
import type { Brief, InputFile, Located, Section } from "../../model.js";
import { isFile, listDir, readText, readYaml, type TextFile } from "./files.js";
import { findTripleStash } from "./templates.js";

/**
 * Loads one brief folder: `brief.yaml`, `facts.yaml`, `sources.yaml`,
 * optional `charts.yaml`, and `sections/*.md`. Returns the brief only when
 * every file parsed and validated; otherwise the diagnostics say why.
 */
export async function loadBrief(root: string, absDir: string): Promise<Reported<Brief>> {
  const dir = posixRelative(root, absDir);
  const config = await readConfig(root, path.join(absDir, "brief.yaml"));
  const facts = await readKeyedFile(root, path.join(absDir, "facts.yaml"), Fact, "facts");
  const sources = await readKeyedFile(root, path.join(absDir, "sources.yaml"), Source, "sources");
  const charts = (await isFile(path.join(absDir, "charts.yaml")))
    ? await readKeyedFile(root, path.join(absDir, "charts.yaml"), Chart, "charts")
    : { value: { map: new Map<string, Located<Chart>>() }, diagnostics: [] };
  const sections = await readSections(root, absDir, dir);
  const diagnostics = [config, facts, sources, charts, sections].flatMap((r) => r.diagnostics);
  if (
    !config.value ||
    !facts.value?.yaml ||
    !sources.value?.yaml ||
    !charts.value ||
    !sections.value ||
    hasErrors(diagnostics)
  )
    return { diagnostics };
  const brief: Brief = {
    id: path.basename(absDir),
    dir,
    absDir,
    config: config.value.located,
    sections: sections.value,
    facts: facts.value.map,
    sources: sources.value.map,
    charts: charts.value.map,
    yaml: { brief: config.value.yaml, facts: facts.value.yaml, sources: sources.value.yaml },
    configFile: config.value.input,
  };
  return { value: brief, diagnostics };
}

/** `brief.yaml`, validated. */
async function readConfig(
  root: string,
  abs: string,
): Promise<Reported<{ located: Located<BriefConfig>; yaml: PositionedYaml; input: InputFile }>> {
  const parsed = await readYaml(root, abs);
  if (!parsed.value) return { diagnostics: parsed.diagnostics };
  const { file, sha256, yaml, data } = parsed.value;
  const checked = validate(yaml, data, BriefConfig, "brief");
  if (checked.value === undefined) return { diagnostics: [...parsed.diagnostics, ...checked.diagnostics] };
  return {
    value: { located: { value: checked.value, at: { file, line: 1, column: 1 } }, yaml, input: { file, sha256 } },
    diagnostics: [...parsed.diagnostics, ...checked.diagnostics],
  };
}

/** A YAML mapping of id → entry, each entry validated and located on its own. */
async function readKeyedFile<T>(
  root: string,
  abs: string,
  schema: ZodType<T, ZodTypeDef, unknown>,
  rule: KeyedFile,
): Promise<Reported<{ map: Map<string, Located<T>>; yaml?: PositionedYaml }>> {
  const parsed = await readYaml(root, abs);
  if (!parsed.value) return { diagnostics: parsed.diagnostics };
  const { yaml, data } = parsed.value;
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    const message = `${rule}.yaml must be a mapping of id to entry`;
    return {
      diagnostics: [
        diagnostic({
          rule: `${rule}/invalid`,
          at: locatePath(yaml, []),
          message,
          hint: "Write one `id:` key per entry.",
        }),
      ],
    };
  }
  const map = new Map<string, Located<T>>();
  const diagnostics: Diagnostic[] = [...parsed.diagnostics];
  let ok = true;
  for (const [key, entry] of Object.entries(data as Record<string, unknown>)) {
    const at = locatePath(yaml, [key], true);
    if (!ID_PATTERN.test(key)) {
      diagnostics.push(
        diagnostic({
          rule: `${rule}/invalid-id`,
          at,
          message: `id "${key}" must be lower-case letters, digits and hyphens`,
        }),
      );
      ok = false;
      continue;
    }
    // Validate each entry at its own path so positions point into the right entry.
    const checked = validate(yaml, { [key]: entry }, z.object({ [key]: schema }), rule);
    diagnostics.push(...checked.diagnostics);
    const value: T | undefined = checked.value?.[key];
    if (value === undefined) ok = false;
    else map.set(key, { value, at });
  }
  return ok ? { value: { map, yaml }, diagnostics } : { diagnostics };
}

/** Every `sections/*.md`, parsed; a folder without sections is an error. */
async function readSections(root: string, absDir: string, dir: string): Promise<Reported<Section[]>> {
  const names = await listDir(path.join(absDir, "sections"), ".md");
  if (names.length === 0) {
    return {
      value: [],
      diagnostics: [
        diagnostic({
          rule: "brief/no-sections",
          at: fileLocation(`${dir}/sections`),
          message: "brief has no sections",
        }),
      ],
    };
  }
  const sections: Section[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const name of names) {
    const read = await readText(root, path.join(absDir, "sections", name));
    diagnostics.push(...read.diagnostics);
    if (!read.value) continue;
    const parsed = parseSection(read.value);
    diagnostics.push(...parsed.diagnostics);
    if (parsed.value) sections.push(parsed.value);
  }
  return { value: sections, diagnostics };
}

const FRONT = /^---\n([\s\S]*?)\n---[ \t]*(?:\n|$)/;

/** Split a section file into validated front matter and its template body. */
export function parseSection(src: TextFile): Reported<Section> {
  const { file, text } = src;
  if (text.trim() === "") {
    return {
      diagnostics: [
        diagnostic({
          rule: "section/empty",
          at: fileLocation(file),
          message: "section file is empty",
        }),
      ],
    };
  }
  const m = FRONT.exec(text);
  if (!m) {
    return {
      diagnostics: [
        diagnostic({
          rule: "section/no-front-matter",
          at: { file, line: 1, column: 1 },
          message: "section has no front matter",
        }),
      ],
    };
  }
  const parsed = parseYaml(m[1] ?? "", file, 1);
  if (parsed.diagnostics.length) return { diagnostics: parsed.diagnostics };
  const checked = validate(parsed.yaml, parsed.value ?? {}, SectionFrontMatter, "section");
  if (!checked.value) return { diagnostics: checked.diagnostics };
  const body = text.slice(m[0].length);
  const bodyLine = m[0].split("\n").length - (m[0].endsWith("\n") ? 1 : 0) + 1;
  const diagnostics: Diagnostic[] = findTripleStash({ file, text: body }, bodyLine - 1);
  if (body.trim() === "") {
    const at = { file, line: bodyLine, column: 1 };
    diagnostics.push(
      diagnostic({
        rule: "section/empty",
        at,
        message: "section has front matter but no text",
        hint: "Write the section's text below the front matter.",
      }),
    );
  }
  return {
    value: { file, sha256: src.sha256, front: checked.value, body, bodyLine, frontYaml: parsed.yaml },
    diagnostics,
  };
}
