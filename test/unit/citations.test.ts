import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { prepareEdition as prepare } from "../../src/pipeline/prepare.js";
import { load } from "../../src/stages/1-load/index.js";
import { plan } from "../../src/stages/2-plan/index.js";
import { FIXTURES, tempProject } from "../helpers.js";

/**
 * Golden cases for citation placement (house style: a fact's mark goes to
 * the end of its clause or sentence, after the punctuation; marks that
 * meet merge; cite="here" pins). Each `test/fixtures/citations/<case>.md`
 * is a section body laid over the mini fixture; `<case>.html` is the
 * section's HTML in the finished alpha edition. `UPDATE=1` rewrites the
 * .html files; a reviewer reads the diff.
 */

const DIR = path.join(FIXTURES, "citations");
const cases = readdirSync(DIR)
  .filter((f) => f.endsWith(".md"))
  .map((f) => f.slice(0, -3))
  .sort();

/** Every case as a section of one alpha edition, and the HTML of each section. */
async function render(): Promise<Map<string, string>> {
  const overlay: Record<string, string> = {};
  cases.forEach((name, i) => {
    const body = readFileSync(path.join(DIR, `${name}.md`), "utf8");
    overlay[`content/mini/sections/9${String(i).padStart(2, "0")}-${name}.md`] =
      `---\nid: case-${name}\ntitle: ${name}\norder: ${900 + i}\naudiences: [alpha]\n---\n${body}`;
  });
  const root = tempProject(overlay);
  const { value: project } = await load({
    root,
    contentDir: path.join(root, "content"),
    templatesDir: path.join(root, "templates"),
  });
  const edition = plan(project, { audiences: ["alpha"] }).editions[0]?.edition;
  if (!edition) throw new Error("no alpha edition");
  const r = await prepare(edition, new Set(project.audiences.keys()));
  if (!r.value) throw new Error(r.diagnostics.map((d) => `${d.file}:${d.line} ${d.message}`).join("\n"));
  const out = new Map<string, string>();
  for (const name of cases) {
    const re = new RegExp(
      `<section class="section" id="sec-case-${name}"[^>]*>\\n<h2[^>]*>.*?</h2>\\n([\\s\\S]*?)</section>`,
    );
    out.set(name, re.exec(r.value.laidOut.html)?.[1] ?? "");
  }
  return out;
}

describe("citation placement (golden)", () => {
  it("has cases", () => expect(cases.length).toBeGreaterThan(10));
  it("places every case's marks as its golden file says", async () => {
    const html = await render();
    for (const name of cases) {
      const file = path.join(DIR, `${name}.html`);
      const got = html.get(name) ?? "";
      expect(got, name).not.toBe("");
      if (process.env.UPDATE === "1" || !existsSync(file)) writeFileSync(file, got);
      expect(got, `${name} (UPDATE=1 to accept)`).toBe(readFileSync(file, "utf8"));
    }
  });
});
