import { execFileSync, spawnSync } from "node:child_process";
import {
  cpSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  existsSync,
  mkdirSync,
  symlinkSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath, pathToFileURL } from "node:url";
import { expect } from "vitest";
import { check, formatLine, formatReport, type CheckOptions, type Diagnostic } from "../src/index.js";
import type { Project } from "../src/model.js";
import { load } from "../src/stages/1-load/index.js";
import { limit } from "./slowness.js";

/** Shared test utilities: temporary projects built from fixtures, and PDF readers. */

export const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const FIXTURES = path.join(REPO, "test", "fixtures");

/**
 * A throw-away project: the repository's templates (layout, partials,
 * styles), the base fixture (a mini brief and two audiences), then
 * `overlay` files on top. Returns its root.
 */
export function tempProject(overlay: Record<string, string | Buffer | null> = {}, base = "base"): string {
  const root = mkdtempSync(path.join(os.tmpdir(), "brief-test-"));
  cpSync(path.join(REPO, "templates"), path.join(root, "templates"), {
    recursive: true,
    filter: (src) => !src.includes(`${path.sep}audiences`),
  });
  cpSync(path.join(FIXTURES, base), root, { recursive: true });
  for (const [rel, content] of Object.entries(overlay)) {
    const abs = path.join(root, rel);
    if (content === null) rmSync(abs, { force: true, recursive: true });
    else {
      mkdirSync(path.dirname(abs), { recursive: true });
      writeFileSync(abs, content);
    }
  }
  return root;
}

