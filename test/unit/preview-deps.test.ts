import path from "node:path";
import { describe, expect, it } from "vitest";
import { affectedBy, type EditionInputs } from "../../src/preview/deps.js";

/** A save re-prepares only the editions the changed file feeds. */
const root = path.resolve("/project");
const p = (rel: string): string => path.join(root, rel);
const watched = {
  contentDir: p("content"),
  templatesDir: p("templates"),
  fontDirs: [p("node_modules/@fontsource/source-serif-4")],
};
const edition = (brief: string, audience: string, files: string[]): EditionInputs => ({
  name: `${brief}-${audience}`,
  brief,
  audience,
  files: new Set(files.map(p)),
});
const editions = [
  edition("mini", "alpha", [
    "content/mini/sections/10-common.md",
    "content/mini/sections/20-alpha.md",
    "content/mini/images/square.png",
  ]),
  edition("mini", "beta", ["content/mini/sections/10-common.md", "content/mini/sections/30-beta.md"]),
  edition("other", "alpha", ["content/other/sections/10-x.md"]),
];
const affected = (rel: string, failing: string[] = []): string[] =>
  [...affectedBy([p(rel)], editions, watched, new Set(failing))].sort();

describe("which editions a changed file feeds", () => {
  it("a section file: the editions that read it", () => {
    expect(affected("content/mini/sections/20-alpha.md")).toEqual(["mini-alpha"]);
    expect(affected("content/mini/sections/10-common.md")).toEqual(["mini-alpha", "mini-beta"]);
    expect(affected("content/other/sections/10-x.md")).toEqual(["other-alpha"]);
  });

  it("a brief's data files: every edition of that brief", () => {
    for (const f of ["brief.yaml", "facts.yaml", "sources.yaml", "charts.yaml"])
      expect(affected(`content/mini/${f}`)).toEqual(["mini-alpha", "mini-beta"]);
  });

  it("an image: the editions that show it", () => {
    expect(affected("content/mini/images/square.png")).toEqual(["mini-alpha"]);
  });

  it("a file no edition reads: none, unless an edition of that brief is failing", () => {
    expect(affected("content/mini/sections/40-new.md")).toEqual([]);
    expect(affected("content/mini/sections/40-new.md", ["mini-beta"])).toEqual(["mini-beta"]);
    expect(affected("content/other/images/x.png", ["mini-beta"])).toEqual([]);
  });

  it("an audience file or its override folder: that audience's editions", () => {
    expect(affected("templates/audiences/alpha.yaml")).toEqual(["mini-alpha", "other-alpha"]);
    expect(affected("templates/audiences/beta/style.css")).toEqual(["mini-beta"]);
    expect(affected("templates/audiences/beta/partials/cover.hbs")).toEqual(["mini-beta"]);
  });

  it("base templates and the bundled fonts: every edition", () => {
    const all = ["mini-alpha", "mini-beta", "other-alpha"];
    expect(affected("templates/layout.hbs")).toEqual(all);
    expect(affected("templates/styles/print.css")).toEqual(all);
    expect(affected("templates/partials/toc.hbs")).toEqual(all);
    expect(affected("node_modules/@fontsource/source-serif-4/400.css")).toEqual(all);
  });

  it("files outside the watched folders: none", () => {
    expect(affected("package.json")).toEqual([]);
    expect(affected("output/mini-alpha.html")).toEqual([]);
  });
});
