import type { Audience, BriefConfig, Chart, Fact, SectionFrontMatter, Source } from "./config/schemas.js";
import type { Location } from "./diagnostics/index.js";
import type { PositionedYaml } from "./lib/yaml.js";

/**
 * The typed data that flows between stages. Each stage takes some of these
 * and returns new values; none mutates its input or reaches back into an
 * earlier stage.
 */

/** A value together with where it was written. */
export interface Located<T> {
  readonly value: T;
  readonly at: Location;
}

/** One `sections/*.md` file, front matter validated, body still a template. */
export interface Section {
  readonly file: string;
  readonly front: SectionFrontMatter;
  /** The Markdown/Handlebars body after the front matter. */
  readonly body: string;
  /** 1-based line of the body's first line in the file. */
  readonly bodyLine: number;
  /** The parsed front matter, to point diagnostics at its fields. */
  readonly frontYaml: PositionedYaml;
}

/** A brief folder, loaded and validated. */
export interface Brief {
  readonly id: string;
  /** Project-relative folder, e.g. `content/deepseek`. */
  readonly dir: string;
  /** Absolute folder, for resolving images. */
  readonly absDir: string;
  readonly config: Located<BriefConfig>;
  readonly sections: readonly Section[];
  readonly facts: ReadonlyMap<string, Located<Fact>>;
  readonly sources: ReadonlyMap<string, Located<Source>>;
  readonly charts: ReadonlyMap<string, Located<Chart>>;
  /** Parsed YAML files, to point diagnostics at individual fields. */
  readonly yaml: { readonly brief: PositionedYaml; readonly facts: PositionedYaml; readonly sources: PositionedYaml };
}

/** A Handlebars template file. */
export interface TemplateFile {
  readonly file: string;
  readonly text: string;
}

/** The template set an audience sees: base templates with its overrides applied. */
export interface TemplateSet {
  readonly layout: TemplateFile;
  readonly partials: ReadonlyMap<string, TemplateFile>;
  /** Stylesheets in cascade order (base first, audience overrides last). */
  readonly styles: readonly TemplateFile[];
}

/** `templates/audiences/<name>.yaml`, validated, with its template set. */
export interface AudienceDef {
  readonly name: string;
  readonly file: string;
  readonly config: Audience;
  readonly templates: TemplateSet;
}

/** Everything the load stage produces. */
export interface Project {
  readonly root: string;
  readonly briefs: readonly Brief[];
  readonly audiences: ReadonlyMap<string, AudienceDef>;
}

/** A file to place beside the HTML edition. */
export interface Asset {
  /** Absolute source path. */
  readonly from: string;
  /** Path relative to the output folder, e.g. `assets/fonts/x.woff2`. */
  readonly to: string;
}

/** One brief for one audience: the unit that is merged, laid out and rendered. */
export interface Edition {
  readonly brief: Brief;
  readonly audience: AudienceDef;
  /** Sections in reading order for this audience. */
  readonly sections: readonly Section[];
  /** File stem, `<brief>-<audience>`. */
  readonly name: string;
}
