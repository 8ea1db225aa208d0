import { diagnostic, type Diagnostic, type Location } from "../diagnostics/index.js";
import { locatePath } from "../lib/yaml.js";
import type { Edition } from "../model.js";

/**
 * `edition/page-budget`: each audience sets a maximum number of pages (a
 * brief may set its own under editions.<audience>.page.budget). The count
 * comes from the finished PDF, so build and check (which renders for this
 * rule alone) call this with the same number: over the budget is an error;
 * `report` (check) adds every edition's count as info.
 *
 * "About this brief" flows after the sources and shares their page when it
 * fits. When it does not, it starts the last page on its own; that page
 * holds only back matter and is not counted against the budget.
 *
 * An error names the section the edition ends with and the page each
 * section starts on, read from the PDF's outline, so the author can see
 * what to shorten without opening the preview.
 */

/** Where a top-level heading (a section, "Sources", "About this brief") starts. */
export interface SectionStart {
  readonly title: string;
  readonly page: number;
  /** Points from the top edge of the page to the heading. */
  readonly fromTop: number;
}

/** What the rule knows of the printed edition besides its page count. */
export interface PrintedLayout {
  /** Top-level headings in order, "About this brief" last when the edition has it. */
  readonly starts: readonly SectionStart[];
  /** The title of the About block's heading, when the edition has one. */
  readonly aboutTitle?: string;
  /** Where the over-budget PDF is kept for inspection (project-relative), when it is. */
  readonly rejectedAt?: string;
}

/** The top page margin of every edition (page-css.ts: 20 mm), in points. */
const TOP_MARGIN_PT = (20 / 25.4) * 72;
/** A heading this close below the top margin starts its page (its own padding and rule sit above the text). */
const PAGE_TOP_SLACK_PT = 24;

/** Pages that count against the budget: all, less a last page that "About this brief" has to itself. */
export function countedPages(pages: number, layout: PrintedLayout | undefined): number {
  const about = layout?.starts.at(-1);
  if (!about || !layout?.aboutTitle || about.title !== layout.aboutTitle) return pages;
  const alone = about.page === pages && pages > 1 && about.fromTop <= TOP_MARGIN_PT + PAGE_TOP_SLACK_PT;
  return alone ? pages - 1 : pages;
}

/** Where the budget is set: the brief's own override, else the audience file; as words and as a position. */
function budgetSource(edition: Edition): { words: string; at: Location } {
  const name = edition.audience.name;
  const own = edition.brief.config.value.editions[name]?.page?.budget;
  return own === undefined
    ? { words: `page.budget in ${edition.audience.file}`, at: locatePath(edition.audience.yaml, ["page", "budget"]) }
    : {
        words: `editions.${name}.page.budget in ${edition.brief.dir}/brief.yaml`,
        at: locatePath(edition.brief.yaml.brief, ["editions", name, "page", "budget"]),
      };
}

/** The edition's last section (by the plan), where the over-budget error points: its front matter's id. */
function lastSection(edition: Edition): (Location & { title: string }) | undefined {
  const s = edition.sections.at(-1);
  return s ? { ...locatePath(s.frontYaml, ["id"]), title: s.front.title } : undefined;
}

/** Check an edition's page count against its budget. */
export function checkPageBudget(edition: Edition, pages: number, report = false, layout?: PrintedLayout): Diagnostic[] {
  const budget = edition.audience.config.page.budget;
  const counted = countedPages(pages, layout);
  const last = lastSection(edition);
  const source = budgetSource(edition);
  const out: Diagnostic[] = [];
  const note = counted < pages ? ` (${counted} counted: "About this brief" has the last page to itself)` : "";
  if (report)
    out.push(
      diagnostic({
        rule: "edition/page-budget",
        severity: "info",
        at: source.at,
        message: `edition ${edition.name}: ${pages} pages${note} (budget ${budget})`,
        hint: "Informational.",
      }),
    );
  if (counted > budget) {
    const startsAt = layout?.starts.find((s) => s.title === last?.title)?.page;
    const ends = last
      ? `; it ends with section "${last.title}"${startsAt === undefined ? "" : `, which starts on page ${startsAt}`}`
      : "";
    const list = (layout?.starts ?? []).map((s) => `"${s.title}" p. ${s.page}`).join(", ");
    const kept = layout?.rejectedAt ? ` The over-budget PDF is kept at ${layout.rejectedAt} for inspection.` : "";
    out.push(
      diagnostic({
        rule: "edition/page-budget",
        at: last ?? source.at,
        message: `edition ${edition.name} has ${counted} pages, over its budget of ${budget}${ends}`,
        hint: `${list ? `Sections start on: ${list}.` : ""}${kept} Shorten the edition's sections, or raise ${source.words}.`.trim(),
      }),
    );
  }
  return out;
}
