import type { Element, Root } from "hast";
import { visit } from "unist-util-visit";
import { diagnostic, type Diagnostic } from "../../diagnostics/index.js";
import { textOf } from "../../lib/hast.js";
import { closest, didYouMean } from "../../lib/suggest.js";
import type { Section } from "../../model.js";

/**
 * Numbering and cross-references, per edition: every captioned table is
 * "Table <n>" and every captioned figure "Figure <n>" (charts count as
 * figures), in reading order across the sections. The number is printed
 * at the start of the caption (`span.caption-label`); `@tbl-id` / `@fig-id`
 * links (4-markdown/captions.ts) get the label as their text; an unknown id
 * is an error at the reference, with the closest ids suggested. Also checks
 * every other `#anchor` link the sections wrote against the ids of the
 * finished document (`checkAnchors`).
 */

/** A section's tree with the section it came from. */
export interface SectionTree {
  readonly tree: Root;
  readonly section: Section;
}

const hasClass = (e: Element, name: string): boolean =>
  Array.isArray(e.properties.className) && e.properties.className.includes(name);

const childTag = (e: Element, tag: string): Element | undefined =>
  e.children.find((c): c is Element => c.type === "element" && c.tagName === tag);

/** Where a link written in a section was written: its line, and the column of `pattern` on it when found. */
function at(s: SectionTree, node: Element, pattern: string): { file: string; line: number; column: number } {
  const line = (node.position?.start.line ?? 1) + s.section.bodyLine - 1;
  const text = s.section.body.split("\n")[line - s.section.bodyLine] ?? "";
  const found = text.indexOf(pattern);
  // A link is reported at its opening bracket.
  const column = found >= 0 && pattern.startsWith("](") ? text.lastIndexOf("[", found) : found;
  return { file: s.section.file, line, column: column >= 0 ? column + 1 : (node.position?.start.column ?? 1) };
}

/** Number the captioned tables and figures of an edition and fill its cross-references (in place). */
export function numberCaptions(sections: readonly SectionTree[]): {
  targets: Map<string, string>;
  diagnostics: Diagnostic[];
} {
  const targets = new Map<string, string>();
  const labels = new Map<string, { id: string; label: string }>();
  const count = { table: 0, figure: 0 };
  for (const { tree } of sections)
    visit(tree, "element", (node) => {
      const kind = node.tagName === "table" ? "table" : node.tagName === "figure" ? "figure" : undefined;
      const caption = kind && childTag(node, kind === "table" ? "caption" : "figcaption");
      if (!kind || !caption) return;
      const label = `${kind === "table" ? "Table" : "Figure"} ${++count[kind]}`;
      const words = textOf(caption, { skipCitations: true }).trim();
      caption.children.unshift(
        {
          type: "element",
          tagName: "span",
          properties: { className: ["caption-label"] },
          children: [{ type: "text", value: `${label}:` }],
        },
        { type: "text", value: " " },
      );
      const id = node.properties.id;
      if (typeof id !== "string") return;
      targets.set(id, `${label}: ${words}`);
      labels.set(id, { id, label });
      if (hasClass(node, "chart") && id.startsWith("chart-")) labels.set(`fig-${id.slice(6)}`, { id, label });
    });
  const diagnostics: Diagnostic[] = [];
  for (const s of sections)
    visit(s.tree, "element", (node) => {
      const wanted = node.properties.dataXref;
      if (node.tagName !== "a" || typeof wanted !== "string") return;
      delete node.properties.dataXref;
      const found = labels.get(wanted);
      if (found) {
        node.properties.href = `#${found.id}`;
        node.children = [{ type: "text", value: found.label }];
        return;
      }
      const prefix = wanted.slice(0, 4);
      const known = [...labels.keys()].filter((k) => k.startsWith(prefix));
      diagnostics.push(
        diagnostic({
          rule: "markdown/xref-unknown",
          at: at(s, node, `@${wanted}`),
          message: `cross-reference @${wanted}: no ${prefix === "tbl-" ? "table" : "figure"} in this edition has that id`,
          hint: didYouMean(wanted, known, `@ with one of the ${prefix === "tbl-" ? "table" : "figure"} ids`),
        }),
      );
      node.children = [{ type: "text", value: `@${wanted}` }];
    });
  return { targets, diagnostics };
}

/** Ids a reader never links to by hand (citation and note back-links, Chromium-only ids). */
const GENERATED = /^(cite-|fnref-|node\d)/;

/** Every `#anchor` link the sections wrote must land on an id of the finished document; else an error with the nearest ids. */
export function checkAnchors(sections: readonly SectionTree[], ids: ReadonlySet<string>): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const candidates = [...ids].filter((id) => !GENERATED.test(id));
  for (const s of sections)
    visit(s.tree, "element", (node) => {
      const href = node.properties.href;
      if (node.tagName !== "a" || typeof href !== "string" || !href.startsWith("#") || href === "#") return;
      if (hasClass(node, "xref") && node.children.some((c) => c.type === "text" && c.value.startsWith("@"))) return;
      let anchor = href.slice(1);
      try {
        anchor = decodeURIComponent(anchor);
      } catch {
        // keep it as written
      }
      if (ids.has(anchor)) return;
      const near = closest(anchor, candidates).map((id) => `"#${id}"`);
      diagnostics.push(
        diagnostic({
          rule: "links/broken-anchor",
          at: at(s, node, `](${href}`),
          message: `link to "#${anchor}" goes nowhere in this edition`,
          hint: `${near.length ? `Did you mean ${near.join(" or ")}? ` : ""}Link to an id this edition prints: sections are #sec-<section id>, subheadings #sec-<section id>--<heading-slug>, tables and figures the {#tbl-…} / {#fig-…} id of their caption, charts #chart-<chart id>, notes #fn-<label>.`,
        }),
      );
    });
  return diagnostics;
}
