import { PDFDict, PDFName, type PDFDocument, type PDFPage } from "pdf-lib";
import { readPageContentOnce, type PageContent } from "../../lib/pdf/marked.js";
import { ParentTree } from "../../lib/pdf/parent-tree.js";
import { standardType } from "../../lib/pdf/standard.js";
import { nameOf, readStructTree, typeOf, type StructElem, type StructTree } from "../../lib/pdf/structure.js";
import type { RuleId } from "../../diagnostics/index.js";

/**
 * What every group of PDF/UA conditions reads: the parsed document, its
 * structure tree and role map, each page's interpreted content (read once),
 * and a place to record failures. A group is a function of this context.
 */

/** A PDF/UA rule id. */
export type PdfRule = Extract<RuleId, `pdf/${string}`>;

/** One page, with its content read. */
export interface CheckedPage {
  readonly n: number;
  readonly page: PDFPage;
  readonly content: PageContent;
}

/** The failures of one rule: how many, and the first few, described. */
export interface RuleFailures {
  count: number;
  readonly examples: string[];
}

const EXAMPLES = 3;

/** The shared state of one check. */
export class CheckContext {
  readonly tree: StructTree | undefined;
  readonly roleMap = new Map<string, string>();
  readonly failures = new Map<PdfRule, RuleFailures>();
  readonly checked = new Set<PdfRule>();
  private pageCache: CheckedPage[] | undefined;
  private parentCache: ParentTree | undefined;

  constructor(readonly doc: PDFDocument) {
    this.tree = readStructTree(doc);
    const rm = this.tree?.root.lookup(PDFName.of("RoleMap"));
    if (rm instanceof PDFDict)
      for (const [k, v] of rm.entries()) {
        const to = nameOf(v);
        if (to !== undefined) this.roleMap.set(k.decodeText(), to);
      }
  }

  /** The pages with their content, read on first use. */
  get pages(): CheckedPage[] {
    this.pageCache ??= this.doc.getPages().map((page, i) => ({
      n: i + 1,
      page,
      content: readPageContentOnce(this.doc, page.node),
    }));
    return this.pageCache;
  }

  /** The ParentTree, read on first use (requires a structure tree). */
  get parentTree(): ParentTree | undefined {
    if (!this.tree) return undefined;
    this.parentCache ??= new ParentTree(this.doc, this.tree.root);
    return this.parentCache;
  }

  /** An element's standard type after role mapping, or undefined when it has none. */
  role(e: StructElem): string | undefined {
    return standardType(typeOf(e), this.roleMap);
  }

  /** Say that `rule` was evaluated (it counts in the summary even when nothing failed). */
  check(...rules: PdfRule[]): void {
    for (const r of rules) this.checked.add(r);
  }

  /** Record one failure of `rule` (or `count` failures described by one example). */
  fail(rule: PdfRule, example: string, count = 1): void {
    this.checked.add(rule);
    const f = this.failures.get(rule) ?? { count: 0, examples: [] };
    f.count += count;
    if (f.examples.length < EXAMPLES) f.examples.push(example);
    this.failures.set(rule, f);
  }
}

/** How to name an element in a message: its type, and its page when known. */
export function describe(ctx: CheckContext, e: StructElem): string {
  const t = typeOf(e);
  const role = ctx.role(e);
  return role && role !== t ? `${t} (${role})` : t || "an element without /S";
}
