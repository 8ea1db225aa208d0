import { describe, expect, it } from "vitest";
import { findCitations, looksLikeCitation } from "../../src/stages/4-markdown/pandoc-cite.js";

/** Pandoc's citation syntax, read from text after Markdown parsing. */
describe("findCitations", () => {
  const clusters = (t: string) => findCitations(t).map((f) => [t.slice(f.start, f.end), f.cluster]);

  it("reads a bracketed citation with a page locator", () => {
    expect(clusters("As shown [@smith2024, p. 52].")).toEqual([
      ["[@smith2024, p. 52]", { items: [{ id: "smith2024", label: "page", locator: "52" }], narrative: false }],
    ]);
  });

  it("reads several items, prefixes, other locators and suffixes", () => {
    expect(clusters("[see @a, chap. 3; also @b, pp. 33-35, emphasis added]")[0]?.[1]).toEqual({
      items: [
        { id: "a", prefix: "see", label: "chapter", locator: "3" },
        { id: "b", prefix: "also", label: "page", locator: "33-35", suffix: ", emphasis added" },
      ],
      narrative: false,
    });
    expect(clusters("[@a, sec. 2; @b, para. 4]")[0]?.[1]).toEqual({
      items: [
        { id: "a", label: "section", locator: "2" },
        { id: "b", label: "paragraph", locator: "4" },
      ],
      narrative: false,
    });
    expect(clusters("[@a; @b]")[0]?.[1]).toEqual({ items: [{ id: "a" }, { id: "b" }], narrative: false });
  });

  it("reads a suppressed author and narrative citations, with and without a locator", () => {
    expect(clusters("[-@smith2024]")[0]?.[1]).toEqual({
      items: [{ id: "smith2024", suppressAuthor: true }],
      narrative: false,
    });
    expect(clusters("@smith2024 says so, as does @jones.")).toEqual([
      ["@smith2024", { items: [{ id: "smith2024" }], narrative: true }],
      ["@jones", { items: [{ id: "jones" }], narrative: true }],
    ]);
    expect(clusters("@smith2024 [p. 4] says")).toEqual([
      ["@smith2024 [p. 4]", { items: [{ id: "smith2024", label: "page", locator: "4" }], narrative: true }],
    ]);
  });

  it("leaves e-mail addresses, cross-references and words with @ alone", () => {
    expect(findCitations("mail jane@example.org or AI@ND")).toEqual([]);
    expect(findCitations("see @fig-one and [@tbl-costs]")).toEqual([]);
    expect(looksLikeCitation("a [@broken *x*")).toBe(true);
    expect(looksLikeCitation("jane@example.org")).toBe(false);
  });
});
