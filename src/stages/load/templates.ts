import path from "node:path";
import { Audience } from "../../config/schemas.js";
import { diagnostic, type Diagnostic } from "../../diagnostics/index.js";
import { positionAt } from "../../lib/text.js";
import { validate } from "../../lib/yaml.js";
import type { AudienceDef, TemplateFile, TemplateSet } from "../../model.js";
import { isDir, isFile, listDir, readText, readYaml, rel } from "./files.js";

/**
 * Loads `templates/`: the layout, partials and stylesheets, and the
 * audiences discovered from `templates/audiences/*.yaml`. An audience's
 * folder `templates/audiences/<name>/` may override `layout.hbs`, any
 * partial in `partials/`, and add `style.css`. Adding an audience is a YAML
 * file (and optionally that folder): no code changes.
 */

/** Triple-stash and `{{&` bypass escaping; the loader rejects them everywhere. */
export function findTripleStash(src: TemplateFile, lineOffset = 0): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const m of src.text.matchAll(/\{\{~?\s*(\{|&)/g)) {
    const pos = positionAt(src.text, m.index ?? 0);
    out.push(
      diagnostic(
        { file: src.file, line: pos.line + lineOffset, column: pos.column },
        "error",
        "template/triple-stash",
        "unescaped output ({{{ }}} or {{& }}) is not allowed",
        "Use {{value}}: the pipeline escapes values for where they land.",
      ),
    );
  }
  return out;
}

async function readTemplate(root: string, abs: string, out: Diagnostic[]): Promise<TemplateFile | undefined> {
  const read = await readText(root, abs);
  out.push(...read.diagnostics);
  if (!read.file) return undefined;
  if (abs.endsWith(".hbs")) out.push(...findTripleStash(read.file));
  return read.file;
}

async function readPartials(root: string, dir: string, into: Map<string, TemplateFile>, out: Diagnostic[]): Promise<void> {
  for (const name of await listDir(dir, ".hbs")) {
    const t = await readTemplate(root, path.join(dir, name), out);
    if (t) into.set(name.replace(/\.hbs$/, ""), t);
  }
}

/** Base templates shared by every audience. */
async function loadBase(root: string, dir: string, out: Diagnostic[]): Promise<TemplateSet | undefined> {
  const layout = await readTemplate(root, path.join(dir, "layout.hbs"), out);
  const partials = new Map<string, TemplateFile>();
  await readPartials(root, path.join(dir, "partials"), partials, out);
  const styles: TemplateFile[] = [];
  for (const name of await listDir(path.join(dir, "styles"), ".css")) {
    const t = await readTemplate(root, path.join(dir, "styles", name), out);
    if (t) styles.push(t);
  }
  return layout ? { layout, partials, styles } : undefined;
}

/** Apply an audience's overrides on top of the base set. */
async function withOverrides(root: string, base: TemplateSet, dir: string, out: Diagnostic[]): Promise<TemplateSet> {
  if (!(await isDir(dir))) return base;
  const layoutPath = path.join(dir, "layout.hbs");
  const layout = (await isFile(layoutPath)) ? await readTemplate(root, layoutPath, out) : undefined;
  const partials = new Map(base.partials);
  await readPartials(root, path.join(dir, "partials"), partials, out);
  const stylePath = path.join(dir, "style.css");
  const extra = (await isFile(stylePath)) ? await readTemplate(root, stylePath, out) : undefined;
  return { layout: layout ?? base.layout, partials, styles: extra ? [...base.styles, extra] : base.styles };
}

/** Discover and validate every audience, each with its resolved template set. */
export async function loadAudiences(root: string, templatesDir: string): Promise<{ audiences: Map<string, AudienceDef>; invalid: Set<string>; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const invalid = new Set<string>();
  const audiences = new Map<string, AudienceDef>();
  const base = await loadBase(root, templatesDir, diagnostics);
  const dir = path.join(templatesDir, "audiences");
  const names = await listDir(dir, ".yaml");
  if (names.length === 0) {
    diagnostics.push(
      diagnostic({ file: rel(root, dir), line: 0, column: 0 }, "error", "audience/none", "no audiences defined", "Add templates/audiences/<name>.yaml (see README \"Adding an audience\")."),
    );
  }
  for (const name of names) {
    const abs = path.join(dir, name);
    invalid.add(name.replace(/\.yaml$/, ""));
    const parsed = await readYaml(root, abs, diagnostics);
    if (!parsed) continue;
    const checked = validate(parsed.yaml, parsed.value, Audience, "audience");
    diagnostics.push(...checked.diagnostics);
    if (!checked.data || !base) continue;
    const id = name.replace(/\.yaml$/, "");
    const templates = await withOverrides(root, base, path.join(dir, id), diagnostics);
    audiences.set(id, { name: id, file: parsed.file, config: checked.data, templates });
    invalid.delete(id);
  }
  return { audiences, invalid, diagnostics };
}
