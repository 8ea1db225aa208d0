import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { prepareEdition as prepare } from "../../src/pipeline/prepare.js";
import { plan } from "../../src/stages/2-plan/index.js";
import { FIXTURES, loadedProject } from "../helpers.js";

/**
 * A fact's qualifier ("up to") is not printed after words that already
 * bound the value ("at most up to €35 million"), nor on either figure of a
 * range written "between … and …" or "from … to …". English phrases,
 * case-insensitive, read across inline markup.
 */

const facts = readFileSync(path.join(FIXTURES, "base", "content", "mini", "facts.yaml"), "utf8")
  .replace("  value: 1000000000\n", "  value: 1000000000\n  qualifier: up to\n")
  .replace("  value: 18\n", "  value: 18\n  qualifier: up to\n");

/** The printed text of each qualified fact in section `q` of the alpha edition, written as `body`. */
async function printed(body: string): Promise<string[]> {
  const project = await loadedProject({
    "content/mini/facts.yaml": facts,
    "content/mini/sections/50-q.md": `---\nid: q\ntitle: Q\norder: 50\naudiences: [alpha]\n---\n${body}\n`,
  });
  const alpha = plan(project, { audiences: ["alpha"] }).editions[0];
  if (!alpha) throw new Error("no alpha edition");
  const r = await prepare(alpha.edition, new Set(project.audiences.keys()));
  if (!r.value) throw new Error(r.diagnostics.map((d) => d.message).join("; "));
  const section = /id="sec-q"[\s\S]*?<\/section>/.exec(r.value.laidOut.html)?.[0] ?? "";
  return [...section.matchAll(/<span class="fact" data-fact="(?:estimate|fall)">([^<]*)<\/span>/g)].map(
    (m) => m[1] ?? "",
  );
}

describe("a qualifier after words that already bound the value", () => {
  it.each([
    ["Fines of at most {{fact}}.", "at most"],
    ["Fines of a maximum of {{fact}}.", "a maximum of"],
    ["Fines of no more than {{fact}}.", "no more than"],
    ["Fines of NOT MORE THAN {{fact}}.", "not more than, in capitals"],
    ["Fines of at least {{fact}}.", "at least"],
    ["Fines of a minimum of {{fact}}.", "a minimum of"],
    ["Fines of not less than {{fact}}.", "not less than"],
    ["Fines of Up To {{fact}}.", "up to, in another case"],
    ["Fines of **at most** {{fact}}.", "across strong emphasis"],
    ["Fines of *no more\nthan* {{fact}}.", "across emphasis and a line break"],
  ])("prints the bare value: %s (%s)", async (body) => {
    expect(await printed(body.replace("{{fact}}", '{{fact "estimate"}}'))).toEqual(["$1 billion"]);
  });

  it("prints neither figure's qualifier in a range: between … and …, from … to …", async () => {
    expect(await printed('Fines between {{fact "estimate"}} and {{fact "fall"}} of turnover.')).toEqual([
      "$1 billion",
      "18%",
    ]);
    expect(await printed('Fines from {{fact "estimate"}} to {{fact "fall"}} of turnover.')).toEqual([
      "$1 billion",
      "18%",
    ]);
  });

  it("keeps the qualifier where the words do not bound the value", async () => {
    expect(await printed('Fines of {{fact "estimate"}}. Money from {{fact "estimate"}} of deals.')).toEqual([
      "up to $1 billion",
      "up to $1 billion",
    ]);
    expect(await printed('Most fines reach {{fact "estimate"}}.')).toEqual(["up to $1 billion"]);
  });
});