/** The base fixture with `overlay` applied, loaded; fails the test if loading reports an error. */
export async function loadedProject(overlay: Record<string, string | null> = {}): Promise<Project> {
  const root = tempProject(overlay);
  const { value: project, diagnostics } = await load({
    root,
    contentDir: path.join(root, "content"),
    templatesDir: path.join(root, "templates"),
  });
  expect(diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return project;
}

/**
 * The specimen project in a temporary root: the repository's templates
 * (layout, partials, styles) with the specimen fixture's content and
 * audiences (a frozen copy of the DeepSeek brief, test/fixtures/specimen),
 * never the real content/, so the suite passes whatever briefs it holds.
 */
export function specimenCopy(): string {
  return tempProject({}, "specimen");
}

/**
 * What a checkout of the project holds (besides node_modules, output/ and
 * docs/): one list, so every copy of the project (projectCopy here, the
 * tutorial test's checkout copy) gains a new top-level folder together.
 */
export const PROJECT_ENTRIES = [
  "bin",
  "dist",
  "src",
  "test",
  "templates",
  "content",
  "scripts",
  "csl",
  "init",
  "package.json",
  "package-lock.json",
  "tsconfig.json",
  "tsconfig.build.json",
  "vitest.config.ts",
  ".puppeteerrc.cjs",
  "Makefile",
  "README.md",
] as const;

/**
 * A copy of the whole project (code, tests, the shipped templates, Makefile)
 * in a temporary folder, sharing this checkout's node_modules through a
 * link. Timestamps are kept, so `make` there sees node_modules as up to date
 * and never reinstalls through the link. Its audiences and content are the
 * specimen fixture's (the three shipped audiences and a frozen DeepSeek
 * brief), never the checkout's own `templates/audiences/` and `content/`:
 * an audience or brief an author adds (as the README's tutorial does) must
 * not change what a test sees.
 */
export function projectCopy(): string {
  const copy = mkdtempSync(path.join(os.tmpdir(), "brief-project-"));
  for (const entry of PROJECT_ENTRIES.filter((e) => e !== "content" && e !== "dist"))
    cpSync(path.join(REPO, entry), path.join(copy, entry), {
      recursive: true,
      preserveTimestamps: true,
      filter: (src) => path.relative(REPO, src) !== path.join("templates", "audiences"),
    });
  const specimen = path.join(FIXTURES, "specimen");
  for (const entry of ["content", path.join("templates", "audiences")])
    cpSync(path.join(specimen, entry), path.join(copy, entry), { recursive: true, preserveTimestamps: true });
  symlinkSync(path.join(REPO, "node_modules"), path.join(copy, "node_modules"), "dir");
  return copy;
}

/** Read a file of a temp project. */
export function read(root: string, rel: string): string {
  return readFileSync(path.join(root, rel), "utf8");
}

/** Diagnostics as the CLI prints them, for exact assertions. */
export function lines(ds: readonly Diagnostic[]): string[] {
  return ds.map(formatLine);
}

/** Errors only. */
export function errors(ds: readonly Diagnostic[]): Diagnostic[] {
  return ds.filter((d) => d.severity === "error");
}

/** Text of a PDF, page by page (pdftotext; installed by `make test-tools`). */
export function pdfPages(file: string, layout = true): string[] {
  const text = execFileSync("pdftotext", [...(layout ? ["-layout"] : []), file, "-"], {
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  const pages = text.split("\f");
  if (pages[pages.length - 1]?.trim() === "") pages.pop();
  return pages;
}

/** Whole text of a PDF with whitespace collapsed. */
export function pdfText(file: string): string {
  return execFileSync("pdftotext", [file, "-"], { encoding: "utf8", maxBuffer: 64 << 20 }).replace(/\s+/g, " ");
}

/** `pdfinfo` fields as a record. */
export function pdfInfo(file: string): Record<string, string> {
  const out = execFileSync("pdfinfo", [file], { encoding: "utf8" });
  return Object.fromEntries(
    out
      .split("\n")
      .filter((l) => l.includes(":"))
      .map((l) => [l.slice(0, l.indexOf(":")).trim(), l.slice(l.indexOf(":") + 1).trim()]),
  );
}

/** `pdffonts` rows: name, type, emb, sub. */
export function pdfFonts(file: string): { name: string; emb: string; sub: string }[] {
  const out = execFileSync("pdffonts", [file], { encoding: "utf8" }).split("\n").slice(2).filter(Boolean);
  return out.map((l) => {
    const cols = l.trim().split(/\s+/);
    const n = cols.length;
    return { name: cols[0] ?? "", emb: cols[n - 5] ?? "", sub: cols[n - 4] ?? "" };
  });
}

/** Snapshot of every file under a folder: relative path → bytes (hex digest not needed for small outputs). */
export function snapshot(dir: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  if (!existsSync(dir)) return out;
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const abs = path.join(d, name);
      if (statSync(abs).isDirectory()) walk(abs);
      else out.set(path.relative(dir, abs), readFileSync(abs));
    }
  };
  walk(dir);
  return out;
}

/** Link annotations of a PDF: external URIs and the count of internal links. */
export async function pdfLinks(file: string): Promise<{ uris: string[]; internal: number }> {
  const { PDFDocument, PDFName, PDFDict, PDFArray, PDFString, PDFHexString } = await import("pdf-lib");
  const doc = await PDFDocument.load(readFileSync(file), { updateMetadata: false });
  const uris: string[] = [];
  let internal = 0;
  for (const page of doc.getPages()) {
    const annots = page.node.lookup(PDFName.of("Annots"));
    if (!(annots instanceof PDFArray)) continue;
    for (let i = 0; i < annots.size(); i++) {
      const a = annots.lookup(i);
      if (!(a instanceof PDFDict)) continue;
      const action = a.lookup(PDFName.of("A"));
      const uri = action instanceof PDFDict ? action.lookup(PDFName.of("URI")) : undefined;
      if (uri instanceof PDFString || uri instanceof PDFHexString) uris.push(uri.decodeText());
      else if (a.get(PDFName.of("Dest")) || (action instanceof PDFDict && action.get(PDFName.of("D")))) internal++;
    }
  }
  return { uris, internal };
}

/** Titles of a PDF's outline (bookmarks), depth-first, with their depth. */
export async function outlineTitles(pdf: Uint8Array): Promise<{ title: string; depth: number }[]> {
  const { PDFDocument, PDFName, PDFDict, PDFString, PDFHexString } = await import("pdf-lib");
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const out: { title: string; depth: number }[] = [];
  const visitItem = (item: unknown, depth: number): void => {
    let node = item;
    while (node instanceof PDFDict) {
      const t = node.lookup(PDFName.of("Title"));
      if (t instanceof PDFString || t instanceof PDFHexString) out.push({ title: t.decodeText(), depth });
      visitItem(node.lookup(PDFName.of("First")), depth + 1);
      node = node.lookup(PDFName.of("Next"));
    }
  };
  const root = doc.catalog.lookup(PDFName.of("Outlines"));
  if (root instanceof PDFDict) visitItem(root.lookup(PDFName.of("First")), 0);
  return out;
}

/**
 * The overlay a golden fixture folder describes: every file in it (paths
 * relative to the folder) except `expected.txt` and `options.json`, plus a
 * `DELETE` file listing paths to remove (one a line). For tempProject().
 */
export function overlayOf(dir: string): Record<string, Buffer | null> {
  const out: Record<string, Buffer | null> = {};
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const abs = path.join(d, name);
      const rel = path.relative(dir, abs).split(path.sep).join("/");
      if (rel === "expected.txt" || rel === "options.json") continue;
      if (rel === "DELETE") {
        for (const line of readFileSync(abs, "utf8").split("\n").filter(Boolean)) out[line] = null;
        continue;
      }
      if (statSync(abs).isDirectory()) walk(abs);
      else out[rel] = readFileSync(abs);
    }
  };
  walk(dir);
  return out;
}

