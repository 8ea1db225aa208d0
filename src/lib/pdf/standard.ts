/**
 * The standard structure types of PDF 1.7 (ISO 32000-1 14.8.4, Tables
 * 333–340): the only types a PDF/UA-1 reader must understand. Any other type
 * must be role-mapped to one of these (ISO 14289-1 7.1; Matterhorn 02-001).
 */
export const STANDARD_TYPES: ReadonlySet<string> = new Set([
  // Grouping (Table 333)
  "Document",
  "Part",
  "Art",
  "Sect",
  "Div",
  "BlockQuote",
  "Caption",
  "TOC",
  "TOCI",
  "Index",
  "NonStruct",
  "Private",
  // Block-level (Tables 334–337)
  "H",
  "H1",
  "H2",
  "H3",
  "H4",
  "H5",
  "H6",
  "P",
  "L",
  "LI",
  "Lbl",
  "LBody",
  "Table",
  "TR",
  "TH",
  "TD",
  "THead",
  "TBody",
  "TFoot",
  // Inline-level (Tables 338–339)
  "Span",
  "Quote",
  "Note",
  "Reference",
  "BibEntry",
  "Code",
  "Link",
  "Annot",
  "Ruby",
  "RB",
  "RT",
  "RP",
  "Warichu",
  "WT",
  "WP",
  // Illustrations (Table 340)
  "Figure",
  "Formula",
  "Form",
]);

/**
 * The standard type a structure type stands for: itself when standard,
 * else what the RoleMap maps it to (following chains); undefined when the
 * mapping does not end in a standard type or loops.
 */
export function standardType(type: string, roleMap: ReadonlyMap<string, string>): string | undefined {
  const seen = new Set<string>();
  let t: string | undefined = type;
  while (t !== undefined && !STANDARD_TYPES.has(t)) {
    if (seen.has(t)) return undefined;
    seen.add(t);
    t = roleMap.get(t);
  }
  return t;
}
