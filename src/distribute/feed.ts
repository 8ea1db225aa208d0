import { Feed } from "feed";
import { formatDate } from "../lib/format.js";
import { fileOf, type Release } from "./release.js";
import { releaseUrl } from "./message.js";
import { escapeHtml, publicUrl } from "./text.js";

/**
 * `DIR/site/feed.xml`: an Atom feed of the release's editions, one entry
 * each, with the HTML edition as its link, the PDF as an enclosure, and
 * the release time as its update date. Links point into the release's own
 * folder on the site (`<base_url><tag>/…`), so an entry keeps working after
 * later releases; the feed's id and self link are the `latest/` alias,
 * which is where a reader subscribes. Written with the `feed` package,
 * around two of its habits (feed 6.0.0):
 *
 * - it writes entry titles and summaries as `type="html"` inside CDATA
 *   without escaping them, so a `<` or `&` in a title would be read as markup; we
 *   give it HTML-escaped text, which reads back as the original text;
 * - it labels every enclosure `image/<extension>`; the PDF's is corrected
 *   to `application/pdf`.
 */

/** What the feed needs besides the release. */
export interface FeedInput {
  readonly release: Release;
  /** Public base URL of the release folder (from distribution.yaml). */
  readonly baseUrl: string;
  /** The feed's author (the sender's name). */
  readonly author: string;
}

/** The Atom XML. */
export function atomFeed({ release, baseUrl, author }: FeedInput): string {
  const { manifest, changes } = release;
  const updated = new Date(manifest.created);
  const titles = [...new Set(manifest.editions.map((e) => e.title))];
  const feed = new Feed({
    // Feed-level title and subtitle are plain text, which the library escapes itself.
    title: titles.length === 1 ? (titles[0] ?? "") : "Policy brief editions",
    description: `Editions released ${formatDate(manifest.created.slice(0, 10))}. ${changes.summary}`,
    id: publicUrl(baseUrl, "latest/site/feed.xml"),
    link: releaseUrl(baseUrl, release, "site/index.html"),
    feedLinks: { atom: publicUrl(baseUrl, "latest/site/feed.xml") },
    updated,
    copyright: author,
    author: { name: author },
  });
  for (const e of manifest.editions) {
    const pdf = fileOf(e, "pdf");
    const summary = [
      `<p>${escapeHtml(`${e.edition}: edition date ${formatDate(e.editionDate)}, information as of ${formatDate(e.informationAsOf)}.`)}</p>`,
      `<ul>${e.takeaways.map((t) => `<li>${escapeHtml(t)}</li>`).join("")}</ul>`,
      `<p>${escapeHtml(`What changed: ${changes.summary}`)}</p>`,
    ].join("");
    feed.addItem({
      // Escaped once for HTML: the feed writes it as type="html" in CDATA.
      title: escapeHtml(
        `${e.status === "final" ? "" : e.status === "draft" ? "Draft: " : "Specimen: "}${e.title} — ${e.edition}`,
      ),
      id: `${releaseUrl(baseUrl, release, pdf.path)}#${e.readerDigest.slice(0, 16)}`,
      link: releaseUrl(baseUrl, release, fileOf(e, "html").path),
      date: updated,
      published: new Date(`${e.editionDate}T00:00:00Z`),
      description: summary,
      author: [{ name: author }],
      enclosure: { url: releaseUrl(baseUrl, release, pdf.path), length: pdf.bytes, type: "application/pdf" },
    });
  }
  return fixEnclosureTypes(feed.atom1());
}

/** feed 6.0.0 writes `type="image/pdf"` for a PDF enclosure; the right type is application/pdf. */
function fixEnclosureTypes(xml: string): string {
  return xml.replace(/(<link rel="enclosure" [^>]*?)type="image\/pdf"/g, '$1type="application/pdf"');
}
