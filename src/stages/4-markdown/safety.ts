import path from "node:path";
import type { Nodes, Parents } from "mdast";
import { SKIP, visit, type VisitorResult } from "unist-util-visit";
import { diagnostic, type Diagnostic, type Location } from "../../diagnostics/index.js";
import type { ImageRef, Section } from "../../model.js";
import { firstBracketed, isAngleText } from "./angle-text.js";
import { htmlParagraphs } from "./html-text.js";

/**
 * What Markdown may put on the page. Content is data, not code: raw HTML is
 * dropped, links must be http(s), mailto or in-document anchors, images must
 * be local files inside the brief with alt text (or empty alt text, `![](src)`,
 * for a decorative one), and headings inside a
 * section start at level 3 without skipping. Each removal is reported where
 * it was written.
 */

const SAFE_LINK = /^(https?:|mailto:|#)/i;

/** A URL's path with percent-escapes decoded; undefined when an escape is malformed. */
function decodedPath(url: string): string | undefined {
  try {
    return decodeURIComponent(url);
  } catch {
    return undefined;
  }
}

/** Walks one section's mdast, cleaning it in place and recording what it found. */
class MdastChecker {
  readonly images: ImageRef[] = [];
  readonly diagnostics: Diagnostic[] = [];
  private lastDepth = 2;
  private readonly htmlLines = new Set<number>();

  constructor(
    private readonly section: Section,
    private readonly lineOffset: number,
    private readonly imageBase: string,
  ) {}

  where(n: Nodes): Location {
    return {
      file: this.section.file,
      line: (n.position?.start.line ?? 1) + this.lineOffset,
      column: n.position?.start.column ?? 1,
    };
  }

  /**
   * Raw HTML loses its markup but keeps its words: a block becomes plain
   * paragraphs of its text (never code: script and the like go whole);
   * inline tags go, and the text between them, already outside the tags,
   * stays. One warning per line (inline HTML arrives as one node per tag).
   */
  html(node: Nodes & { type: "html" }, index: number | undefined, parent: Parents | undefined): VisitorResult {
    const at = this.where(node);
    const block = parent?.type === "root" || parent?.type === "blockquote" || parent?.type === "listItem";
    if (isAngleText(node.value)) return this.angleText(node, block, index, parent);
    const kept = block ? htmlParagraphs(node.value) : [];
    if (!this.htmlLines.has(at.line)) {
      const markup = node.value.replace(/\s+/g, " ").slice(0, 40);
      this.diagnostics.push(
        diagnostic({
          rule: "markdown/raw-html",
          at,
          message: kept.length
            ? `raw HTML markup removed, its text kept as ${kept.length === 1 ? "a paragraph" : `${kept.length} paragraphs`}: ${markup}`
            : `raw HTML removed: ${markup}`,
        }),
      );
    }
    this.htmlLines.add(at.line);
    if (!parent || index === undefined) return undefined;
    const paragraphs = kept.map((value): Nodes & { type: "paragraph" } => ({
      type: "paragraph",
      children: [{ type: "text", value }],
    }));
    (parent.children as Nodes[]).splice(index, 1, ...paragraphs);
    return [SKIP, index + paragraphs.length];
  }

  /** Text in angle brackets that is not HTML stays as written, brackets and all (angle-text.ts). */
  angleText(
    node: Nodes & { type: "html" },
    block: boolean,
    index: number | undefined,
    parent: Parents | undefined,
  ): VisitorResult {
    const shown = firstBracketed(node.value);
    this.diagnostics.push(
      diagnostic({ rule: "markdown/angle-text", at: this.where(node), message: `kept as text, not HTML: ${shown}` }),
    );
    if (!parent || index === undefined) return undefined;
    const text = { type: "text" as const, value: node.value };
    (parent.children as Nodes[]).splice(index, 1, block ? { type: "paragraph", children: [text] } : text);
    return [SKIP, index + 1];
  }

  heading(node: Nodes & { type: "heading" }): void {
    const at = this.where(node);
    if (node.depth <= 2) {
      this.diagnostics.push(
        diagnostic({
          rule: "markdown/heading-level",
          at,
          message: `heading level ${node.depth} inside a section`,
        }),
      );
    } else if (node.depth > this.lastDepth + 1) {
      const next = this.lastDepth + 1;
      const message = `heading level ${node.depth} follows level ${this.lastDepth}, skipping a level`;
      this.diagnostics.push(
        diagnostic({
          rule: "markdown/heading-skip",
          at,
          message,
          hint: `Use level ${next} (${"#".repeat(next)}) here.`,
        }),
      );
    }
    this.lastDepth = node.depth;
  }

  /** An unsafe link keeps its text and loses its target. */
  link(
    node: Nodes & { type: "link" | "definition" },
    index: number | undefined,
    parent: Parents | undefined,
  ): VisitorResult {
    if (SAFE_LINK.test(node.url)) return undefined;
    this.diagnostics.push(
      diagnostic({
        rule: "markdown/unsafe-link",
        at: this.where(node),
        message: `link to "${node.url.slice(0, 60)}" is not allowed`,
      }),
    );
    if (node.type === "link" && parent && index !== undefined) {
      parent.children.splice(index, 1, ...node.children);
      return [SKIP, index];
    }
    node.url = "#";
    return undefined;
  }

  image(node: Nodes & { type: "image" | "imageReference" }): void {
    const title = node.type === "image" ? (node.title ?? "").trim() : "";
    if (!node.alt && !title) {
      // `![](src)`: the CommonMark and WCAG way to mark an image decorative (alt="", an artifact in the PDF).
      this.diagnostics.push(
        diagnostic({
          rule: "markdown/image-decorative",
          at: this.where(node),
          message: "image has empty alt text: treated as decorative (not read aloud, an artifact in the PDF)",
        }),
      );
    } else if ((node.alt ?? "").trim() === "" && !title) {
      this.diagnostics.push(
        diagnostic({
          rule: "markdown/image-alt",
          at: this.where(node),
          message: "image alt text is only white space",
        }),
      );
    }
    if (node.type !== "image") return;
    // Percent-escapes are decoded before the check: the browser would decode `%2e%2e/` into `../`.
    const url = decodedPath(node.url);
    const local =
      url !== undefined &&
      !/^[a-z][a-z0-9+.-]*:/i.test(url) &&
      !url.startsWith("//") &&
      !path.posix.isAbsolute(url) &&
      !/[\\\0]/u.test(url);
    const normal = path.posix.normalize(url ?? "");
    if (!local || normal.startsWith("..")) {
      this.diagnostics.push(
        diagnostic({
          rule: "markdown/remote-image",
          at: this.where(node),
          message: `image "${node.url.slice(0, 60)}" is not a file inside the brief`,
        }),
      );
      node.url = "";
      return;
    }
    this.images.push({ path: normal, ...this.where(node) });
    node.url = `${this.imageBase}${normal}`;
  }
}

/** Check and clean an mdast tree in place; returns the local images it uses and what was wrong. */
export function checkMdast(
  tree: Nodes,
  section: Section,
  lineOffset: number,
  imageBase: string,
): { images: ImageRef[]; diagnostics: Diagnostic[] } {
  const c = new MdastChecker(section, lineOffset, imageBase);
  visit(tree, (node, index, parent: Parents | undefined): VisitorResult => {
    if (node.type === "html") return c.html(node, index, parent);
    if (node.type === "heading") c.heading(node);
    if (node.type === "link" || node.type === "definition") {
      const r = c.link(node, index, parent);
      if (r !== undefined) return r;
    }
    if (node.type === "image" || node.type === "imageReference") c.image(node);
    return undefined;
  });
  return { images: c.images, diagnostics: c.diagnostics };
}
