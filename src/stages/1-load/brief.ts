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
import type { Brief, ChartTable, InputFile, Located, Section } from "../../model.js";
import { loadChartData } from "./chart-data.js";
import { isFile, listDir, readText, readYaml, type TextFile } from "./files.js";
import { hasReferenceFiles, loadCitationStyles, loadReferences } from "./library.js";
import { SECTION_EXTENSION, unreadSectionFiles } from "./unread.js";
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
  // With references.json or references.bib, sources.yaml may be left out.
  const sourcesPath = path.join(absDir, "sources.yaml");
  const sources =
    !(await isFile(sourcesPath)) && (await hasReferenceFiles(absDir))
      ? {
          value: {
            map: new Map<string, Located<Source>>(),
            yaml: parseYaml("{}", posixRelative(root, sourcesPath)).yaml,
          },
          diagnostics: [],
        }
      : await readKeyedFile(root, sourcesPath, Source, "sources");
  const references = await loadReferences(root, absDir, sources.value?.map ?? new Map());
  const styles = config.value
    ? await loadCitationStyles(root, absDir, config.value.located.value, config.value.yaml)
    : { diagnostics: [] };
  const charts = (await isFile(path.join(absDir, "charts.yaml")))
    ? await readKeyedFile(root, path.join(absDir, "charts.yaml"), Chart, "charts")
    : { value: { map: new Map<string, Located<Chart>>() }, diagnostics: [] };
  const sections = await readSections(root, absDir, dir);
  const tables = await readTables(root, absDir, charts.value?.map, charts.value?.yaml);
  const diagnostics = [config, facts, sources, references, styles, charts, tables, sections].flatMap(
    (r) => r.diagnostics,
  );
  if (
    !config.value ||
    !facts.value?.yaml ||
    !sources.value?.yaml ||
    !charts.value ||
    !tables.value ||
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
    tables: tables.value,
    yaml: {
      brief: config.value.yaml,
      facts: facts.value.yaml,
      sources: sources.value.yaml,
      ...(charts.value.yaml ? { charts: charts.value.yaml } : {}),
    },
    configFile: config.value.input,
    ...(references.value?.files.length
      ? { references: references.value.items, referenceFiles: references.value.files }
      : {}),
    ...(styles.value ? { citationStyles: styles.value } : {}),
  };
  return { value: brief, diagnostics };
}

/** The data file of every chart drawn from one, by chart id. */
async function readTables(
  root: string,
  absDir: string,
  charts: ReadonlyMap<string, Located<Chart>> | undefined,
  yaml: PositionedYaml | undefined,
): Promise<Reported<Map<string, ChartTable>>> {
  const tables = new Map<string, ChartTable>();
  const diagnostics: Diagnostic[] = [];
  for (const [id, chart] of charts ?? []) {
    if (!chart.value.data) continue;
    const read = await loadChartData(root, absDir, id, chart, yaml);
    // Two charts over one bad file: the cell is reported once.
    const seen = new Set(diagnostics.map((d) => `${d.file}:${d.line}:${d.column} ${d.ruleId}`));
    diagnostics.push(...read.diagnostics.filter((d) => !seen.has(`${d.file}:${d.line}:${d.column} ${d.ruleId}`)));
    if (read.value) tables.set(id, read.value);
  }
  return hasErrors(diagnostics) ? { diagnostics } : { value: tables, diagnostics };
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
  const names = await listDir(path.join(absDir, "sections"), SECTION_EXTENSION);
  const unread = await unreadSectionFiles(path.join(absDir, "sections"), `${dir}/sections`);
  if (names.length === 0) {
    return {
      value: [],
      diagnostics: [
        diagnostic({
          rule: "brief/no-sections",
          at: fileLocation(`${dir}/sections`),
          message: "brief has no sections",
        }),
        ...unread,
      ],
    };
  }
  const sections: Section[] = [];
  const diagnostics: Diagnostic[] = [...unread];
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
