import type { Element, ElementContent } from "hast";
import { leafBlocks } from "./blocks.js";
import type { PageBreak } from "./breaks.js";
import type { MarginBoxes, PageGeometry } from "./geometry.js";
import { findBody, parseHtml } from "./html.js";
import { splitPages } from "./split.js";

/**
 * An edition's document as printed sheets: the `main` element cut at the
 * measured page breaks, each page in a box of the printed page's size with
 * its margins, running header and footer. Blocks carry `data-pv-key`, so
 * the live-reload script can keep the reader's place across updates.
 */

/** The document's language and body classes, and its pages as sheets. */
export interface Sheets {
  readonly lang: string;
  readonly bodyClass: readonly string[];
  readonly sheets: readonly Element[];
}

const el = (tagName: string, properties: Element["properties"], children: ElementContent[] = []): Element => ({
  type: "element",
  tagName,
  properties,
  children,
});

/** The margin boxes of page `n` of `total`, as elements. */
function boxes(defs: MarginBoxes, n: number, total: number): Element[] {
  return [...defs].map(([name, box]) => {
    const text = box.content
      .map((part) => ("text" in part ? part.text : String(part.counter === "page" ? n : total)))
      .join("");
    return el("div", { className: ["pv-box", `pv-box-${name}`], ariaHidden: "true" }, [{ type: "text", value: text }]);
  });
}

/** Lay out `html` as sheets, broken before each of `breaks`; `pages` is the printed page count when known. */
export function sheetsOf(html: string, breaks: readonly PageBreak[], geometry: PageGeometry, pages?: number): Sheets {
  const tree = parseHtml(html);
  const root = tree.children.find((c): c is Element => c.type === "element" && c.tagName === "html");
  const body = findBody(tree);
  const main =
    body.children.find((c): c is Element => c.type === "element" && c.tagName === "main") ??
    el("main", {}, body.children);
  for (const b of leafBlocks(main)) b.node.properties.dataPvKey = b.key;
  const fragments = splitPages(main, breaks);
  const total = Math.max(pages ?? 0, ...fragments.map((f) => f.page));
  const sheets: Element[] = [];
  for (let n = 1; n <= total; n++) {
    const here = fragments.filter((f) => f.page === n).map((f) => f.node);
    sheets.push(
      el("div", { className: ["pv-sheet"], dataPvPage: n, ariaLabel: `Page ${n} of ${total}`, role: "region" }, [
        ...boxes(n === 1 ? geometry.first : geometry.rest, n, total),
        el("div", { className: ["pv-area"] }, here),
      ]),
    );
  }
  const className = body.properties.className;
  return {
    lang: typeof root?.properties.lang === "string" ? root.properties.lang : "en",
    bodyClass: Array.isArray(className) ? className.map(String) : [],
    sheets,
  };
}

const VERTICAL: Readonly<Record<string, string>> = { top: "flex-start", middle: "center", bottom: "flex-end" };
/** Declarations of a margin box carried over to the preview's box. */
const CARRIED =
  /^(font(-[a-z-]+)?|color|letter-spacing|text-transform|line-height|padding(-(top|right|bottom|left))?)$/;

/** CSS for the sheets of one edition: page size, margins, and where each margin box sits. */
export function geometryCss(g: PageGeometry): string {
  const [top, right, bottom, left] = g.margin;
  const rules = [
    `.pv-sheet { width: ${g.width}; min-height: ${g.height}; padding: ${top} ${right} ${bottom} ${left}; }`,
  ];
  const names = new Set([...g.first.keys(), ...g.rest.keys()]);
  for (const name of names) {
    const box = g.rest.get(name) ?? g.first.get(name);
    if (!box) continue;
    const [edge, align = "center"] = name.split("-");
    if (edge !== "top" && edge !== "bottom") continue;
    const place = [
      edge === "top" ? `top: 0; height: ${top};` : `bottom: 0; height: ${bottom};`,
      align === "left" ? `left: ${left};` : align === "right" ? `right: ${right};` : `left: ${left}; right: ${right};`,
      `justify-content: ${align === "left" ? "flex-start" : align === "right" ? "flex-end" : "center"};`,
      `align-items: ${VERTICAL[box.declarations.get("vertical-align") ?? "middle"] ?? "center"};`,
    ];
    const carried = [...box.declarations]
      .filter(([k, v]) => CARRIED.test(k) && !/[{};<>]/.test(v))
      .map(([k, v]) => `${k}: ${v};`);
    rules.push(`.pv-box-${name} { ${[...place, ...carried].join(" ")} }`);
  }
  return rules.join("\n");
}
