import type { Element } from "hast";
import { visit } from "unist-util-visit";
import { diagnostic, type Diagnostic, type Location } from "../diagnostics/index.js";
import type { PreparedEdition } from "../model.js";
import { literal, locateInSource } from "./text.js";

/**
 * `links/broken-anchor`: an in-document link (`[text](#anchor)`, a
 * citation, a contents entry) must land on an element id that exists in
 * the edition's final HTML. Ids are read from the laid-out document, so
 * whatever the layout adds (section ids, heading ids, notes) counts.
 * Content links are reported where they were written; links the layout
 * templates make are reported at the layout file.
 */

/** Every `id="…"` in an HTML document. */
export function idsOf(html: string): Set<string> {
  return new Set([...html.matchAll(/\sid="([^"]*)"/g)].map((m) => decodeEntities(m[1] ?? "")));
}

function decodeEntities(s: string): string {
  return s
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

function anchorOf(href: string): string {
  try {
    return decodeURIComponent(href.slice(1));
  } catch {
    return href.slice(1);
  }
}

function nearest(ids: ReadonlySet<string>, wanted: string): string[] {
  const prefix = wanted.split("--")[0] ?? wanted;
  const sections = [...ids].filter((id) => /^sec-[^-]/.test(id) && !id.endsWith("-title"));
  const related = sections.filter((id) => id.startsWith(prefix));
  return (related.length ? related : sections).slice(0, 4);
}

/** One broken link in one edition. */
interface BrokenLink {
  readonly at: Location;
  readonly anchor: string;
  readonly hint: string;
}

const HINT_TEMPLATE = "A template links to an id the layout never writes; check the partials' href and id attributes.";

function hintFor(ids: ReadonlySet<string>, anchor: string): string {
  const near = nearest(ids, anchor).map((id) => `#${id}`);
  const forms = "sections are #sec-<section id>, subheadings #sec-<section id>--<heading-slug>";
  return `Link to an id that exists in this edition, such as ${near.join(", ")} (${forms}).`;
}

/** Links written in the sections, each at the line that wrote it; `targets` collects every anchor seen. */
function contentLinks(p: PreparedEdition, ids: ReadonlySet<string>, targets: Set<string>): BrokenLink[] {
  const out: BrokenLink[] = [];
  for (const s of p.sections) {
    const section = s.merged.section;
    visit(s.tree, "element", (node: Element) => {
      const href = node.properties.href;
      if (node.tagName !== "a" || typeof href !== "string" || !href.startsWith("#") || href === "#") return;
      const anchor = anchorOf(href);
      targets.add(anchor);
      if (ids.has(anchor)) return;
      const line = (node.position?.start.line ?? 1) + section.bodyLine - 1;
      const at = locateInSource(section, line, new RegExp(`\\[[^\\]]*\\]\\(${literal(href)}[)\\s]`));
      out.push({ at, anchor, hint: hintFor(ids, anchor) });
    });
  }
  return out;
}

/** Links the layout templates make (contents, citations, back-links), reported at the layout file. */
function templateLinks(p: PreparedEdition, ids: ReadonlySet<string>, fromContent: ReadonlySet<string>): BrokenLink[] {
  const at = { file: p.edition.audience.templates.layout.file, line: 0, column: 0 };
  return [...p.laidOut.html.matchAll(/\shref="#([^"]*)"/g)]
    .map((m) => anchorOf(`#${decodeEntities(m[1] ?? "")}`))
    .filter((anchor) => anchor !== "" && !ids.has(anchor) && !fromContent.has(anchor))
    .map((anchor) => ({ at, anchor, hint: HINT_TEMPLATE }));
}

/** Broken in-document links, one diagnostic per place (naming the editions). */
export function checkLinks(prepared: readonly PreparedEdition[]): Diagnostic[] {
  const found = new Map<string, BrokenLink & { editions: string[] }>();
  for (const p of prepared) {
    const ids = idsOf(p.laidOut.html);
    const fromContent = new Set<string>();
    for (const link of [...contentLinks(p, ids, fromContent), ...templateLinks(p, ids, fromContent)]) {
      const key = `${link.at.file}:${link.at.line}:${link.at.column}:${link.anchor}`;
      const entry = found.get(key) ?? { ...link, editions: [] };
      entry.editions.push(p.edition.name);
      found.set(key, entry);
    }
  }
  return [...found.values()].map((f) => {
    const where = `${f.editions.length > 1 ? "editions" : "edition"} ${f.editions.join(", ")}`;
    return diagnostic({
      rule: "links/broken-anchor",
      at: f.at,
      message: `link to "#${f.anchor}" goes nowhere in ${where}`,
      hint: f.hint,
    });
  });
}
