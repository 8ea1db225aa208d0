import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { prepareEdition as prepare } from "../../src/pipeline/prepare.js";
import { load } from "../../src/stages/1-load/index.js";
import { plan } from "../../src/stages/2-plan/index.js";
import { REPO, specimenCopy, tempProject } from "../helpers.js";

/**
 * Golden HTML: the laid-out document of each edition, compared byte for
 * byte. `UPDATE=1` rewrites the files under test/golden/html/; a reviewer
 * reads the diff. Both the specimen's editions (a frozen copy of the
 * DeepSeek brief) and the mini fixture's change only when the pipeline does.
 */

const DIR = path.join(REPO, "test", "golden", "html");

async function editionsOf(root: string): Promise<{ name: string; html: string }[]> {
  const { value: project } = await load({ root, contentDir: path.join(root, "content"), templatesDir: path.join(root, "templates") });
  const names = new Set(project.audiences.keys());
  const out: { name: string; html: string }[] = [];
  for (const { edition } of plan(project).editions) {
    const r = await prepare(edition, names);
    if (!r.value) throw new Error(`${edition.name}: ${r.diagnostics.map((d) => d.message).join("; ")}`);
    out.push({ name: edition.name, html: r.value.laidOut.html });
  }
  return out;
}

function compare(name: string, html: string): void {
  const file = path.join(DIR, `${name}.html`);
  if (process.env.UPDATE === "1" || !existsSync(file)) {
    mkdirSync(DIR, { recursive: true });
    writeFileSync(file, html);
  }
  expect(html, `${name} differs from test/golden/html/${name}.html (UPDATE=1 to accept)`).toBe(readFileSync(file, "utf8"));
}

describe("golden HTML", () => {
  it("matches for each edition of the specimen (a frozen DeepSeek brief)", async () => {
    const editions = await editionsOf(specimenCopy());
    expect(editions.map((e) => e.name)).toEqual(["deepseek-government", "deepseek-investor", "deepseek-student"]);
    for (const e of editions) compare(e.name, e.html);
  });
  it("matches for the mini fixture's editions", async () => {
    for (const e of await editionsOf(tempProject())) compare(e.name, e.html);
  });
});
