#!/usr/bin/env node
// Regenerate the rules reference (docs/rules.md) from the rule catalogue (make docs).
import { readFileSync, writeFileSync } from "node:fs";
import { withRulesTable } from "../dist/diagnostics/docs.js";

const file = new URL("../docs/rules.md", import.meta.url);
const before = readFileSync(file, "utf8");
const after = withRulesTable(before);
if (after !== before) writeFileSync(file, after);
console.log(after === before ? "docs/rules.md: rules table up to date" : "docs/rules.md: rules table regenerated");
