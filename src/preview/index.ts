/**
 * `brief preview`: the editions in the browser, updated on save. The
 * modules, in the order a request meets them: preview.ts (start and stop),
 * server.ts and routes.ts (HTTP), live.ts (the running session: updates,
 * measuring, revisions), session.ts and deps.ts (what a change re-prepares),
 * measure.ts, measure-copy.ts, breaks.ts (page breaks from a real print),
 * view.ts, page.ts, sheets.ts, split.ts, geometry.ts, css.ts (the pages
 * served), overlay.ts, client.ts and style.ts (what runs and shows in the
 * browser), events.ts (server-sent events), pdf.ts, browser-queue.ts,
 * orphans.ts (the browser), watch.ts (the file watcher), open.ts.
 */
export { DEFAULT_PORT, preview, runPreview } from "./preview.js";
export type { PreviewEvent, PreviewOptions, PreviewSeams, PreviewServer } from "./preview.js";
