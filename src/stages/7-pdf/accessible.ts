import type { PDFDocument, PDFObject } from "pdf-lib";
import { ParentTree } from "../../lib/pdf/parent-tree.js";
import { readStructTree, refreshed } from "../../lib/pdf/structure.js";
import { markDecoration, pageKey } from "./decoration.js";
import { fixDefinitionLists, type DefinitionEntry } from "./definitions.js";
import { markDeletions } from "./deletions.js";
import { elementText } from "../../lib/pdf/element-text.js";
import { fixFigures } from "./figures.js";
import { markLanguages, type Passage } from "./languages.js";
import { fixLists } from "./lists.js";
import { describeLinks, tagLinks, type Targets } from "./links.js";
import { markNotes } from "./notes.js";
import { applyRoleMap } from "./roles.js";
import { restoreEmptyCells } from "./table-cells.js";
import type { TableShape } from "../5-layout/table-shape.js";

/**
 * PDF/UA-1 post-processing of Chromium's tagged PDF, in order: role-map the
 * PDF 2.0 types, make decoration and page furniture artifacts, give lists
 * their label-and-body shape, put links in Link elements and describe them,
 * make each endnote's body a Note with an /ID, make grouping figures Divs,
 * give definition lists the list shape and deletions their meaning, and
 * mark passages in another language. Each
 * step is a module of its own; this one only runs them and reports what
 * it could not do (the build turns that into errors, and the checker
 * verifies the result independently).
 */

/** What the HTML knows that the PDF needs. */
export interface AccessibilityInputs {
  /** Descriptions of in-document link targets, by id. */
  readonly targets: Targets;
  /** Passages in another language than the document's. */
  readonly passages: readonly Passage[];
  /** Definition lists and deletions, whose meaning Chromium's tags lose (definitions.ts, deletions.ts). */
  readonly constructs?: {
    readonly definitionLists: readonly (readonly DefinitionEntry[])[];
    readonly deletions: readonly string[];
  };
  /** The shape of each table in the HTML, in order (where its empty cells are). */
  readonly tables?: readonly TableShape[];
  /** The 1-based page a destination points to, for links without a described target. */
  readonly pageOf: (dest: PDFObject) => number | undefined;
}

/** What the post-processing did, and what it could not do. */
export interface AccessibilityReport {
  readonly artifacts: number;
  readonly retagged: number;
  /** Passages whose element was not found (they keep the document's language). */
  readonly unmatched: readonly Passage[];
  /** Link annotations that could not be described. */
  readonly undescribed: readonly string[];
  /** Definition lists (by their first entry) and deletions whose element was not found. */
  readonly unfound?: readonly string[];
  /** Set when the PDF has no structure tree at all (it was not printed tagged). */
  readonly untagged: boolean;
}

/** Make a Chromium-tagged PDF conform to PDF/UA-1 (in place, on the parsed document; a page at a time, see turn.ts). */
export async function makeAccessible(doc: PDFDocument, inputs: AccessibilityInputs): Promise<AccessibilityReport> {
  const first = readStructTree(doc);
  if (!first) return { artifacts: 0, retagged: 0, unmatched: inputs.passages, undescribed: [], untagged: true };
  const parents = new ParentTree(doc, first.root);
  const roles = applyRoleMap(doc, first);
  const deco = await markDecoration(doc, first, parents, roles);
  const tree = refreshed(first);
  let retagged = fixLists(doc, tree, parents, roles);
  retagged += tagLinks(doc, tree, parents, roles);
  retagged += markNotes(doc, refreshed(tree), parents, roles);
  retagged += fixFigures(tree, roles);
  retagged += restoreEmptyCells(doc, refreshed(tree), inputs.tables ?? [], roles);
  const undescribed = describeLinks(doc, inputs.targets, inputs.pageOf);
  const unfound: string[] = [];
  if (inputs.constructs) {
    const text = elementText((page, mcid) => deco.text.get(pageKey(page))?.get(mcid) ?? "");
    const lists = inputs.constructs.definitionLists;
    const found = fixDefinitionLists(doc, refreshed(tree), lists, text, roles);
    retagged += found;
    if (found < lists.length) unfound.push(`${lists.length - found} of ${lists.length} definition lists`);
    unfound.push(...markDeletions(doc, refreshed(tree), inputs.constructs.deletions, text, roles));
  }
  const unmatched = markLanguages(refreshed(tree), deco.text, inputs.passages);
  parents.write();
  return { artifacts: deco.wrapped + deco.remarked, retagged, unmatched, undescribed, unfound, untagged: false };
}
