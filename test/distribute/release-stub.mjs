#!/usr/bin/env node
// A stand-in for `brief release` (issue 10) until it lands: builds a project
// with the real pipeline (dist/, so `make` first) and assembles a release
// folder by the contract in src/release/manifest.ts: the editions, their
// assets, manifest.json (hashes of the real files), SHA256SUMS, CHANGES.md
// and a zip of the HTML editions. Used by the distribute tests, and by hand:
//
//   node test/distribute/release-stub.mjs [--root DIR] --out RELEASE_DIR
import { createHash } from "node:crypto";
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { parse } from "yaml";
import yazl from "yazl";
import { build } from "../../dist/index.js";
import { ReleaseManifest } from "../../dist/release/manifest.js";

const sha256 = (data) => createHash("sha256").update(data).digest("hex");

function listFiles(dir, prefix = "") {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const abs = path.join(dir, name);
      const rel = prefix ? `${prefix}/${name}` : name;
      return statSync(abs).isDirectory() ? listFiles(abs, rel) : [rel];
    });
}

/** The takeaways box's items as plain text. */
function takeawaysOf(html) {
  const box = /<aside class="takeaways"[\s\S]*?<\/aside>/.exec(html)?.[0] ?? "";
  return [...box.matchAll(/<li>([\s\S]*?)<\/li>/g)].map((m) =>
    m[1]
      .replace(/<sup[\s\S]*?<\/sup>/g, "")
      .replace(/<[^>]+>/g, "")
      .replace(/&amp;/g, "&")
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&quot;/g, '"')
      .replace(/&#x27;|&#39;/g, "'")
      .replace(/\s+/g, " ")
      .trim(),
  );
}

function zipOf(entries) {
  const z = new yazl.ZipFile();
  for (const [name, data] of entries)
    z.addBuffer(data, name, { mtime: new Date(1980, 0, 1), forceDosTimestamp: true, mode: 0o100644 });
  const chunks = [];
  return new Promise((resolve, reject) => {
    z.outputStream.on("data", (c) => chunks.push(c));
    z.outputStream.on("end", () => resolve(Buffer.concat(chunks)));
    z.outputStream.on("error", reject);
    z.end();
  });
}

/**
 * Build `root` and write a release folder at `releaseDir`. `changes` is
 * CHANGES.md's text; `outDir` where the build writes (a temp folder by default).
 */
export async function makeRelease({ root, releaseDir, changes = "First release.\n", outDir }) {
  const out = outDir ?? mkdtempSync(path.join(os.tmpdir(), "brief-stub-out-"));
  const result = await build({ root, outDir: out });
  if (result.exitCode !== 0)
    throw new Error(`build failed (${result.exitCode}): ${result.diagnostics.map((d) => d.message).join("; ")}`);
  mkdirSync(releaseDir, { recursive: true });
  const assets = listFiles(path.join(out, "assets")).map((p) => `assets/${p}`);
  cpSync(path.join(out, "assets"), path.join(releaseDir, "assets"), { recursive: true });
  const entry = (rel, kind) => {
    const data = readFileSync(path.join(out, rel));
    return { path: rel, sha256: sha256(data), bytes: data.length, kind };
  };
  const editions = [];
  for (const brief of readdirSync(path.join(root, "content")).sort()) {
    const config = parse(readFileSync(path.join(root, "content", brief, "brief.yaml"), "utf8"));
    for (const audience of config.audiences) {
      const name = `${brief}-${audience}`;
      const report = result.editions.find((e) => e.name === name);
      if (!report || report.status !== "built") continue;
      const aud = parse(readFileSync(path.join(root, "templates", "audiences", `${audience}.yaml`), "utf8"));
      for (const ext of ["pdf", "html"])
        cpSync(path.join(out, `${name}.${ext}`), path.join(releaseDir, `${name}.${ext}`));
      const html = readFileSync(path.join(out, `${name}.html`), "utf8");
      const files = [
        entry(`${name}.pdf`, "pdf"),
        entry(`${name}.html`, "html"),
        ...assets.map((a) => entry(a, "asset")),
      ];
      editions.push({
        name,
        brief,
        audience,
        title: config.title,
        edition: aud.cover.edition,
        audienceLabel: aud.label,
        editionDate: config.edition_date,
        informationAsOf: config.information_as_of,
        inputHash: sha256(`${name}\n${files.map((f) => f.sha256).join("\n")}`),
        pages: report.pages,
        readingGrade: report.readingGrade ?? 0,
        sections: [...html.matchAll(/id="sec-([a-z0-9-]+)"/g)].map((m) => m[1]),
        takeaways: takeawaysOf(html),
        facts: [],
        sources: [],
        files,
      });
    }
  }
  const zip = await zipOf(
    editions.flatMap((e) =>
      e.files.filter((f) => f.kind !== "pdf").map((f) => [f.path, readFileSync(path.join(out, f.path))]),
    ),
  );
  writeFileSync(path.join(releaseDir, "editions-html.zip"), zip);
  const manifest = ReleaseManifest.parse({
    version: 1,
    inputHash: sha256(editions.map((e) => e.inputHash).join("\n")),
    pipeline: "policy-brief (release stub)",
    node: process.version,
    chromium: null,
    created: `${editions[0]?.editionDate ?? "2025-01-01"}T12:00:00Z`,
    editions,
    facts: [],
    sources: [],
    htmlZip: { path: "editions-html.zip", sha256: sha256(zip), bytes: zip.length },
  });
  writeFileSync(path.join(releaseDir, "manifest.json"), `${JSON.stringify(manifest, null, 2)}\n`);
  const sums = [...new Map(editions.flatMap((e) => e.files).map((f) => [f.path, f])).values()]
    .map((f) => `${f.sha256}  ${f.path}`)
    .concat(`${manifest.htmlZip.sha256}  editions-html.zip`);
  writeFileSync(path.join(releaseDir, "SHA256SUMS"), `${sums.join("\n")}\n`);
  writeFileSync(path.join(releaseDir, "CHANGES.md"), changes);
  return manifest;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { root: { type: "string" }, out: { type: "string" } } });
  if (!values.out) {
    process.stderr.write("usage: node test/distribute/release-stub.mjs [--root DIR] --out RELEASE_DIR\n");
    process.exit(2);
  }
  const m = await makeRelease({ root: path.resolve(values.root ?? "."), releaseDir: path.resolve(values.out) });
  process.stdout.write(`release with ${m.editions.length} editions in ${values.out}\n`);
}
