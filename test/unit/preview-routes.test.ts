import { describe, expect, it } from "vitest";
import { EVENTS_PATH, route, SCRIPT_PATH, STYLE_PATH } from "../../src/preview/routes.js";

/** What the preview server answers is decided from the raw request target alone. */
describe("preview routes", () => {
  it("routes the index, the preview's own files, edition pages and edition files", () => {
    expect(route("/")).toEqual({ kind: "index" });
    expect(route(SCRIPT_PATH)).toEqual({ kind: "script" });
    expect(route(STYLE_PATH)).toEqual({ kind: "style" });
    expect(route(`${EVENTS_PATH}?x=1`)).toEqual({ kind: "events" });
    expect(route("/e/mini-alpha/")).toEqual({ kind: "edition", name: "mini-alpha" });
    expect(route("/e/mini-alpha")).toEqual({ kind: "edition-slash", name: "mini-alpha" });
    expect(route("/e/mini-alpha/assets/css/mini-alpha.css?v=abc")).toEqual({
      kind: "file",
      name: "mini-alpha",
      rel: "assets/css/mini-alpha.css",
    });
    expect(route("/e/mini-alpha/assets/img/mini/images/my%20chart.png")).toEqual({
      kind: "file",
      name: "mini-alpha",
      rel: "assets/img/mini/images/my chart.png",
    });
  });

  it.each([
    "/../package.json",
    "/e/mini-alpha/../../package.json",
    "/e/mini-alpha/assets/../../../package.json",
    "/e/mini-alpha/./assets/css/mini-alpha.css",
    "/%2e%2e/package.json",
    "/e/mini-alpha/%2e%2e/%2e%2e/package.json",
    "/e/mini-alpha/%2E%2E%2Fpackage.json",
    "/e/mini-alpha/..%2f..%2fpackage.json",
    "/e/mini-alpha/%252e%252e/%252e%252e/package.json",
    "/e/mini-alpha/..%5c..%5cpackage.json",
    "/e/mini-alpha/..\\..\\package.json",
    "/e/mini-alpha/assets%5ccss",
    "//etc/passwd",
    "/e/mini-alpha//etc/passwd",
    "/etc/passwd",
    "http://127.0.0.1:4173/../package.json",
    "/e/mini-alpha/assets/css/x.css%00.png",
    "/e/mini-alpha/assets/css/x.css\u0000.png",
    "/e/mini-alpha/%E0%A4%A",
    "/e/mini-alpha/assets/css/",
    "/e/",
    "/package.json",
    "/node_modules/@fontsource/source-serif-4/package.json",
    "",
  ])("%j is not found", (target) => {
    expect(route(target)).toEqual({ kind: "not-found" });
  });
});
