import type { Element, ElementContent, Root } from "hast";
import { visit } from "unist-util-visit";
import { textOf } from "../../lib/hast.js";

/**
 * Footnotes as endnotes: one "Notes" list per edition, numbered in reading
 * order across its sections. The markdown stage left each section's notes in
 * a trailing `div[data-notes]` and each reference as an empty
 * `a.fn-ref[data-note]` (4-markdown/notes.ts, whatever produced the mdast
 * footnote nodes). Here a note gets its number at its first reference, every
 * reference becomes a superscript link to `#fn-<n>` (`role="doc-noteref"`),
 * and each note links back to every reference (`role="doc-backlink"`).
 * Labels are per section, so two sections may both use `[^1]`; a link
 * written `[see the note](#fn-<label>)` is pointed at its section's note.
 *
 * Endnotes rather than page-foot notes: Chromium's print has no float to the
 * page foot (CSS `float: footnote` is not implemented), so a foot note would
 * need measuring passes that break with every reflow; an endnote list prints
 * the same every time and reads in order in the PDF's structure tree.
 */

/** One note of the edition's Notes list. */
export interface Endnote {
  readonly n: number;
  /** The list item's id, `fn-<n>`. */
  readonly id: string;
  /** The note's blocks, as written (citations still placeholders). */
  readonly content: ElementContent[];
  /** Ids of the references that point here, in order. */
  readonly backrefs: string[];
}

const isElement = (n: unknown, tag: string): n is Element =>
  typeof n === "object" && n !== null && (n as Element).type === "element" && (n as Element).tagName === tag;

const hasClass = (e: Element, name: string): boolean =>
  Array.isArray(e.properties.className) && e.properties.className.includes(name);

/** Mutable numbering shared by every section of one edition. */
export class EndnoteNumbering {
  readonly notes: Endnote[] = [];
  private readonly byKey = new Map<string, Endnote>();

  /** Take `tree`'s notes out, number its references (and those inside its notes) and retarget its `#fn-<label>` links. */
  numberSection(tree: Root, sectionId: string): void {
    const defs = new Map<string, ElementContent[]>();
    tree.children = tree.children.filter((c) => {
      if (!isElement(c, "div") || c.properties.dataNotes === undefined) return true;
      for (const d of c.children)
        if (isElement(d, "div") && typeof d.properties.dataNote === "string")
          defs.set(
            d.properties.dataNote,
            d.children.filter((k) => k.type !== "text" || k.value.trim() !== ""),
          );
      return false;
    });
    const created: Endnote[] = [];
    const number = (root: Root | Element): void =>
      visit(root, "element", (node, index, parent) => {
        const id = node.properties.dataNote;
        if (!parent || index === undefined || !hasClass(node, "fn-ref") || typeof id !== "string") return;
        const note = this.note(`${sectionId}\u0000${id}`, defs.get(id) ?? [], created);
        parent.children[index] = this.reference(note);
      });
    number(tree);
    // A note may refer to another note: number those too, in the order the notes were met.
    for (let i = 0; i < created.length; i++) {
      const note = created[i];
      if (note) number({ type: "element", tagName: "div", properties: {}, children: note.content });
    }
    visit(tree, "element", (node) => {
      const href = node.properties.href;
      if (node.tagName !== "a" || typeof href !== "string" || !href.startsWith("#fn-")) return;
      const note = this.byKey.get(`${sectionId}\u0000${href.slice(4).toLowerCase()}`);
      if (note) node.properties.href = `#${note.id}`;
    });
  }

  private note(key: string, content: ElementContent[], created: Endnote[]): Endnote {
    let note = this.byKey.get(key);
    if (!note) {
      const n = this.notes.length + 1;
      note = { n, id: `fn-${n}`, content, backrefs: [] };
      this.notes.push(note);
      this.byKey.set(key, note);
      created.push(note);
    }
    return note;
  }

  /** The superscript link for one reference to `note`. */
  private reference(note: Endnote): Element {
    const anchor = note.backrefs.length === 0 ? `fnref-${note.n}` : `fnref-${note.n}-${note.backrefs.length + 1}`;
    note.backrefs.push(anchor);
    return {
      type: "element",
      tagName: "sup",
      properties: { className: ["fn"] },
      children: [
        {
          type: "element",
          tagName: "a",
          properties: { id: anchor, href: `#${note.id}`, role: "doc-noteref" },
          children: [{ type: "text", value: String(note.n) }],
        },
      ],
    };
  }

  /** What each note and each reference says in a few words, by id, for the PDF's link descriptions. */
  targets(): Map<string, string> {
    const out = new Map<string, string>();
    for (const note of this.notes) {
      out.set(note.id, `Note ${note.n}: ${firstWords(note)}`);
      for (const b of note.backrefs) out.set(b, `Back to the reference to note ${note.n}`);
    }
    return out;
  }

  /** The Notes list (`section[role=doc-endnotes]`), or undefined when the edition has no notes. */
  list(): Element | undefined {
    if (this.notes.length === 0) return undefined;
    const items = this.notes.map((note): Element => {
      const back = note.backrefs.flatMap((b, i): ElementContent[] => [
        { type: "text", value: " " },
        {
          type: "element",
          tagName: "a",
          properties: {
            href: `#${b}`,
            role: "doc-backlink",
            ariaLabel: `Back to reference ${i + 1} to note ${note.n}`,
          },
          children: [{ type: "text", value: note.backrefs.length > 1 ? `↑${i + 1}` : "↑" }],
        },
      ]);
      const content = structuredClone(note.content);
      const last = content[content.length - 1];
      if (isElement(last, "p")) last.children.push(...back);
      else content.push({ type: "element", tagName: "p", properties: { className: ["backrefs"] }, children: back });
      return { type: "element", tagName: "li", properties: { id: note.id }, children: content };
    });
    return {
      type: "element",
      tagName: "section",
      properties: { className: ["endnotes"], id: "endnotes", role: "doc-endnotes", ariaLabelledBy: ["endnotes-title"] },
      children: [
        {
          type: "element",
          tagName: "h2",
          properties: { id: "endnotes-title" },
          children: [{ type: "text", value: "Notes" }],
        },
        { type: "element", tagName: "ol", properties: { className: ["endnotes-list"] }, children: items },
      ],
    };
  }
}

/** The first words of a note, for a link's description. */
function firstWords(note: Endnote): string {
  const words = textOf({ type: "root", children: note.content }, { skipCitations: true }).trim().split(/\s+/);
  return words.length > 12 ? `${words.slice(0, 12).join(" ")}…` : words.join(" ");
}
