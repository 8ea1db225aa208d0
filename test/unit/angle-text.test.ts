import { describe, expect, it } from "vitest";
import { prepareEdition as prepare } from "../../src/pipeline/prepare.js";
import { plan } from "../../src/stages/2-plan/index.js";
import { isAngleText } from "../../src/stages/4-markdown/angle-text.js";
import { check } from "../../src/index.js";
import { lines, loadedProject, tempProject } from "../helpers.js";

/**
 * Text in angle brackets that is not HTML ("Emotion recognition <in
 * workplaces> is banned.") is the author's text: it is kept, brackets and
 * all, with a warning at its line suggesting a backslash. A real tag is
 * raw HTML, removed with a warning whose hint says what goes and what stays.
 */

const section = (body: string): Record<string, string> => ({
  "content/mini/sections/50-extra.md": `---\nid: extra\ntitle: Extra\norder: 50\naudiences: [alpha]\n---\n${body}\n`,
});

/** The HTML of section `extra` in the alpha edition. */
async function sectionHtml(body: string): Promise<string> {
  const project = await loadedProject(section(body));
  const alpha = plan(project, { audiences: ["alpha"] }).editions[0];
  if (!alpha) throw new Error("no alpha edition");
  const r = await prepare(alpha.edition, new Set(project.audiences.keys()));
  if (!r.value) throw new Error(r.diagnostics.map((d) => d.message).join("; "));
  return /id="sec-extra"[\s\S]*?<\/section>/.exec(r.value.laidOut.html)?.[0] ?? "";
}

/** The markdown diagnostics `check` reports for section `extra` written as `body`. */
async function markdownLines(body: string): Promise<string[]> {
  const r = await check({ root: tempProject(section(body)), render: false });
  return lines(r.diagnostics.filter((d) => d.ruleId.startsWith("markdown/")));
}

describe("text in angle brackets", () => {
  it("tells a tag that names no HTML element from one that does", () => {
    expect(isAngleText("<in workplaces>")).toBe(true);
    expect(isAngleText("</in>")).toBe(true);
    expect(isAngleText("<IN workplaces>")).toBe(true);
    expect(isAngleText("<b>")).toBe(false);
    expect(isAngleText('<SPAN class="x">')).toBe(false);
    expect(isAngleText("<my-widget>")).toBe(false);
    expect(isAngleText("<!-- a note -->")).toBe(false);
  });

  it("keeps words in brackets that are not HTML, with a positioned warning", async () => {
    const body = "Intro.\n\nEmotion recognition <in workplaces> is banned.";
    expect(await markdownLines(body)).toEqual([
      "content/mini/sections/50-extra.md:9:21: warning kept as text, not HTML: <in workplaces> markdown/angle-text",
    ]);
    const r = await check({ root: tempProject(section(body)), render: false });
    expect(r.diagnostics.find((d) => d.ruleId === "markdown/angle-text")?.hint).toContain("\\<");
    expect(await sectionHtml(body)).toContain("Emotion recognition &#x3C;in workplaces> is banned.");
  });

  it("keeps a line of its own in brackets as a paragraph of text", async () => {
    const body = "<in workplaces>\nEmotion recognition is banned.";
    expect(await markdownLines(body)).toEqual([
      "content/mini/sections/50-extra.md:7:1: warning kept as text, not HTML: <in workplaces> markdown/angle-text",
    ]);
    expect(await sectionHtml(body)).toMatch(/<p>&#x3C;in workplaces>\s+Emotion recognition is banned\.<\/p>/);
  });

  it("says nothing of brackets escaped with a backslash", async () => {
    const body = "Emotion recognition \\<in workplaces> is banned.";
    expect(await markdownLines(body)).toEqual([]);
    expect(await sectionHtml(body)).toContain("Emotion recognition &#x3C;in workplaces> is banned.");
  });

  it("still removes a real tag, keeps the text between tags, and says so truthfully", async () => {
    const body = 'Fines are <b title="x">ceilings</b>.';
    const r = await check({ root: tempProject(section(body)), render: false });
    const raw = r.diagnostics.filter((d) => d.ruleId === "markdown/raw-html");
    expect(lines(raw)).toEqual([
      'content/mini/sections/50-extra.md:7:11: warning raw HTML removed: <b title="x"> markdown/raw-html',
    ]);
    expect(raw[0]?.hint).toBe(
      "Write Markdown instead: tags and their attributes never reach the page, and script, style or an embedded document goes whole; the text between other tags stays. For angle brackets meant as text, write \\< before them.",
    );
    expect(await sectionHtml(body)).toContain("Fines are ceilings.");
  });
});
