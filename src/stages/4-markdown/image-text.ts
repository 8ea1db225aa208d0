import type { Root } from "hast";
import { visit } from "unist-util-visit";

/**
 * What an image says to assistive technology. A title
 * (`![A chart](x.png "Source: OECD")`) is a tooltip on screen and nothing
 * in print, so it is appended to the alternative text ("A chart. Source:
 * OECD"), which both the HTML and the PDF's Figure `/Alt` carry; the
 * `title` attribute goes, so the HTML does not announce it twice. An
 * image whose alt text is empty stays `alt=""`: decorative, shown but not
 * read; Chromium prints it as a Layout artifact, outside the structure
 * tree (the markdown checks report it as such, at its line).
 */

/** Fold each image's title into its alt text (in place). */
export function foldImageTitles(tree: Root): void {
  visit(tree, "element", (node) => {
    if (node.tagName !== "img") return;
    const title = typeof node.properties.title === "string" ? node.properties.title.trim() : "";
    const alt = typeof node.properties.alt === "string" ? node.properties.alt.trim() : "";
    delete node.properties.title;
    if (!title) {
      node.properties.alt = alt;
      return;
    }
    node.properties.alt = alt ? `${/[.!?:]$/.test(alt) ? alt : `${alt}.`} ${title}` : title;
  });
}
