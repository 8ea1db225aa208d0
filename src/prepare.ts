import type { Fact } from "./config/schemas.js";
import { diagnostic, type Diagnostic } from "./diagnostics/index.js";
import type { Asset, Edition } from "./model.js";
import { imageTarget, resolveImages } from "./stages/images.js";
import { renderChart, type RenderedChart } from "./stages/charts.js";
import { layout, type LaidOut } from "./stages/layout.js";
import { markdown, type SectionHtml } from "./stages/markdown.js";
import { readingGrade } from "./stages/measure.js";
import { merge } from "./stages/merge.js";
import type { Readability } from "./lib/readability.js";

/**
 * Everything an edition needs before the browser: merge, markdown, charts,
 * layout and the reading-grade check. No file is written here, so `brief
 * check` and `brief build` share it exactly.
 */

/** An edition ready to render, or the reasons it is not. */
export interface PreparedEdition {
  readonly edition: Edition;
  readonly sections: readonly SectionHtml[];
  readonly charts: ReadonlyMap<string, RenderedChart>;
  readonly laidOut: LaidOut;
  /** Checked local images, to copy beside the HTML. */
  readonly images: readonly Asset[];
  readonly readability: Readability;
}

/** Run the pre-render stages for one edition. */
export async function prepare(edition: Edition, audienceNames: ReadonlySet<string>): Promise<{ prepared?: PreparedEdition; diagnostics: Diagnostic[] }> {
  const diagnostics: Diagnostic[] = [];
  const merged = merge(edition, audienceNames);
  diagnostics.push(...merged.diagnostics);
  const sections: SectionHtml[] = [];
  for (const m of merged.sections) {
    const r = markdown(m, imageTarget(edition.brief.id, ""));
    diagnostics.push(...r.diagnostics);
    if (r.html) sections.push(r.html);
  }
  const facts = new Map<string, Fact>([...edition.brief.facts].map(([k, v]) => [k, v.value]));
  const charts = new Map<string, RenderedChart>();
  const used = new Set(merged.sections.flatMap((s) => s.inserts.flatMap((i) => (i.kind === "chart" ? [i.id] : []))));
  for (const id of used) {
    const chart = edition.brief.charts.get(id);
    if (!chart) continue;
    const nonNumeric = chart.value.facts.filter((f) => typeof facts.get(f)?.value !== "number");
    if (nonNumeric.length) {
      diagnostics.push(diagnostic(chart.at, "error", "charts/non-numeric", `chart "${id}" plots non-numeric facts: ${nonNumeric.join(", ")}`, "Charts can only plot money, percent or number facts."));
      continue;
    }
    charts.set(id, await renderChart(id, chart.value, facts, { font: "Source Sans 3", accent: edition.audience.config.accent, ink: "#1a1a1a" }));
  }
  const images = await resolveImages(edition.brief, sections.flatMap((s) => s.images));
  diagnostics.push(...images.diagnostics);
  if (diagnostics.some((d) => d.severity === "error")) return { diagnostics };

  const readability = readingGrade(sections.filter((s) => s.merged.section.front.kind === "body"));
  const max = edition.audience.config.reading_grade_max;
  if (max !== undefined && readability.grade > max) {
    diagnostics.push(
      diagnostic(
        { file: edition.audience.file, line: 0, column: 0 },
        "error",
        "edition/reading-grade",
        `edition ${edition.name} reads at Flesch-Kincaid grade ${readability.grade} (${readability.words} words, ${readability.sentences} sentences), above its limit of ${max}`,
        "Use shorter sentences and plainer words in this edition's sections.",
      ),
    );
  }
  const laid = layout(edition, sections, charts, new Map(), images.assets);
  diagnostics.push(...laid.diagnostics);
  if (!laid.laidOut || diagnostics.some((d) => d.severity === "error")) return { diagnostics };
  return { prepared: { edition, sections, charts, laidOut: laid.laidOut, readability, images: images.assets }, diagnostics };
}