const LINT = path.join(FIXTURES, "lint");

/** A lint fixture's check options (`options.json`); render defaults to false. */
function lintOptions(dir: string): CheckOptions {
  const file = path.join(dir, "options.json");
  const given = existsSync(file)
    ? (JSON.parse(readFileSync(file, "utf8")) as { strict?: boolean; render?: boolean })
    : {};
  return {
    render: given.render ?? false,
    ...(given.strict !== undefined ? { strict: given.strict } : {}),
  };
}

/** Names of the lint fixtures (test/fixtures/lint/<name>) that do, or do not, render. */
export function lintFixtures(which: { render: boolean }): string[] {
  return readdirSync(LINT)
    .sort()
    .filter((name) => (lintOptions(path.join(LINT, name)).render ?? false) === which.render);
}

/**
 * Run `brief check` on a lint fixture laid over the base fixture and
 * compare the report with its `expected.txt` (`UPDATE=1` rewrites it).
 */
export async function expectLintFixture(name: string): Promise<void> {
  const dir = path.join(LINT, name);
  const root = tempProject(overlayOf(dir));
  const result = await check({ root, ...lintOptions(dir) });
  const shown = result.diagnostics.filter((d) => d.ruleId !== "edition/reading-grade");
  const report = `${formatReport(shown)}exit ${result.exitCode}\n`;
  const expectedFile = path.join(dir, "expected.txt");
  if (process.env.UPDATE === "1" || !existsSync(expectedFile)) writeFileSync(expectedFile, report);
  expect(report).toBe(readFileSync(expectedFile, "utf8"));
}

/**
 * What a fake renderer "prints": `pages` blank pages, tagged the way a
 * PDF/UA checker wants a document with no content (MarkInfo Marked, a
 * structure tree holding an empty Document element), so that the build's
 * PDF/UA-1 check passes on it and the tests exercise everything else.
 */
export async function taggedBlankPdf(pages: number, size: [number, number] = [595, 842]): Promise<Uint8Array> {
  const { PDFDocument, PDFName } = await import("pdf-lib");
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i++) doc.addPage(size);
  const rootRef = doc.context.nextRef();
  const documentElem = doc.context.register(doc.context.obj({ Type: "StructElem", S: "Document", P: rootRef }));
  const parentTree = doc.context.register(doc.context.obj({ Nums: [] }));
  doc.context.assign(rootRef, doc.context.obj({ Type: "StructTreeRoot", K: documentElem, ParentTree: parentTree }));
  doc.catalog.set(PDFName.of("StructTreeRoot"), rootRef);
  doc.catalog.set(PDFName.of("MarkInfo"), doc.context.obj({ Marked: true }));
  return doc.save();
}

/**
 * Errors the W3C Nu HTML checker (vnu-jar, run with Java; both installed by
 * `make test-tools` and npm) finds in `files`, one `file:line.col: error message` each.
 * Warnings are not errors and are left out.
 */
export function vnuErrors(files: readonly string[]): string[] {
  const jar = path.join(REPO, "node_modules", "vnu-jar", "build", "dist", "vnu.jar");
  const r = spawnSync("java", ["-jar", jar, "--errors-only", "--format", "gnu", ...files], {
    encoding: "utf8",
    timeout: limit(120_000),
  });
  if (r.error) throw new Error(`vnu could not run (is Java installed? make test-tools): ${r.error.message}`);
  const lines = `${r.stdout}${r.stderr}`.split("\n").filter((l) => l.trim() !== "");
  if (r.status !== 0 && lines.length === 0) throw new Error(`vnu exited ${r.status} without saying why`);
  return lines;
}

/** axe-core's violations for an HTML file opened in the real browser (the page's own CSP bypassed to inject axe), one line each. */
export async function axeViolations(file: string): Promise<string[]> {
  const { default: puppeteer } = await import("puppeteer");
  const { findBrowser, launchArgs } = await import("../src/stages/6-render/browser.js");
  const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
  const { found } = await findBrowser();
  if (!found) throw new Error("no browser for the accessibility check");
  const browser = await puppeteer.launch({ executablePath: found.executablePath, args: launchArgs() });
  try {
    const page = await browser.newPage();
    await page.setBypassCSP(true);
    await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
    await page.addScriptTag({ content: axeSource });
    const result = (await page.evaluate(`axe.run(document, { resultTypes: ["violations"] })`)) as {
      violations: { id: string; nodes: { target: unknown[] }[] }[];
    };
    return result.violations.map((v) => `${v.id}: ${JSON.stringify(v.nodes.map((n) => n.target))}`);
  } finally {
    await browser.close();
  }
}
