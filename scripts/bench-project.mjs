// The project copies `make bench` times (scripts/bench.mjs, bench-pdfua.mjs).
import { cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

/**
 * Copy the project's content and templates from `repo` into `root`, with
 * `briefs` copies of each brief (named `<brief>-01`, … when more than one).
 * Every audience's page budget is lifted in the copy (`page.budget: 99`), so
 * an edition over its budget is still written and every run prints the
 * same editions; the budget changes nothing in a PDF.
 */
export function copyProject(repo, root, briefs = 1) {
  cpSync(path.join(repo, "templates"), path.join(root, "templates"), { recursive: true });
  const audiences = path.join(root, "templates", "audiences");
  for (const f of readdirSync(audiences).filter((f) => f.endsWith(".yaml"))) {
    const file = path.join(audiences, f);
    writeFileSync(file, readFileSync(file, "utf8").replace(/^(\s+budget:)\s*\d+/m, "$1 99"));
  }
  for (const b of readdirSync(path.join(repo, "content")))
    for (let i = 0; i < briefs; i++)
      cpSync(
        path.join(repo, "content", b),
        path.join(root, "content", briefs === 1 ? b : `${b}-${String(i + 1).padStart(2, "0")}`),
        { recursive: true },
      );
  return root;
}
