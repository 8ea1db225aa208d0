import type { RuleMeta } from "./rules.js";

/**
 * Rules that say what would otherwise be left out without a word: a
 * section no `sections:` list prints, a file in `sections/` that is not
 * read, and text in angle brackets that is not HTML. Kept beside the main
 * catalogue (rules.ts spreads them into `RULES`).
 */

const warning = (title: string, hint: string, docs: string): RuleMeta => ({
  severity: "warning",
  kind: "content",
  title,
  hint,
  docs,
});

/** Rule ids for content that would otherwise be dropped silently. */
export const SILENT_RULES = {
  "edition/section-left-out": warning(
    "a section meant for every edition that an edition's sections: list leaves out",
    "Add the section's id to the sections: list, or give the section audiences: naming the editions that print it.",
    "A section without `audiences:` is meant for every edition. An edition with its own `sections:` list in brief.yaml prints only what that list names, so a section written later, or left off by mistake, would be missing from that edition without a word. The warning names the section and the list that leaves it out, and says when no edition prints it at all. To leave it out on purpose, say so in the section: `audiences: [journalist]` names the editions it is for.",
  ),
  "section/unread-file": warning(
    "a file in a brief's sections/ folder that is not read",
    "Rename it to end in .md to print it, or move it out of sections/.",
    "Only files ending in `.md` in `sections/` are sections. Any other file there (`50-reporting.markdown`, `notes.txt`) is not read, so a section saved with another extension would be missing from every edition without a word. The warning names the file; rename it to `.md`, or keep notes outside `sections/`. Hidden files (starting with a dot) are not reported.",
  ),
  "markdown/angle-text": warning(
    "text in angle brackets that is not an HTML tag, kept as text",
    "Write \\< before the text to say the brackets are meant as text, and the warning goes.",
    'Markdown reads `<word …>` as an HTML tag, and raw HTML is removed from editions, so "Emotion recognition <in workplaces> is banned." would print without the words in brackets. When the name after `<` is not an HTML element (checked against the list of HTML tag names), the brackets and their words are kept as text and this warning says so. Escape the bracket (`\\<in workplaces>`) to mark it as text on purpose. A real tag (`<b>`, `<span>`) is raw HTML: see `markdown/raw-html`.',
  ),
} as const satisfies Record<string, RuleMeta>;
