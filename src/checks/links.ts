import type { Element } from "hast";
import { visit } from "unist-util-visit";
import { diagnostic, type Diagnostic, type Location } from "../diagnostics/index.js";
import type { PreparedEdition } from "../model.js";

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

/** One broken link in one edition. */
interface BrokenLink {
  readonly at: Location;
  readonly anchor: string;
  readonly hint: string;
}

const HINT_TEMPLATE = "A template links to an id the layout never writes; check the partials' href and id attributes.";

/**
 * The anchors the sections link to. Those links themselves are checked when
 * the edition is laid out (5-layout/printed.ts, on the trees after figure,
 * table and note ids are resolved), which `brief check` runs too; checked
 * again here, on the trees as written, `#fig-…` and `#fn-<label>` were
 * reported as broken although the build accepted them.
 */
function contentAnchors(p: PreparedEdition): Set<string> {
  const out = new Set<string>();
  for (const s of p.sections)
    visit(s.tree, "element", (node: Element) => {
      const href = node.properties.href;
      if (node.tagName === "a" && typeof href === "string" && href.startsWith("#") && href !== "#")
        out.add(anchorOf(href));
    });
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
    for (const link of templateLinks(p, ids, contentAnchors(p))) {
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
