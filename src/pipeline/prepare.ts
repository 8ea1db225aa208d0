import type { Fact } from "../config/schemas.js";
import { checkReadingGrade, guardEdition } from "../checks/index.js";
import { diagnostic, hasErrors, strict as strictify, type Diagnostic, type Reported } from "../diagnostics/index.js";
import type { Edition, PreparedEdition, Project, RenderedChart, SectionHtml } from "../model.js";
import { load } from "../stages/1-load/index.js";
import { plan } from "../stages/2-plan/index.js";
import { merge } from "../stages/3-merge/index.js";
import { markdown } from "../stages/4-markdown/index.js";
import { renderChart } from "../stages/5-layout/charts.js";
import { imageTarget, resolveImages } from "../stages/5-layout/images.js";
import { layout } from "../stages/5-layout/index.js";
import { readingGrade } from "../stages/5-layout/measure.js";
import { resolvePaths, type CommonOptions } from "./options.js";

/**
 * Everything before the browser: load and plan the project, then for each
 * edition merge → markdown → charts → layout, and the reading-grade rule.
 * No file is written here, so `brief check` and `brief build` share it
 * exactly.
 */

/** Charts an edition places, drawn with its accent colour. */
async function drawCharts(
  edition: Edition,
  sections: readonly SectionHtml[],
): Promise<Reported<Map<string, RenderedChart>>> {
  const facts = new Map<string, Fact>([...edition.brief.facts].map(([k, v]) => [k, v.value]));
  const charts = new Map<string, RenderedChart>();
  const diagnostics: Diagnostic[] = [];
  const used = new Set(sections.flatMap((s) => s.merged.inserts.flatMap((i) => (i.kind === "chart" ? [i.id] : []))));
  for (const id of used) {
    const chart = edition.brief.charts.get(id);
    if (!chart) continue;
    const nonNumeric = chart.value.facts.filter((f) => typeof facts.get(f)?.value !== "number");
    if (nonNumeric.length) {
      diagnostics.push(
        diagnostic({
          rule: "charts/non-numeric",
          at: chart.at,
          message: `chart "${id}" plots non-numeric facts: ${nonNumeric.join(", ")}`,
        }),
      );
      continue;
    }
    charts.set(
      id,
      await renderChart(id, chart.value, facts, {
        font: "Source Sans 3",
        accent: edition.audience.config.accent,
        ink: "#1a1a1a",
      }),
    );
  }
  return { value: charts, diagnostics };
}

/** Run the pre-render stages for one edition. */
export async function prepareEdition(
  edition: Edition,
  audienceNames: ReadonlySet<string>,
): Promise<Reported<PreparedEdition>> {
  const merged = merge(edition, audienceNames);
  const html = merged.sections.map((m) => markdown(m, imageTarget(edition.brief.id, "")));
  const sections = html.map((h) => h.value);
  const charts = await drawCharts(edition, sections);
  const images = await resolveImages(
    edition.brief,
    sections.flatMap((s) => s.images),
  );
  const diagnostics = [
    ...merged.diagnostics,
    ...html.flatMap((h) => h.diagnostics),
    ...charts.diagnostics,
    ...images.diagnostics,
  ];
  if (hasErrors(diagnostics) || !charts.value) return { diagnostics };
  const readability = readingGrade(sections);
  diagnostics.push(...checkReadingGrade({ edition, readability }));
  const laid = layout(edition, sections, charts.value, new Map(), images.assets);
  diagnostics.push(...laid.diagnostics);
  if (!laid.value || hasErrors(diagnostics)) return { diagnostics };
  return {
    value: {
      edition,
      sections,
      charts: charts.value,
      laidOut: laid.value,
      readability,
      images: images.assets,
    },
    diagnostics,
  };
}

/** The project, its editions ready to render, the editions that failed, and every problem found. */
export interface PreparedProject {
  readonly project: Project;
  readonly prepared: readonly PreparedEdition[];
  readonly failed: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
}

/** --brief and --audience values that name nothing: wrong usage (also used by `brief preview`). */
export function unknownFilters(project: Project, o: CommonOptions): Diagnostic[] {
  const briefs = (o.briefs ?? []).filter((b) => !project.briefIds.includes(b));
  const audiences = (o.audiences ?? []).filter((a) => !project.audiences.has(a));
  return [
    ...briefs.map((b) =>
      diagnostic({
        rule: "cli/unknown-brief",
        at: { file: "content", line: 0, column: 0 },
        message: `no brief "${b}"`,
        hint: `Use one of: ${project.briefIds.join(", ")}.`,
      }),
    ),
    ...audiences.map((a) =>
      diagnostic({
        rule: "cli/unknown-audience",
        at: { file: "templates/audiences", line: 0, column: 0 },
        message: `no audience "${a}"`,
        hint: `Use one of: ${[...project.audiences.keys()].join(", ")}.`,
      }),
    ),
  ];
}

/** Load, plan and prepare every edition the options ask for. */
export async function prepareProject(o: CommonOptions): Promise<PreparedProject> {
  const loaded = await load(resolvePaths(o));
  const project = loaded.value;
  const planned = plan(project, o);
  const diagnostics: Diagnostic[] = [...loaded.diagnostics, ...planned.diagnostics, ...unknownFilters(project, o)];
  const names = new Set(project.audiences.keys());
  const prepared: PreparedEdition[] = [];
  const failed: string[] = [];
  for (const { edition, diagnostics: planDiagnostics } of planned.editions) {
    const guards = guardEdition(edition);
    const r = hasErrors(guards) ? { diagnostics: [] } : await prepareEdition(edition, names);
    const all = [...planDiagnostics, ...guards, ...r.diagnostics];
    diagnostics.push(...all);
    if (r.value && !hasErrors(o.strict ? strictify(all) : all)) prepared.push(r.value);
    else failed.push(edition.name);
  }
  return { project, prepared, failed, diagnostics };
}
