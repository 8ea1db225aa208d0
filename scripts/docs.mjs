#!/usr/bin/env node
// Regenerate the README's rules table from the rule catalogue (make docs).
import { readFileSync, writeFileSync } from "node:fs";
import { withRulesTable } from "../dist/diagnostics/docs.js";

const file = new URL("../README.md", import.meta.url);
const before = readFileSync(file, "utf8");
const after = withRulesTable(before);
if (after !== before) writeFileSync(file, after);
console.log(after === before ? "README.md: rules table up to date" : "README.md: rules table regenerated");
