import { createHash } from "node:crypto";
import type { Element, ElementContent, Root } from "hast";
import { toHtml } from "hast-util-to-html";
import { h } from "hastscript";
import { formatReport, type Diagnostic } from "../diagnostics/index.js";
import type { PageBreak } from "./breaks.js";
import type { PageGeometry } from "./geometry.js";
import { counts, overlay } from "./overlay.js";
import { editionPath, ICON_PATH, SCRIPT_PATH, STYLE_PATH } from "./routes.js";
import { sheetsOf } from "./sheets.js";

/**
 * The preview's two pages, built from plain data (pure): an edition's page
 * (its sheets, a toolbar and the problems overlay) and the index of every
 * edition. The regions the live-reload script may replace carry
 * `data-pv-swap` and a hash of their content, so an update touches only
 * what changed. The head links the edition's own stylesheet, the preview's
 * stylesheet and the live-reload script, and nothing else.
 */

/** What an edition's page shows. */
export interface EditionPageData {
  readonly name: string;
  readonly label: string;
  readonly instance: string;
  readonly revision: number;
  /** The document to show and its stylesheet's URL (relative, versioned; the sheets' geometry is in it); absent until one preparation succeeded. */
  readonly document?: { readonly title: string; readonly html: string; readonly cssHref: string };
  readonly breaks: readonly PageBreak[];
  readonly geometry: PageGeometry;
  /** Printed pages of the version shown, once measured. */
  readonly pages?: number;
  readonly budget: number;
  /** One line on how current the page breaks are. */
  readonly status: string;
  /** False while the content has errors and the page shows the last good rendering. */
  readonly fresh: boolean;
  readonly problems: readonly Diagnostic[];
}

/** One edition in the index. */
export interface IndexEntry {
  readonly name: string;
  readonly title: string;
  readonly label: string;
  readonly pages?: number;
  readonly budget: number;
  readonly fresh: boolean;
  readonly errors: number;
}

const hash = (s: string): string => createHash("sha1").update(s).digest("hex").slice(0, 12);

/** Mark a region the script swaps, with a hash of what it was made from (cheaper than of its HTML). */
function swappable(el: Element, ...from: unknown[]): Element {
  el.properties.dataPvSwap = "";
  el.properties.dataPvHash = hash(JSON.stringify(from, (_, v: unknown) => (v instanceof Map ? [...v] : v)));
  return el;
}

function problemsBadge(problems: readonly Diagnostic[]): ElementContent[] {
  const { errors, warnings } = counts(problems);
  if (errors + warnings === 0) return [];
  const text = [
    errors ? `${errors} error${errors === 1 ? "" : "s"}` : "",
    warnings ? `${warnings} warning${warnings === 1 ? "" : "s"}` : "",
  ];
  return [
    h(
      "button",
      { type: "button", className: [errors ? "pv-errors" : "pv-warnings"], dataPvAction: "show-overlay" },
      text.filter(Boolean).join(", "),
    ),
  ];
}

/** A whole page: doctype, head with the allowed links, body. */
function documentOf(
  o: { lang: string; title: string; view: string; instance: string; revision: number; bodyClass: readonly string[] },
  head: ElementContent[],
  body: ElementContent[],
): string {
  const tree: Root = {
    type: "root",
    children: [
      { type: "doctype" },
      h("html", { lang: o.lang, dataPvView: o.view, dataPvInstance: o.instance, dataPvRevision: String(o.revision) }, [
        h("head", [
          h("meta", { charset: "utf-8" }),
          h("meta", { name: "viewport", content: "width=device-width, initial-scale=1" }),
          h("title", o.title),
          ...head,
          h("link", { rel: "stylesheet", href: STYLE_PATH }),
          h("link", { rel: "icon", href: ICON_PATH }),
          h("script", { src: SCRIPT_PATH, defer: true }),
        ]),
        h("body", { className: [...o.bodyClass, "pv"] }, body),
      ]),
    ],
  };
  return toHtml(tree);
}

/** The preview page of one edition. */
export function editionPage(d: EditionPageData): string {
  const sheets = d.document ? sheetsOf(d.document.html, d.breaks, d.geometry, d.pages) : undefined;
  const pages =
    d.pages === undefined ? "pages: measuring…" : `${d.pages} page${d.pages === 1 ? "" : "s"} (budget ${d.budget})`;
  const bar = h("div", { id: "pv-bar", className: ["pv-bar"] }, [
    h("a", { href: "/" }, "All editions"),
    h("span", { className: ["pv-name"] }, `${d.name}`),
    h("span", { className: ["pv-muted"] }, d.label),
    h("span", pages),
    h(
      "span",
      { className: d.fresh ? ["pv-muted"] : ["pv-stale"] },
      d.fresh ? d.status : "showing the last good rendering",
    ),
    h("a", { href: `${d.name}.pdf` }, "PDF"),
    ...problemsBadge(d.problems),
  ]);
  const content = sheets
    ? h("div", { id: "pv-doc", className: ["pv-sheets"] }, [...sheets.sheets])
    : h("div", { id: "pv-doc", className: ["pv-none"] }, [
        h("p", "This edition has not been prepared successfully yet."),
      ]);
  return documentOf(
    {
      lang: sheets?.lang ?? "en",
      title: `Preview: ${d.document?.title ?? d.name}`,
      view: `edition:${d.name}`,
      instance: d.instance,
      revision: d.revision,
      bodyClass: sheets?.bodyClass ?? [],
    },
    [...(d.document ? [h("link", { id: "pv-edition-css", rel: "stylesheet", href: d.document.cssHref })] : [])],
    [
      swappable(bar, d.name, d.label, pages, d.status, d.fresh, counts(d.problems)),
      swappable(content, d.document?.html, d.breaks, d.geometry, d.pages),
      swappable(overlay(d.problems, !d.fresh), formatReport(d.problems), d.fresh),
    ],
  );
}

/** The index page: every edition, how it stands, and links to its page and PDF. */
export function indexPage(
  entries: readonly IndexEntry[],
  problems: readonly Diagnostic[],
  instance: string,
  revision: number,
): string {
  const rows = entries.map((e) =>
    h("tr", [
      h("td", [h("a", { href: editionPath(e.name) }, e.name)]),
      h("td", e.title),
      h("td", e.label),
      h("td", e.pages === undefined ? "…" : `${e.pages} of ${e.budget}`),
      h("td", e.errors ? (e.fresh ? `${e.errors} error(s)` : "errors: showing last good") : "ok"),
      h("td", [h("a", { href: `${editionPath(e.name)}${encodeURIComponent(e.name)}.pdf` }, "PDF")]),
    ]),
  );
  const list = h("div", { id: "pv-doc", className: ["pv-index"] }, [
    h("h1", "Brief preview"),
    entries.length
      ? h("table", [
          h("thead", [
            h(
              "tr",
              ["Edition", "Brief", "Audience", "Pages", "Status", ""].map((t) => h("th", t)),
            ),
          ]),
          h("tbody", rows),
        ])
      : h("p", "No edition could be prepared yet; the problems are listed above."),
  ]);
  const bar = h("div", { id: "pv-bar", className: ["pv-bar"] }, [
    h("span", { className: ["pv-name"] }, "brief preview"),
    ...problemsBadge(problems),
  ]);
  return documentOf(
    { lang: "en", title: "Brief preview", view: "index", instance, revision, bodyClass: [] },
    [],
    [
      swappable(bar, counts(problems)),
      swappable(list, entries),
      swappable(overlay(problems, false), formatReport(problems)),
    ],
  );
}
