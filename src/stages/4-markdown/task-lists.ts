import type { Element, Root } from "hast";
import { visit } from "unist-util-visit";

/**
 * GFM task lists (`- [x] done`) as printed text, never form fields:
 * remark-gfm writes a disabled `<input type="checkbox">` per item, which
 * Chromium tags as an empty `Form` (no widget in a printed PDF, a poppler
 * warning) and axe reports as a field without a label. Each box becomes a
 * `span.task-mark` holding a check mark character (▣ done, □ to do, both
 * in the bundled Noto Sans SC) with `role="img"` and the state in words
 * as its accessible name, so a screen reader says "done" or "to do"
 * rather than the character's name.
 */

/** The mark and its words for a done and an open task. */
export const TASK_MARKS = {
  done: { mark: "\u25a3", label: "done" },
  open: { mark: "\u25A1", label: "to do" },
} as const;

const isCheckbox = (e: Element): boolean => e.tagName === "input" && e.properties.type === "checkbox";

/** Replace every task-list checkbox in `tree` by its printed mark (in place). */
export function printTaskMarks(tree: Root): void {
  visit(tree, "element", (node, index, parent) => {
    if (!isCheckbox(node) || !parent || index === undefined) return;
    const state = node.properties.checked === true ? TASK_MARKS.done : TASK_MARKS.open;
    const mark: Element = {
      type: "element",
      tagName: "span",
      properties: { className: ["task-mark"], role: "img", ariaLabel: state.label },
      children: [{ type: "text", value: state.mark }],
    };
    parent.children[index] = mark;
  });
}
