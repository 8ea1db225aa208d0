import { describe, expect, it } from "vitest";
import { check } from "../../src/index.js";
import { mayCiteAfter } from "../../src/stages/4-markdown/figure-rule.js";
import { lines, tempProject } from "../helpers.js";

/**
 * `citations/after-figure` is about quantities that need a source ("90%¹"
 * reads as part of the figure). Legal references and dates are not
 * quantities, so a citation may follow them; a brief can add its own words.
 */

describe("what a citation may follow", () => {
  it.each([
    "RTR, Article 99",
    "under Section 230",
    "Regulation (EU) 2024/1689",
    "Directive 2019/790",
    "as H.R. 1121",
    "Articles 5",
    "published on 6 February 2025",
    "in February 2025",
    "dated 2025-02-06",
    "bought in 2021",
    "since 2019",
    "under Articles 85 and 86",
    "in paragraphs 3 to 5",
    "Sections 2, 3 and 7",
    "Article 5(1) and (2) of Annex III, point 4",
    "Annex III",
    "set out in Recital 179",
    "applies from 1.8.2024",
    "applies from 01/08/2024",
    "dated 2024/08/01",
  ])("%s", (before) => expect(mayCiteAfter(before)).toBe(true));

  it.each([
    "fell 18%",
    "cost $5.576",
    "a total of 1,000",
    "2021",
    "the Act's 90%",
    "about 10,000",
    "U.S. 5",
    "Articles 85 and 86 cost 12%",
    "fell 3 points to 5",
    "rose 1.8",
    "1.000.000",
  ])("not after the quantity in %s", (before) => expect(mayCiteAfter(before)).toBe(false));

  it("takes a brief's own words", () => {
    expect(mayCiteAfter("see RTR 12")).toBe(false);
    expect(mayCiteAfter("see RTR 12", ["RTR"])).toBe(true);
  });
});

describe("citations/after-figure in a brief", () => {
  const section = (body: string): Record<string, string> => ({
    "content/mini/sections/50-extra.md": `---\nid: extra\ntitle: Extra\norder: 50\n---\n${body}\n`,
  });
  it("lets a legal reference, a date fact and a date in a table cell carry a citation", async () => {
    const r = await check({
      root: tempProject(
        section(
          'Fines follow RTR, Article 99{{cite "src-one"}} and apply from {{fact "day" cite="here"}}.\n\n| Step | Date |\n|---|---|\n| Adopted | 13 June 2024{{cite "src-two"}} |',
        ),
      ),
      render: false,
    });
    expect(lines(r.diagnostics.filter((d) => d.ruleId === "citations/after-figure"))).toEqual([]);
  });
  it("lets legal lists, spans, annexes, recitals and numeric dates carry a citation", async () => {
    const r = await check({
      root: tempProject(
        section(
          'Fines follow Articles 85 and 86{{cite "src-one"}}, paragraphs 3 to 5{{cite "src-one"}} and Annex III{{cite "src-two"}}; Recital 179{{cite "src-two"}} sets the date, 1.8.2024{{cite "src-one"}}.',
        ),
      ),
      render: false,
    });
    expect(lines(r.diagnostics.filter((d) => d.ruleId === "citations/after-figure"))).toEqual([]);
  });
  it("still refuses a mark after a quantity, and honours the brief's cite_after list", async () => {
    const body = 'The fall was {{fact "fall" cite="here"}} in a day, under RTR 12{{cite "src-one"}}.';
    const plain = await check({ root: tempProject(section(body)), render: false });
    const marks = plain.diagnostics.filter((d) => d.ruleId === "citations/after-figure");
    expect(lines(marks)).toEqual([
      'content/mini/sections/50-extra.md:6:14: error a citation mark would print right after the figure "18%" citations/after-figure',
      'content/mini/sections/50-extra.md:6:64: error a citation mark would print right after the figure "12" citations/after-figure',
    ]);
    expect(marks.map((d) => d.hint)).toEqual([
      "End the clause with punctuation so the mark follows it, or use {{value}} and a Source column. If the number names something (a document, a register entry), add the word before it to cite_after in brief.yaml; legal references and dates are already allowed.",
      'End the clause with punctuation so the mark follows it, or use {{value}} and a Source column. If the number names something (a document, a register entry), add "RTR" to cite_after in brief.yaml (cite_after: [RTR]); legal references and dates are already allowed.',
    ]);
    const root = tempProject(section(body));
    const { readFileSync, writeFileSync } = await import("node:fs");
    const file = `${root}/content/mini/brief.yaml`;
    writeFileSync(file, `${readFileSync(file, "utf8")}cite_after: [RTR]\n`);
    const extended = await check({ root, render: false });
    expect(extended.diagnostics.filter((d) => d.ruleId === "citations/after-figure").map((d) => d.message)).toEqual([
      'a citation mark would print right after the figure "18%"',
    ]);
  });
});
