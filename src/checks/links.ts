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

/** Broken in-document links, one diagnostic per place (naming the editions). */
export function checkLinks(prepared: readonly PreparedEdition[]): Diagnostic[] {
  const found = new Map<
    string,
    { at: Location; anchor: string; hint: string; editions: string[] }
  >();
  const add = (at: Location, anchor: string, hint: string, edition: string): void => {
    const key = `${at.file}:${at.line}:${at.column}:${anchor}`;
    const entry = found.get(key) ?? { at, anchor, hint, editions: [] };
    entry.editions.push(edition);
    found.set(key, entry);
  };
  for (const p of prepared) {
    const ids = idsOf(p.laidOut.html);
    const fromContent = new Set<string>();
    for (const s of p.sections) {
      const section = s.merged.section;
      visit(s.tree, "element", (node: Element) => {
        const href = node.properties.href;
        if (
          node.tagName !== "a" ||
          typeof href !== "string" ||
          !href.startsWith("#") ||
          href === "#"
        )
          return;
        const anchor = anchorOf(href);
        fromContent.add(anchor);
        if (ids.has(anchor)) return;
        const line = (node.position?.start.line ?? 1) + section.bodyLine - 1;
        const hint = `Link to an id that exists in this edition, such as ${nearest(ids, anchor)
          .map((id) => `#${id}`)
          .join(
            ", ",
          )} (sections are #sec-<section id>, subheadings #sec-<section id>--<heading-slug>).`;
        add(
          locateInSource(section, line, new RegExp(`\\[[^\\]]*\\]\\(${literal(href)}[)\\s]`)),
          anchor,
          hint,
          p.edition.name,
        );
      });
    }
    for (const m of p.laidOut.html.matchAll(/\shref="#([^"]*)"/g)) {
      const anchor = anchorOf(`#${decodeEntities(m[1] ?? "")}`);
      if (anchor === "" || ids.has(anchor) || fromContent.has(anchor)) continue;
      add(
        { file: p.edition.audience.templates.layout.file, line: 0, column: 0 },
        anchor,
        "A template links to an id the layout never writes; check the partials' href and id attributes.",
        p.edition.name,
      );
    }
  }
  return [...found.values()].map((f) =>
    diagnostic({
      rule: "links/broken-anchor",
      at: f.at,
      message: `link to "#${f.anchor}" goes nowhere in ${f.editions.length > 1 ? "editions" : "edition"} ${f.editions.join(", ")}`,
      hint: f.hint,
    }),
  );
}
