/**
 * The preview's own stylesheet: the toolbar, the sheets around each printed
 * page, and the problems overlay. Everything it styles is prefixed `pv-`,
 * so it never touches an edition's own rules; inside a sheet the edition's
 * print stylesheet alone decides how text looks.
 */
export const PREVIEW_CSS = `html { overflow-anchor: none; }
body.pv { margin: 0; background: #d5d8dd; }
.pv-bar { position: sticky; top: 0; z-index: 10; display: flex; flex-wrap: wrap; gap: 0.4rem 1.2rem; align-items: center;
  padding: 0.5rem 1rem; background: #1e2226; color: #ffffff; font: 13px/1.4 system-ui, sans-serif; }
.pv-bar a { color: #ffffff; }
.pv-bar .pv-name { font-weight: 600; }
.pv-bar .pv-muted { color: #c9ced4; }
.pv-bar .pv-stale { color: #ffd28a; font-weight: 600; }
.pv-offline .pv-bar::after { content: "disconnected from brief preview"; color: #ffd28a; }
.pv-bar button { font: inherit; cursor: pointer; border: 0; border-radius: 3px; padding: 0.1rem 0.6rem; }
.pv-bar .pv-errors { background: #b3261e; color: #ffffff; }
.pv-bar .pv-warnings { background: #ffd28a; color: #1e2226; }
.pv-sheets { padding: 1.5rem 0 4rem; }
.pv-sheet { position: relative; box-sizing: border-box; margin: 0 auto 1.5rem; background: #ffffff;
  box-shadow: 0 1px 4px rgba(0, 0, 0, 0.3); }
.pv-sheet::before { content: "Page " attr(data-pv-page); position: absolute; top: 0; right: 100%; margin-right: 0.6rem;
  font: 11px/1.4 system-ui, sans-serif; color: #3d4248; white-space: nowrap; }
.pv-box { position: absolute; display: flex; box-sizing: border-box; white-space: nowrap; }
.pv-area { position: relative; }
/* A box that runs onto the next page has no closing edge on this one and no opening edge on the next (as printed). */
[data-pv-split] { margin-bottom: 0 !important; padding-bottom: 0 !important; border-bottom-width: 0 !important; }
[data-pv-cont] { margin-top: 0 !important; padding-top: 0 !important; border-top-width: 0 !important; text-indent: 0 !important; }
li[data-pv-cont] { list-style-type: none; }
.pv-none { max-width: 40rem; margin: 3rem auto; font: 15px/1.5 system-ui, sans-serif; }
.pv-overlay { position: fixed; top: 3.2rem; left: 1rem; right: 1rem; max-height: calc(100vh - 4.5rem); overflow: auto;
  z-index: 20; box-sizing: border-box; padding: 1rem 1.25rem; background: #ffffff; color: #1a1a1a;
  border: 2px solid #b3261e; border-radius: 6px; box-shadow: 0 8px 28px rgba(0, 0, 0, 0.35); font: 14px/1.45 system-ui, sans-serif; }
.pv-overlay.pv-only-warnings { border-color: #8a5a00; }
.pv-overlay[hidden] { display: none; }
.pv-overlay .pv-title { font-size: 15px; font-weight: 700; }
.pv-overlay .pv-note { margin: 0.3rem 0 0; color: #3d4248; }
.pv-overlay pre { margin: 0.7rem 0 0; font: 12.5px/1.5 ui-monospace, "DejaVu Sans Mono", monospace; white-space: pre-wrap; overflow-wrap: anywhere; }
.pv-overlay button { float: right; font: inherit; cursor: pointer; }
.pv-index { max-width: 60rem; margin: 2rem auto; padding: 0 1rem; font: 15px/1.5 system-ui, sans-serif; color: #1a1a1a; }
.pv-index table { width: 100%; border-collapse: collapse; background: #ffffff; }
.pv-index th, .pv-index td { text-align: left; padding: 0.4rem 0.6rem; border-bottom: 1px solid #d5d8dd; }
`;
