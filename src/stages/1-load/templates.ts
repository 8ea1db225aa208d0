import path from "node:path";
import { Audience } from "../../config/schemas.js";
import { diagnostic, type Diagnostic, type Reported } from "../../diagnostics/index.js";
import { posixRelative } from "../../lib/paths.js";
import { positionAt } from "../../lib/text.js";
import { validate } from "../../lib/yaml.js";
import type { AudienceDef, SourceText, TemplateFile, TemplateSet } from "../../model.js";
import {
  listAudiences,
  listLayered,
  locate,
  locateRequired,
  readLayered,
  readLayeredYaml,
  templateLayers,
  type TemplateLayers,
} from "./layers.js";

/**
 * Loads `templates/`: the layout, partials and stylesheets, and the
 * audiences discovered from `templates/audiences/*.yaml`. An audience's
 * folder `templates/audiences/<name>/` may override `layout.hbs`, any
 * partial in `partials/`, and add `style.css`. Adding an audience is a YAML
 * file (and optionally that folder): no code changes. Every file is looked
 * up in the team's templates/ first, then the package's (layers.ts).
 */

/** Triple-stash and `{{&` bypass escaping; the loader rejects them everywhere. */
export function findTripleStash(src: SourceText, lineOffset = 0): Diagnostic[] {
  return [...src.text.matchAll(/\{\{~?\s*(\{|&)/g)].map((m) => {
    const pos = positionAt(src.text, m.index);
    const at = { file: src.file, line: pos.line + lineOffset, column: pos.column };
    return diagnostic({
      rule: "template/triple-stash",
      at,
      message: "unescaped output ({{{ }}} or {{& }}) is not allowed",
    });
  });
}

async function readTemplate(l: TemplateLayers, abs: string): Promise<Reported<TemplateFile>> {
  const read = await readLayered(l, abs);
  if (!read.value || !abs.endsWith(".hbs")) return read;
  return { value: read.value, diagnostics: [...read.diagnostics, ...findTripleStash(read.value)] };
}

/** Every template in a templates-relative folder with a suffix (both layers), keyed by name without the suffix. */
async function readAll(
  l: TemplateLayers,
  relDir: string,
  suffix: string,
): Promise<Reported<Map<string, TemplateFile>>> {
  const out = new Map<string, TemplateFile>();
  const diagnostics: Diagnostic[] = [];
  for (const name of await listLayered(l, relDir, suffix)) {
    const t = await readTemplate(l, await locateRequired(l, path.join(relDir, name)));
    diagnostics.push(...t.diagnostics);
    if (t.value) out.set(name.slice(0, -suffix.length), t.value);
  }
  return { value: out, diagnostics };
}

/** An optional file: absent (in both layers) is fine, present must read. */
async function readOptional(l: TemplateLayers, rel: string): Promise<Reported<TemplateFile | undefined>> {
  const abs = await locate(l, rel);
  return abs ? readTemplate(l, abs) : { value: undefined, diagnostics: [] };
}

/** Base templates shared by every audience. */
async function loadBase(l: TemplateLayers): Promise<Reported<TemplateSet>> {
  const layout = await readTemplate(l, await locateRequired(l, "layout.hbs"));
  const partials = await readAll(l, "partials", ".hbs");
  const styles = await readAll(l, "styles", ".css");
  const diagnostics = [...layout.diagnostics, ...partials.diagnostics, ...styles.diagnostics];
  if (!layout.value) return { diagnostics };
  return {
    value: {
      layout: layout.value,
      partials: partials.value ?? new Map(),
      styles: [...(styles.value?.values() ?? [])],
    },
    diagnostics,
  };
}

/** Apply an audience's overrides (templates/audiences/<name>/, either layer) on top of the base set. */
async function withOverrides(l: TemplateLayers, base: TemplateSet, rel: string): Promise<Reported<TemplateSet>> {
  const layout = await readOptional(l, path.join(rel, "layout.hbs"));
  const overrides = await readAll(l, path.join(rel, "partials"), ".hbs");
  const extra = await readOptional(l, path.join(rel, "style.css"));
  const partials = new Map([...base.partials, ...(overrides.value ?? [])]);
  const styles = extra.value ? [...base.styles, extra.value] : base.styles;
  return {
    value: { layout: layout.value ?? base.layout, partials, styles },
    diagnostics: [...layout.diagnostics, ...overrides.diagnostics, ...extra.diagnostics],
  };
}

/** One audience file, validated, with its template set. */
async function loadAudience(
  l: TemplateLayers,
  abs: string,
  base: TemplateSet | undefined,
): Promise<Reported<AudienceDef>> {
  const parsed = await readLayeredYaml(l, abs);
  if (!parsed.value) return { diagnostics: parsed.diagnostics };
  const checked = validate(parsed.value.yaml, parsed.value.data, Audience, "audience");
  if (!checked.value || !base) return { diagnostics: checked.diagnostics };
  const name = path.basename(abs, ".yaml");
  const templates = await withOverrides(l, base, path.join("audiences", name));
  const diagnostics = [...checked.diagnostics, ...templates.diagnostics];
  return {
    value: {
      name,
      file: parsed.value.file,
      sha256: parsed.value.sha256,
      config: checked.value,
      yaml: parsed.value.yaml,
      templates: templates.value ?? base,
    },
    diagnostics,
  };
}

/** Every audience, each with its resolved template set, and the names of those whose file is invalid. */
export interface LoadedAudiences {
  readonly audiences: ReadonlyMap<string, AudienceDef>;
  /** Audiences whose own file is invalid: references to them are not reported again. */
  readonly invalid: ReadonlySet<string>;
}

/**
 * Discover and validate every audience. `packageTemplatesDir` is the
 * package's templates/, the layer under the team's (absent: one layer).
 */
export async function loadAudiences(
  root: string,
  templatesDir: string,
  packageTemplatesDir?: string,
): Promise<Reported<LoadedAudiences> & { value: LoadedAudiences }> {
  const l = templateLayers(root, templatesDir, packageTemplatesDir);
  const base = await loadBase(l);
  const diagnostics: Diagnostic[] = [...base.diagnostics];
  const dir = path.join(templatesDir, "audiences");
  const names = await listAudiences(l);
  if (names.length === 0) {
    diagnostics.push(
      diagnostic({
        rule: "audience/none",
        at: { file: posixRelative(root, dir), line: 0, column: 0 },
        message: "no audiences defined",
      }),
    );
  }
  const audiences = new Map<string, AudienceDef>();
  const invalid = new Set<string>();
  for (const name of names) {
    const loaded = await loadAudience(l, await locateRequired(l, path.join("audiences", name)), base.value);
    diagnostics.push(...loaded.diagnostics);
    if (loaded.value) audiences.set(loaded.value.name, loaded.value);
    else invalid.add(path.basename(name, ".yaml"));
  }
  return { value: { audiences, invalid }, diagnostics };
}
