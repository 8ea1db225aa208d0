import { createHash } from "node:crypto";
import type { Diagnostic } from "../diagnostics/index.js";
import type { LaidOut } from "../model.js";
import type { PageBreak } from "./breaks.js";
import { printMediaCss } from "./css.js";
import { pageGeometry } from "./geometry.js";
import type { EditionPageData } from "./page.js";
import type { EditionState } from "./session.js";
import { geometryCss } from "./sheets.js";

/**
 * From an edition's state to what its page shows: the measured layout when
 * the measurement is of the current version (its contents page numbered,
 * its breaks exact); otherwise the current layout with the latest breaks
 * placed again on the blocks that did not change, while the new version is
 * measured. Pure.
 */

/** The layout a page shows, where its pages break, and how current the breaks are. */
export interface Shown {
  readonly laid: LaidOut;
  readonly breaks: readonly PageBreak[];
  readonly pages?: number;
  readonly status: string;
}

/** What to show for `state`; undefined until a preparation succeeded. */
export function shownOf(state: EditionState, measuring: boolean): Shown | undefined {
  if (!state.good) return undefined;
  const m = state.measured;
  if (m && m.hash === state.good.hash)
    return { laid: m.m.laid, breaks: m.m.breaks, pages: m.m.pages, status: "page breaks as Chromium prints them" };
  const status = measuring
    ? m
      ? "measuring page breaks (showing the previous version's)"
      : "measuring page breaks…"
    : state.measureError
      ? `page breaks not measured: ${state.measureError}`
      : "page breaks not measured";
  return { laid: state.good.prepared.laidOut, breaks: m?.m.breaks ?? [], status };
}

const hash = (s: string): string => createHash("sha1").update(s).digest("hex").slice(0, 12);

/** The stylesheet the preview serves for a layout: its print rules on screen, then the sheets' geometry. */
export function servedCss(laid: LaidOut): string {
  return `${printMediaCss(laid.css)}\n\n/* brief preview: the printed page */\n${geometryCss(pageGeometry(laid.css))}\n`;
}

/** The page data for one edition. */
export function pageData(
  state: EditionState,
  shown: Shown | undefined,
  problems: readonly Diagnostic[],
  instance: string,
): EditionPageData {
  const geometry = pageGeometry(shown?.laid.css ?? "");
  return {
    name: state.name,
    label: state.label,
    instance,
    revision: state.revision,
    ...(shown
      ? {
          document: {
            title: state.title,
            html: shown.laid.html,
            cssHref: `${shown.laid.cssHref}?v=${hash(servedCss(shown.laid))}`,
          },
        }
      : {}),
    breaks: shown?.breaks ?? [],
    geometry,
    ...(shown?.pages === undefined ? {} : { pages: shown.pages }),
    budget: state.budget,
    status: shown?.status ?? "not prepared yet",
    fresh: state.fresh,
    problems,
  };
}
