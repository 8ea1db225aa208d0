#!/usr/bin/env node
// Regenerate the reference pages that mirror code (make docs): the rules
// table in docs/rules.md from the rule catalogue, and the `brief --help`
// text in docs/cli.md. Tests fail when either is out of date.
import { readFileSync, writeFileSync } from "node:fs";
import { helpText } from "../dist/cli/help.js";
import { between, HELP_END, HELP_START, withRulesTable } from "../dist/diagnostics/docs.js";

const pages = [
  ["docs/rules.md", (doc) => withRulesTable(doc)],
  ["docs/cli.md", (doc) => between(doc, HELP_START, HELP_END, "```\n" + helpText("N") + "```")],
];
for (const [page, update] of pages) {
  const file = new URL(`../${page}`, import.meta.url);
  const before = readFileSync(file, "utf8");
  const after = update(before);
  if (after !== before) writeFileSync(file, after);
  console.log(`${page}: ${after === before ? "up to date" : "regenerated"}`);
}
