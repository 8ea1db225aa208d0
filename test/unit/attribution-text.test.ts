import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { prepareEdition as prepare } from "../../src/pipeline/prepare.js";
import { load } from "../../src/stages/1-load/index.js";
import { plan } from "../../src/stages/2-plan/index.js";
import { FIXTURES, specimenCopy, tempProject } from "../helpers.js";
import { attributionProblems, unnamedStatements } from "../helpers-attribution.js";

/**
 * Editorial trust (issue 21): read each edition's text and show that every
 * figure marked `attribution: editorial` is followed by its own mark and
 * never by a source number that belongs to something else, that its
 * statement is printed, and that chart source lines follow the same rule.
 * Run on the specimen (a frozen DeepSeek brief with six such figures) and on
 * a mini brief built to break the rule.
 */

async function editionsOf(root: string) {
  const { value: project } = await load({
    root,
    contentDir: path.join(root, "content"),
    templatesDir: path.join(root, "templates"),
  });
  const names = new Set(project.audiences.keys());
  const out: { name: string; html: string; brief: Parameters<typeof attributionProblems>[2] }[] = [];
  for (const { edition } of plan(project).editions) {
    const r = await prepare(edition, names);
    if (!r.value) throw new Error(`${edition.name}: ${r.diagnostics.map((d) => d.message).join("; ")}`);
    const b = edition.brief;
    out.push({
      name: edition.name,
      html: r.value.laidOut.html,
      brief: {
        facts: new Map([...b.facts].map(([k, v]) => [k, v.value])),
        sources: new Map([...b.sources].map(([k, v]) => [k, v.value])),
        charts: new Map([...b.charts].map(([k, v]) => [k, v.value])),
      },
    });
  }
  return out;
}

describe("figures without a named source, in each edition's text", () => {
  it("the specimen: each carries its mark and statement, no borrowed source number, charts included", async () => {
    const editions = await editionsOf(specimenCopy());
    expect(editions.map((e) => e.name)).toEqual(["deepseek-government", "deepseek-investor", "deepseek-student"]);
    let marked = 0;
    for (const e of editions) {
      expect(attributionProblems(e.name, e.html, e.brief)).toEqual([]);
      const editorial = [...e.brief.facts].filter(([, f]) => f.attribution === "editorial").map(([id]) => id);
      const printed = editorial.filter((id) => e.html.includes(`data-fact="${id}"`));
      // Every statement printed belongs to a figure printed, and the other way round.
      const statements = [...unnamedStatements(e.html).values()];
      expect(statements.length, e.name).toBeGreaterThan(0);
      for (const id of printed)
        expect(statements.join("\n")).toContain(
          e.brief.facts.get(id)?.attribution_note?.slice(0, 30).replace(/'/g, "’"),
        );
      marked += printed.length;
    }
    expect(marked, "the specimen prints editorial figures, so the check has something to check").toBeGreaterThan(5);
  });

  it("fails on a figure given a source number that belongs to another claim, in text and chart", async () => {
    const mini = path.join(FIXTURES, "base", "content", "mini");
    const facts = readFileSync(path.join(mini, "facts.yaml"), "utf8").replace(
      "  source: src-one\nfall:",
      "  source: src-one\n  attribution: editorial\n  note: Unnamed in the notes.\n  attribution_note: An estimate the notes give without naming its source.\nfall:",
    );
    const root = tempProject({
      "content/mini/facts.yaml": facts,
      // An explicit citation of the guessed source in the figure's own clause: the number the rule forbids.
      "content/mini/sections/30-beta.md": readFileSync(path.join(mini, "sections", "30-beta.md"), "utf8").replace(
        "The beta edition has a chart.",
        'The estimate is {{fact "estimate"}}.{{cite "src-three"}}',
      ),
    });
    const beta = (await editionsOf(root)).find((e) => e.name === "mini-beta");
    expect(beta).toBeDefined();
    const problems = attributionProblems("mini-beta", beta?.html ?? "", beta!.brief);
    expect(
      problems.some((p) => /source number \d+ \(src-three\) follows estimate/.test(p)),
      problems.join("\n"),
    ).toBe(true);
    // The chart plots the estimate beside a figure credited to src-one: its number there is justified, the mark present.
    expect(problems.filter((p) => p.includes("chart"))).toEqual([]);
  });
});
