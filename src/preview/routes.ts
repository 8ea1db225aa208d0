/**
 * What a request to the preview server asks for, decided from its raw
 * request target alone (pure, so every traversal trick is unit-tested).
 * The preview serves a closed set of things: the index, each edition's
 * page, the files that edition's HTML uses (looked up by exact relative
 * path in the edition's own list, never resolved on disk from the URL), its
 * PDF, and the preview's own script, stylesheet and event stream.
 * Everything else is "not found", including any path that is not plainly
 * written: `..` or `.` segments, empty segments, backslashes, NUL and
 * control characters, and encoded dots, slashes, backslashes or percent
 * signs (`%2e`, `%2f`, `%5c`, `%25` — the last catches double encoding).
 */

/** A request the preview answers. */
export type Route =
  | { readonly kind: "index" }
  | { readonly kind: "edition"; readonly name: string }
  /** `/e/<name>` without its trailing slash: redirect, so relative links resolve inside the edition. */
  | { readonly kind: "edition-slash"; readonly name: string }
  | { readonly kind: "file"; readonly name: string; readonly rel: string }
  | { readonly kind: "script" }
  | { readonly kind: "style" }
  | { readonly kind: "icon" }
  | { readonly kind: "events" }
  | { readonly kind: "not-found" };

/** URL prefix of the preview's own resources, which no edition file can shadow. */
export const OWN = "/__preview";
/** Where the live-reload script is served. */
export const SCRIPT_PATH = `${OWN}/live.js`;
/** Where the preview's stylesheet is served. */
export const STYLE_PATH = `${OWN}/preview.css`;
/** The preview's icon (so browsers do not ask for a missing favicon). */
export const ICON_PATH = `${OWN}/icon.svg`;
/** The server-sent event stream. */
export const EVENTS_PATH = `${OWN}/events`;

const NOT_FOUND: Route = { kind: "not-found" };

/** The path of an edition's preview page. */
export function editionPath(name: string): string {
  return `/e/${encodeURIComponent(name)}/`;
}

/** Decode one path segment; undefined when it is not a plain name. */
function segment(raw: string): string | undefined {
  if (raw === "" || raw === "." || raw === "..") return undefined;
  if (/%(2e|2f|5c|25|00)/i.test(raw)) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    return undefined;
  }
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f/\\]/.test(decoded) || decoded === "." || decoded === "..") return undefined;
  return decoded;
}

/** Route a raw request target such as `/e/deepseek-government/assets/css/x.css?v=1`. */
export function route(target: string): Route {
  if (!target.startsWith("/") || target.startsWith("//")) return NOT_FOUND;
  const rawPath = target.split(/[?#]/, 1)[0] ?? "";
  // eslint-disable-next-line no-control-regex
  if (/[\\\u0000-\u001f\u007f]/.test(rawPath)) return NOT_FOUND;
  if (rawPath === "/" || rawPath === "/index.html") return { kind: "index" };
  if (rawPath === SCRIPT_PATH) return { kind: "script" };
  if (rawPath === STYLE_PATH) return { kind: "style" };
  if (rawPath === ICON_PATH) return { kind: "icon" };
  if (rawPath === EVENTS_PATH) return { kind: "events" };
  const raw = rawPath.slice(1).split("/");
  const trailing = raw[raw.length - 1] === "";
  if (trailing) raw.pop();
  const parts = raw.map(segment);
  if (parts.some((p) => p === undefined)) return NOT_FOUND;
  const [head, name, ...rest] = parts as string[];
  if (head !== "e" || name === undefined) return NOT_FOUND;
  if (rest.length === 0) return trailing ? { kind: "edition", name } : { kind: "edition-slash", name };
  if (trailing) return NOT_FOUND;
  return { kind: "file", name, rel: rest.join("/") };
}
