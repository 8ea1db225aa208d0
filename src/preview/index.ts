/**
 * `brief preview`: the editions in the browser, updated on save. The
 * modules, roughly in the order a save and a request meet them:
 *
 * - preview.ts starts and stops it all (defaults.ts: the port);
 * - watch.ts watches the files; session.ts and deps.ts prepare again the
 *   editions a change feeds; live.ts keeps revisions and answers requests;
 *   events.ts tells the open tabs (server-sent events);
 * - printing.ts measures page breaks (measure.ts, measure-copy.ts,
 *   breaks.ts, blocks.ts) and prints PDFs (pdf.ts) in one browser
 *   (browser-queue.ts; orphans.ts makes sure none outlives the preview);
 * - view.ts, page.ts, sheets.ts, split.ts, geometry.ts, css.ts, html.ts
 *   and overlay.ts make the pages served; client.ts is the live-reload
 *   script and style.ts the preview's stylesheet;
 * - server.ts and routes.ts are the HTTP side; open.ts opens a browser.
 */
export { DEFAULT_PORT, preview, runPreview } from "./preview.js";
export type { PreviewEvent, PreviewOptions, PreviewSeams, PreviewServer } from "./preview.js";
