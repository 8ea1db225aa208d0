import { PDFArray, PDFDict, PDFHexString, PDFName, PDFString, type PDFDocument } from "pdf-lib";

/**
 * Chromium names structure elements after its DOM node ids
 * ("node00000104"), which differ from run to run. Renumber them by rank,
 * which keeps their order (and so the sorted ID tree) but makes the bytes
 * repeatable.
 */
export function renumberNodeIds(doc: PDFDocument): void {
  const found: { holder: PDFDict | PDFArray; key: PDFName | number; value: string }[] = [];
  const seen = new Set<unknown>();
  const walk = (obj: unknown): void => {
    if (seen.has(obj)) return;
    seen.add(obj);
    const check = (holder: PDFDict | PDFArray, key: PDFName | number, v: unknown): void => {
      if ((v instanceof PDFString || v instanceof PDFHexString) && /^node\d+$/.test(v.decodeText()))
        found.push({ holder, key, value: v.decodeText() });
      else walk(v);
    };
    if (obj instanceof PDFDict) for (const [k, v] of obj.entries()) check(obj, k, v);
    else if (obj instanceof PDFArray) for (let i = 0; i < obj.size(); i++) check(obj, i, obj.get(i));
  };
  for (const [, obj] of doc.context.enumerateIndirectObjects()) walk(obj);
  const ranks = new Map(
    [...new Set(found.map((f) => f.value))].sort().map((v, i) => [v, `node${String(i + 1).padStart(8, "0")}`]),
  );
  for (const f of found) {
    const next = PDFString.of(ranks.get(f.value) ?? f.value);
    if (f.holder instanceof PDFDict && f.key instanceof PDFName) f.holder.set(f.key, next);
    else if (f.holder instanceof PDFArray && typeof f.key === "number") f.holder.set(f.key, next);
  }
}
