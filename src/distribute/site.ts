import { formatDate } from "../lib/format.js";
import { bundlePath } from "./message.js";
import { fileOf, type EditionEntry, type Release } from "./release.js";
import { escapeHtml, formatBytes } from "./text.js";

/**
 * The publication page, `DIR/site/index.html`: one card per edition with
 * its cover thumbnail, title, audience, dates, pages, size, sha256, links
 * and the "what changed" summary. Pure: the release in, HTML out. Every
 * link is relative, so the page opens from disk and from the published
 * folder alike. Type and colour follow DESIGN.md: bundled Source Sans 3 and
 * Source Serif 4, one accent per audience, all text at 4.5:1 or better.
 */

/** What the page needs besides the release. */
export interface SiteInput {
  readonly release: Release;
  /** Audience → accent colour (from templates/audiences); a default when absent. */
  readonly accents: ReadonlyMap<string, string>;
  /** Edition name → thumbnail size in pixels, for those that have one (site/thumbs/<name>.png). */
  readonly thumbs: ReadonlyMap<string, { readonly width: number; readonly height: number }>;
  /** The @font-face rules (fonts under site/fonts/). */
  readonly fontCss: string;
  readonly hasFeed: boolean;
}

const DEFAULT_ACCENT = "#1f3a5f";

const CSS = `
:root { --ink: #1a1a1a; --muted: #4a4a4a; --rule: #c8c8c8; --tint: #f3f5f8;
  --sans: "Source Sans 3", system-ui, sans-serif; --serif: "Source Serif 4", Georgia, serif; }
* { box-sizing: border-box; }
html { font-family: var(--serif); font-size: 17px; line-height: 1.45; color: var(--ink); background: #fff; }
body { margin: 0; }
.wrap { max-width: 76rem; margin: 0 auto; padding: 0 1.5rem; }
header.site { border-top: 0.6rem solid var(--ink); padding: 2rem 0 1.25rem; }
.kicker { font-family: var(--sans); font-weight: 600; text-transform: uppercase; letter-spacing: 0.08em; font-size: 0.8rem; color: var(--muted); margin: 0 0 0.4rem; }
h1 { font-family: var(--sans); font-weight: 700; font-size: 2.1rem; line-height: 1.15; margin: 0 0 0.6rem; max-width: 48rem; }
.lede { font-family: var(--sans); font-size: 1.05rem; color: var(--muted); margin: 0; max-width: 48rem; }
.changes { font-family: var(--sans); background: var(--tint); border-left: 0.25rem solid var(--ink); padding: 0.7rem 1rem; margin: 1.25rem 0 0; max-width: 48rem; }
.changes strong { font-weight: 700; }
main { padding: 1rem 0 2rem; }
.cards { list-style: none; margin: 0; padding: 0; display: grid; gap: 1.5rem; grid-template-columns: repeat(auto-fill, minmax(20rem, 1fr)); }
.card { border-top: 0.4rem solid var(--accent); background: #fff; box-shadow: 0 0 0 1px var(--rule); display: flex; flex-direction: column; }
.card .cover { background: var(--tint); padding: 1rem; height: 19rem; display: flex; align-items: center; justify-content: center; border-bottom: 1px solid var(--rule); }
.card .cover img { max-height: 100%; max-width: 70%; width: auto; height: auto; box-shadow: 0 1px 4px rgba(0,0,0,0.25); background: #fff; }
.card .body { padding: 1rem 1.1rem 1.2rem; display: flex; flex-direction: column; gap: 0.6rem; flex: 1; }
.card h2 { font-family: var(--sans); font-size: 1.3rem; line-height: 1.2; margin: 0; color: var(--accent); }
.card .title { font-family: var(--sans); font-weight: 600; margin: 0; }
dl.facts { display: grid; grid-template-columns: auto 1fr; gap: 0.15rem 0.9rem; margin: 0; font-family: var(--sans); font-size: 0.9rem; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; font-weight: 600; }
code.hash { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 0.78rem; font-weight: 400; word-break: break-all; }
.what { margin: 0; font-size: 0.95rem; }
.links { display: flex; flex-wrap: wrap; gap: 0.5rem; margin: auto 0 0; padding: 0.4rem 0 0; list-style: none; font-family: var(--sans); }
.links a { display: inline-block; padding: 0.4rem 0.8rem; border: 2px solid var(--accent); color: var(--accent); font-weight: 700; text-decoration: none; border-radius: 0.2rem; }
.links a.primary { background: var(--accent); color: #fff; }
.links a:hover, .links a:focus { text-decoration: underline; }
a:focus-visible { outline: 3px solid #1a1a1a; outline-offset: 2px; }
footer.site { font-family: var(--sans); font-size: 0.9rem; color: var(--muted); border-top: 1px solid var(--rule); padding: 1rem 0 2rem; }
footer.site a { color: var(--ink); }
.visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

/** One edition's card. */
function card(e: EditionEntry, input: SiteInput, showTitle: boolean): string {
  const pdf = fileOf(e, "pdf");
  const html = fileOf(e, "html");
  const accent = input.accents.get(e.audience) ?? DEFAULT_ACCENT;
  const thumb = input.thumbs.get(e.name);
  const label = escapeHtml(e.edition);
  const cover = thumb
    ? `<div class="cover"><img src="thumbs/${encodeURIComponent(e.name)}.png" width="${thumb.width}" height="${thumb.height}" alt="First page of the ${label}"></div>`
    : "";
  const row = (dt: string, dd: string): string => `<dt>${dt}</dt><dd>${dd}</dd>`;
  const hidden = `<span class="visually-hidden">, ${label}</span>`;
  return `<li class="card" style="--accent: ${escapeHtml(accent)}">
