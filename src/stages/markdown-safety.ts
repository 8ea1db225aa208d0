import path from "node:path";
import type { Nodes, Parents } from "mdast";
import { SKIP, visit } from "unist-util-visit";
import { diagnostic, type Diagnostic } from "../diagnostics/index.js";
import type { Section } from "../model.js";

/**
 * What Markdown may put on the page. Content is data, not code: raw HTML is
 * dropped, links must be http(s), mailto or in-document anchors, images must
 * be local files inside the brief with alt text. Each removal is reported
 * where it was written.
 */

/** A local image a section uses. */
export interface ImageRef {
  /** Path inside the brief folder, e.g. `images/chart.png`. */
  readonly path: string;
  readonly file: string;
  readonly line: number;
  readonly column: number;
}

const SAFE_LINK = /^(https?:|mailto:|#)/i;

/** Check and clean an mdast tree in place; returns the local images it uses. */
export function checkMdast(tree: Nodes, section: Section, lineOffset: number, out: Diagnostic[], imageBase: string): ImageRef[] {
  const images: ImageRef[] = [];
  const where = (n: Nodes): { file: string; line: number; column: number } => ({
    file: section.file,
    line: (n.position?.start.line ?? 1) + lineOffset,
    column: n.position?.start.column ?? 1,
  });
  let lastDepth = 2;
  const htmlLines = new Set<number>();
  visit(tree, (node, index, parent: Parents | undefined) => {
    if (node.type === "html") {
      const snippet = node.value.replace(/\s+/g, " ").slice(0, 40);
      const w = where(node);
      // Inline HTML arrives as one node per tag; one warning per line is enough.
      if (!htmlLines.has(w.line)) out.push(diagnostic(w, "warning", "markdown/raw-html", `raw HTML removed: ${snippet}`, "Write Markdown instead; HTML in content is never passed to the page."));
      htmlLines.add(w.line);
      if (parent && index !== undefined) {
        parent.children.splice(index, 1);
        return [SKIP, index];
      }
    }
    if (node.type === "heading") {
      if (node.depth <= 2) {
        out.push(diagnostic(where(node), "error", "markdown/heading-level", `heading level ${node.depth} inside a section`, "The section title is level 2; start subheadings at ### (level 3)."));
      } else if (node.depth > lastDepth + 1) {
        out.push(diagnostic(where(node), "error", "markdown/heading-skip", `heading level ${node.depth} follows level ${lastDepth}, skipping a level`, `Use level ${lastDepth + 1} (${"#".repeat(lastDepth + 1)}) here.`));
      }
      lastDepth = node.depth;
    }
    if (node.type === "link" || node.type === "definition") {
      if (!SAFE_LINK.test(node.url)) {
        out.push(diagnostic(where(node), "error", "markdown/unsafe-link", `link to "${node.url.slice(0, 60)}" is not allowed`, "Links must be http(s), mailto or #anchors inside the brief."));
        if (node.type === "link" && parent && index !== undefined) {
          parent.children.splice(index, 1, ...node.children);
          return [SKIP, index];
        }
        node.url = "#";
      }
    }
    if (node.type === "image" || node.type === "imageReference") {
      if (!node.alt || node.alt.trim() === "") {
        out.push(diagnostic(where(node), "error", "markdown/image-alt", "image has no alt text", "Write ![what the image shows](path): every figure needs alt text."));
      }
      if (node.type === "image") {
        const url = node.url;
        const local = !/^[a-z][a-z0-9+.-]*:/i.test(url) && !url.startsWith("//") && !path.posix.isAbsolute(url);
        const normal = path.posix.normalize(url);
        if (!local || normal.startsWith("..")) {
          out.push(diagnostic(where(node), "error", "markdown/remote-image", `image "${url.slice(0, 60)}" is not a file inside the brief`, "Put the image in the brief's images/ folder and refer to it by a relative path."));
          node.url = "";
        } else {
          const w = where(node);
          images.push({ path: normal, ...w });
          node.url = `${imageBase}${normal}`;
        }
      }
    }
    return undefined;
  });
  return images;
}
