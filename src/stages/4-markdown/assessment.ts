import type { Element, Root } from "hast";
import { plainText } from "./blocks.js";

/**
 * The brief's own analysis, set apart from sourced fact. A paragraph that
 * starts with a label such as "Our assessment:" becomes a labelled box
 * (`div.assessment`), and a list item that does gets the same label
 * style; the label may be written plain or in bold. A label in the middle
 * of a paragraph is left as written and reported by `brief check`
 * (text/assessment-inline).
 */

/** Labels that open the brief's own analysis or explanation. */
export const ASSESSMENT_LABELS: readonly string[] = ["Our assessment", "Our explanation"];

const LABEL = new RegExp(`^\\s*(${ASSESSMENT_LABELS.join("|")}):\\s*`);

/** The label element: `<strong class="assessment-label">Our assessment:</strong>`. */
function labelNode(label: string): Element {
  return {
    type: "element",
    tagName: "strong",
    properties: { className: ["assessment-label"] },
    children: [{ type: "text", value: `${label}:` }],
  };
}

/** If `block` opens with a label, put it in a label element and say which; else undefined. */
function takeLabel(block: Element): string | undefined {
  const first = block.children[0];
  if (!first) return undefined;
  const m = LABEL.exec(plainText(first));
  if (!m?.[1]) return undefined;
  if (first.type === "text") {
    first.value = ` ${first.value.slice(m[0].length)}`;
    block.children.unshift(labelNode(m[1]));
  } else if (first.type === "element" && first.tagName === "strong" && plainText(first).trim() === `${m[1]}:`) {
    block.children[0] = labelNode(m[1]);
    const next = block.children[1];
    if (next?.type === "text" && !next.value.startsWith(" ")) next.value = ` ${next.value}`;
  } else return undefined;
  return m[1];
}

/** Label every paragraph and list item of `tree` that opens with an assessment label (in place). */
export function markAssessments(tree: Root): void {
  const visitNode = (node: Root | Element): void => {
    node.children.forEach((child, i) => {
      if (child.type !== "element") return;
      if (child.tagName === "p" && takeLabel(child)) {
        node.children[i] = {
          type: "element",
          tagName: "div",
          properties: { className: ["assessment"] },
          children: [child],
        };
        return;
      }
      if (child.tagName === "li") {
        const first = child.children.find((c) => !(c.type === "text" && c.value.trim() === ""));
        const host = first?.type === "element" && first.tagName === "p" ? first : child;
        if (takeLabel(host)) child.properties.className = ["assessment"];
      }
      visitNode(child);
    });
  };
  visitNode(tree);
}
