import path from "node:path";
import { z, type ZodType, type ZodTypeDef } from "zod";
import { BriefConfig, Chart, Fact, SectionFrontMatter, Source } from "../../config/schemas.js";
import { diagnostic, fileLocation, type Diagnostic } from "../../diagnostics/index.js";
import { locatePath, parseYaml, validate, type PositionedYaml } from "../../lib/yaml.js";
import type { Brief, Located, Section } from "../../model.js";
import { findTripleStash } from "./templates.js";
import { isFile, listDir, readText, readYaml, type TextFile } from "./files.js";

/**
 * Loads one brief folder: `brief.yaml`, `facts.yaml`, `sources.yaml`,
 * optional `charts.yaml`, and `sections/*.md`. Returns the brief only when
 * every file parsed and validated; otherwise the diagnostics say why.
 */
export async function loadBrief(root: string, absDir: string): Promise<{ brief?: Brief; diagnostics: Diagnostic[] }> {
  const id = path.basename(absDir);
  const dir = path.relative(root, absDir).split(path.sep).join("/");
  const diagnostics: Diagnostic[] = [];

  const configFile = await readYamlFile(root, path.join(absDir, "brief.yaml"), BriefConfig, "brief", diagnostics);
  const facts = await readKeyedFile(root, path.join(absDir, "facts.yaml"), Fact, "facts", diagnostics, true);
  const sources = await readKeyedFile(root, path.join(absDir, "sources.yaml"), Source, "sources", diagnostics, true);
  const charts = await readKeyedFile(root, path.join(absDir, "charts.yaml"), Chart, "charts", diagnostics, false);

  const sections: Section[] = [];
  const names = await listDir(path.join(absDir, "sections"), ".md");
  for (const name of names) {
    const read = await readText(root, path.join(absDir, "sections", name));
    diagnostics.push(...read.diagnostics);
    if (read.file) {
      const parsed = parseSection(read.file);
      diagnostics.push(...parsed.diagnostics);
      if (parsed.section) sections.push(parsed.section);
    }
  }
  if (names.length === 0) {
    diagnostics.push(
      diagnostic(fileLocation(`${dir}/sections`), "error", "brief/no-sections", "brief has no sections", "Add Markdown files to the sections/ folder."),
    );
  }

  if (!configFile || !facts?.yaml || !sources?.yaml || !charts || diagnostics.some((d) => d.severity === "error")) {
    return { diagnostics };
  }
  const brief: Brief = {
    id,
    dir,
    absDir,
    config: configFile.located,
    sections,
    facts: facts.map,
    sources: sources.map,
    charts: charts.map,
    yaml: { brief: configFile.yaml, facts: facts.yaml, sources: sources.yaml },
  };
  return { brief, diagnostics };
}

async function readYamlFile<T>(
  root: string,
  abs: string,
  schema: ZodType<T, ZodTypeDef, unknown>,
  rule: string,
  out: Diagnostic[],
): Promise<{ located: Located<T>; yaml: PositionedYaml } | undefined> {
  const parsed = await readYaml(root, abs, out);
  if (!parsed) return undefined;
  const checked = validate(parsed.yaml, parsed.value, schema, rule);
  out.push(...checked.diagnostics);
  if (checked.data === undefined) return undefined;
  return { located: { value: checked.data, at: { file: parsed.file, line: 1, column: 1 } }, yaml: parsed.yaml };
}

/** A YAML mapping of id → entry, each entry validated and located on its own. */
async function readKeyedFile<T>(
  root: string,
  abs: string,
  schema: ZodType<T, ZodTypeDef, unknown>,
  rule: string,
  out: Diagnostic[],
  required: boolean,
): Promise<{ map: Map<string, Located<T>>; yaml?: PositionedYaml } | undefined> {
  if (!required && !(await isFile(abs))) return { map: new Map() };
  const parsed = await readYaml(root, abs, out);
  if (!parsed) return undefined;
  const value = parsed.value;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    out.push(
      diagnostic(locatePath(parsed.yaml, []), "error", `${rule}/invalid`, `${rule}.yaml must be a mapping of id to entry`, "Write one `id:` key per entry."),
    );
    return undefined;
  }
  const map = new Map<string, Located<T>>();
  let ok = true;
  for (const [key, entry] of Object.entries(value)) {
    const at = locatePath(parsed.yaml, [key], true);
    if (!/^[a-z0-9][a-z0-9-]*$/.test(key)) {
      out.push(diagnostic(at, "error", `${rule}/invalid-id`, `id "${key}" must be lower-case letters, digits and hyphens`, "Rename the key."));
      ok = false;
      continue;
    }
    // Validate each entry at its own path so positions point into the right entry.
    const checked = validate(parsed.yaml, { [key]: entry }, z.object({ [key]: schema }), rule);
    out.push(...checked.diagnostics);
    const data = checked.data?.[key];
    if (data === undefined) ok = false;
    else map.set(key, { value: data, at });
  }
  return ok ? { map, yaml: parsed.yaml } : undefined;
}

const FRONT = /^---\n([\s\S]*?)\n---[ \t]*(?:\n|$)/;

/** Split a section file into validated front matter and its template body. */
export function parseSection(src: TextFile): { section?: Section; diagnostics: Diagnostic[] } {
  const { file, text } = src;
  if (text.trim() === "") {
    return { diagnostics: [diagnostic(fileLocation(file), "error", "section/empty", "section file is empty", "Write the section, or delete the file.")] };
  }
  const m = FRONT.exec(text);
  if (!m) {
    return {
      diagnostics: [
        diagnostic({ file, line: 1, column: 1 }, "error", "section/no-front-matter", "section has no front matter", 'Start the file with a "---" block holding id, title and order.'),
      ],
    };
  }
  const yamlText = m[1] ?? "";
  const parsed = parseYaml(yamlText, file, 1);
  if (parsed.diagnostics.length) return { diagnostics: parsed.diagnostics };
  const checked = validate(parsed.yaml, parsed.value ?? {}, SectionFrontMatter, "section");
  if (!checked.data) return { diagnostics: checked.diagnostics };
  const body = text.slice(m[0].length);
  const bodyLine = m[0].split("\n").length - (m[0].endsWith("\n") ? 1 : 0) + 1;
  const diagnostics: Diagnostic[] = findTripleStash({ file, text: body }, bodyLine - 1);
  if (body.trim() === "") {
    diagnostics.push(diagnostic({ file, line: bodyLine, column: 1 }, "error", "section/empty", "section has front matter but no text", "Write the section's text below the front matter."));
  }
  return { section: { file, front: checked.data, body, bodyLine, frontYaml: parsed.yaml }, diagnostics };
}