${cover}<div class="body">
<h2>${label}</h2>
${showTitle ? `<p class="title">${escapeHtml(e.title)}</p>\n` : ""}<dl class="facts">
${row("Audience", escapeHtml(e.audienceLabel))}
${row("Edition date", escapeHtml(formatDate(e.editionDate)))}
${row("Information as of", escapeHtml(formatDate(e.informationAsOf)))}
${e.pages !== undefined ? row("Pages", String(e.pages)) : ""}
${row("Size", `PDF ${formatBytes(pdf.bytes)}`)}
${row("sha256", `<code class="hash">${pdf.sha256}</code>`)}
</dl>
<p class="what"><strong>What changed:</strong> ${escapeHtml(input.release.changes.summary)}</p>
<ul class="links">
<li><a class="primary" href="../${escapeHtml(pdf.path)}">PDF${hidden}</a></li>
<li><a href="../${escapeHtml(html.path)}">Web edition${hidden}</a></li>
<li><a href="../${escapeHtml(bundlePath(e.audience))}">Bundle (zip)${hidden}</a></li>
</ul>
</div>
</li>`;
}

/**
 * The site page's Content-Security-Policy (a `<meta>`: Pages sets no
 * headers): no script, frame, form or plugin; styles and fonts inline or
 * from the site itself; images from the site or data:. A project site
 * shares its origin with every site of the owner, so nothing on it runs.
 */
export const SITE_CSP =
  "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; font-src 'self' data:; base-uri 'none'; form-action 'none'";

/** The page's HTML. */
export function siteHtml(input: SiteInput): string {
  const { manifest, changes } = input.release;
  const titles = [...new Set(manifest.editions.map((e) => e.title))];
  const heading = titles.length === 1 ? (titles[0] ?? "") : "Policy brief editions";
  const created = formatDate(manifest.created.slice(0, 10));
  const n = manifest.editions.length;
  const feed = input.hasFeed ? ` · <a href="feed.xml">Atom feed</a>` : "";
  const feedLink = input.hasFeed
    ? `\n<link rel="alternate" type="application/atom+xml" title="Editions" href="feed.xml">`
    : "";
  return `<!DOCTYPE html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${SITE_CSP}">
<title>${escapeHtml(heading)} — editions</title>${feedLink}
<style>${input.fontCss}${CSS}</style>
</head>
<body>
<header class="site"><div class="wrap">
<p class="kicker">Editions · released ${escapeHtml(created)}</p>
<h1>${escapeHtml(heading)}</h1>
<p class="lede">${n} edition${n === 1 ? "" : "s"}, each written for its readers. Every file is listed with its size and sha256 checksum.</p>
<p class="changes"><strong>What changed:</strong> ${escapeHtml(changes.summary)}</p>
</div></header>
<main><div class="wrap">
<ul class="cards">
${manifest.editions.map((e) => card(e, input, titles.length > 1)).join("\n")}
</ul>
</div></main>
<footer class="site"><div class="wrap">
<p>Verify the files with <code>sha256sum -c SHA256SUMS</code> in the release folder: <a href="../SHA256SUMS">SHA256SUMS</a> · <a href="../CHANGES.md">all changes</a>${feed}. ${escapeHtml(manifest.pipeline)}.</p>
</div></footer>
</body>
</html>
`;
}
