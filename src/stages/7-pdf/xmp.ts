import { PDFName, PDFRawStream, type PDFDocument } from "pdf-lib";

/**
 * XMP metadata (ISO 14289-1 5 and 7.1; Matterhorn 06-001, 06-002, 06-003):
 * a PDF/UA file declares itself with `pdfuaid:part` 1 in an XMP packet in
 * the catalog, and names the document with `dc:title`. The packet repeats
 * the Info dictionary (title, author, subject, keywords, producer, dates),
 * with the same reproducible date, so readers that prefer either agree. It
 * is stored uncompressed, as XMP packets are meant to be findable.
 */

/** What the packet says. */
export interface XmpFields {
  readonly title: string;
  readonly creator: string;
  readonly subject: string;
  readonly keywords: readonly string[];
  readonly lang: string;
  readonly producer: string;
  readonly date: Date;
}

const esc = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** An XMP date: ISO 8601 to the second, in UTC. */
export function xmpDate(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "Z");
}

/** The XMP packet, as text. */
export function xmpPacket(f: XmpFields): string {
  const alt = (v: string): string => `<rdf:Alt><rdf:li xml:lang="x-default">${esc(v)}</rdf:li></rdf:Alt>`;
  const date = xmpDate(f.date);
  return `<?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">
   <dc:format>application/pdf</dc:format>
   <dc:title>${alt(f.title)}</dc:title>
   <dc:creator><rdf:Seq><rdf:li>${esc(f.creator)}</rdf:li></rdf:Seq></dc:creator>
   <dc:description>${alt(f.subject)}</dc:description>
   ${f.keywords.length ? `<dc:subject><rdf:Bag>${f.keywords.map((k) => `<rdf:li>${esc(k)}</rdf:li>`).join("")}</rdf:Bag></dc:subject>\n   ` : ""}<dc:language><rdf:Bag><rdf:li>${esc(f.lang)}</rdf:li></rdf:Bag></dc:language>
   <pdf:Producer>${esc(f.producer)}</pdf:Producer>
   <pdf:Keywords>${esc(keywordList(f.keywords))}</pdf:Keywords>
   <xmp:CreatorTool>${esc(f.producer)}</xmp:CreatorTool>
   <xmp:CreateDate>${date}</xmp:CreateDate>
   <xmp:ModifyDate>${date}</xmp:ModifyDate>
   <xmp:MetadataDate>${date}</xmp:MetadataDate>
   <pdfuaid:part>1</pdfuaid:part>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>`;
}

/** Put the packet in the catalog's /Metadata (replacing any). */
export function writeXmp(doc: PDFDocument, f: XmpFields): void {
  const bytes = Buffer.from(xmpPacket(f), "utf8");
  const stream = PDFRawStream.of(doc.context.obj({ Type: "Metadata", Subtype: "XML", Length: bytes.length }), bytes);
  doc.catalog.set(PDFName.of("Metadata"), doc.context.register(stream));
}

/** Keywords as one string a reader can split again: "a; b; c" (the convention of PDF viewers' Keywords field). */
export function keywordList(keywords: readonly string[]): string {
  return keywords.join("; ");
}
