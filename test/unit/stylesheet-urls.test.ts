import { describe, expect, it } from "vitest";
import { checkStylesheet } from "../../src/checks/stylesheet-urls.js";
import { formatLine } from "../../src/index.js";

/** Issue 28, problem 7: the stylesheet check parses CSS, so escapes, strings and image-set() cannot slip past it. */

const lines = (text: string): string[] =>
  checkStylesheet({ file: "templates/audiences/alpha/style.css", text, sha256: "" }).map(formatLine);

describe("stylesheet URLs", () => {
  it("refuses an escaped url(), a parenthesis inside a quoted URL, image-set() strings and @import, each at its line", () => {
    const css = [
      "body { background: u\\72l(https://a.example/x.png); }",
      'p { background: url("https://b.example/y.png?a=)"); }',
      'h1 { background-image: image-set("https://c.example/z.png" 1x); }',
      '@import "https://d.example/e.css";',
      "h2 { background: url(//e.example/f.png); }",
    ].join("\n");
    const found = lines(css);
    expect(found.map((l) => l.replace(/: error .*$/u, ""))).toEqual([
      "templates/audiences/alpha/style.css:1:20",
      "templates/audiences/alpha/style.css:2:17",
      "templates/audiences/alpha/style.css:3:34",
      "templates/audiences/alpha/style.css:4:1",
      "templates/audiences/alpha/style.css:5:18",
    ]);
    expect(found.join("\n")).toContain('"https://b.example/y.png?a=)"');
  });

  it("accepts bundled relative paths, fragments and data: URLs, and ignores comments", () => {
    const css =
      '@font-face { src: url("../fonts/a.woff2") format("woff2"); }\n/* url(https://x.example) */\nb { background: url(data:image/png;base64,AAAA); fill: url(#g); }';
    expect(lines(css)).toEqual([]);
  });
});
