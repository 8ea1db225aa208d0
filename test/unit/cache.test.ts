import {
  appendFileSync,
  chmodSync,
  cpSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/index.js";
import { BuildCache } from "../../src/pipeline/cache.js";
import { REAL_SEAMS, runBuild, type Seams } from "../../src/pipeline/index.js";
import type { BuildOptions, PipelineEvent } from "../../src/pipeline/options.js";
import type { RendererFactory } from "../../src/stages/6-render/index.js";
import { REPO, snapshot, taggedBlankPdf, tempProject } from "../helpers.js";

/**
 * The build cache (src/pipeline/cache.ts): an edition is rendered again
 * exactly when something that shapes it changed, and a damaged cache is
 * never served. A fake renderer (the render stage's seam) records which
 * editions were printed, so no browser is needed; everything else is the
 * real pipeline on the mini fixture.
 */

/** A renderer that "prints" a one-page PDF and records the editions it printed. */
function recording(): { seams: Seams; printed: string[]; opened: () => number } {
  const printed: string[] = [];
  let opened = 0;
  const openRenderer: RendererFactory = () => {
    opened++;
    return Promise.resolve({
      close: () => Promise.resolve(),
      openPage: () =>
        Promise.resolve({
          browserVersion: "FakeChrome/1.0",
          close: () => Promise.resolve(),
          print: async (html: string) => {
            printed.push(path.basename(html, ".html"));
            return { pdf: await taggedBlankPdf(1, [612, 792]), blocked: [] };
          },
        }),
    });
  };
  return { seams: { ...REAL_SEAMS, openRenderer }, printed, opened: () => opened };
}

/** Which editions a build printed (each once, sorted). */
async function rendersOf(root: string, o: Omit<BuildOptions, "root"> = {}): Promise<string[]> {
  const { seams, printed } = recording();
  const r = await runBuild({ root, ...o }, seams);
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return [...new Set(printed)].sort();
}

/** The mini fixture plus a fact only alpha prints, a fact nobody prints, and a Greek letter only beta sets. */
function project(extra: Record<string, string> = {}): string {
  const facts = readFileSync(path.join(REPO, "test/fixtures/base/content/mini/facts.yaml"), "utf8");
  return tempProject({
    "content/mini/facts.yaml": `${facts}alpha-fact:\n  value: 7\n  format: number\n  as_of: 2025-02-05\n  source: src-one\nspare:\n  value: 8\n  format: number\n  as_of: 2025-02-05\n  source: src-one\n`,
    "content/mini/sections/25-alpha-fact.md":
      '---\nid: alpha-fact\ntitle: Alpha fact\norder: 25\naudiences: [alpha]\n---\nThere were {{fact "alpha-fact"}} of them.\n',
    "content/mini/sections/35-beta-greek.md":
      "---\nid: beta-greek\ntitle: Beta letters\norder: 35\naudiences: [beta]\n---\nBeta alone names the Greek letter α.\n",
    "templates/audiences/alpha/style.css": ".cover { letter-spacing: 0; }\n",
    ...extra,
  });
}

const edit = (root: string, rel: string, from: string, to: string): void => {
  const file = path.join(root, rel);
  const text = readFileSync(file, "utf8");
  expect(text).toContain(from);
  writeFileSync(file, text.replace(from, to));
};

describe("the build cache", () => {
  it("a rebuild with nothing changed starts no renderer, writes nothing, and reports every edition as cached", async () => {
    const root = project();
    expect(await rendersOf(root)).toEqual(["mini-alpha", "mini-beta"]);
    const before = snapshot(path.join(root, "output"));
    const { seams, printed, opened } = recording();
    const events: PipelineEvent[] = [];
    const r = await runBuild({ root, onEvent: (e) => void events.push(e) }, seams);
    expect(r.exitCode).toBe(0);
    expect(printed).toEqual([]);
    expect(opened()).toBe(0);
    expect(r.editions.map((e) => `${e.name} ${e.status} ${e.pages}`)).toEqual([
      "mini-alpha built 1",
      "mini-beta built 1",
    ]);
    expect(events.flatMap((e) => (e.kind === "edition" ? [`${e.name} ${e.status}`] : []))).toEqual([
      "mini-alpha cached",
      "mini-beta cached",
    ]);
    expect(snapshot(path.join(root, "output"))).toEqual(before);
  });

  it("starts the browser before reading the project only when no edition can come from the cache", async () => {
    const root = project();
    const brief = path.join(root, "content/mini/brief.yaml");
    const good = readFileSync(brief, "utf8");
    expect(await new BuildCache(root).empty("html,pdf")).toBe(true);
    // An unreadable brief: with nothing cached the browser was already starting when that became known (and is closed).
    writeFileSync(brief, "title: [unclosed\n");
    const first = recording();
    expect((await runBuild({ root }, first.seams)).exitCode).not.toBe(0);
    expect(first.opened()).toBe(1);
    const noCache = recording();
    expect((await runBuild({ root, cache: false }, noCache.seams)).exitCode).not.toBe(0);
    expect(noCache.opened()).toBe(1);
    // Once entries exist for these formats, the cache decides first: the same broken brief starts no browser.
    writeFileSync(brief, good);
    expect(await rendersOf(root)).toEqual(["mini-alpha", "mini-beta"]);
    expect(await new BuildCache(root).empty("html,pdf")).toBe(false);
    expect(await new BuildCache(root).empty("html")).toBe(true);
    writeFileSync(brief, "title: [unclosed\n");
    const later = recording();
    expect((await runBuild({ root }, later.seams)).exitCode).not.toBe(0);
    expect(later.opened()).toBe(0);
  });

  it("re-renders exactly the editions each change reaches", async () => {
    const root = project();
    await rendersOf(root);
    const cases: [string, () => void, string[]][] = [
      [
        "a section only alpha reads",
        () => appendFileSync(path.join(root, "content/mini/sections/20-alpha.md"), "\nOne more sentence.\n"),
        ["mini-alpha"],
      ],
      [
        "a section both read",
        () => appendFileSync(path.join(root, "content/mini/sections/10-common.md"), "\nOne more sentence.\n"),
        ["mini-alpha", "mini-beta"],
      ],
      [
        "a partial",
        () => appendFileSync(path.join(root, "templates/partials/notes.hbs"), "\n"),
        ["mini-alpha", "mini-beta"],
      ],
      [
        "alpha's own stylesheet",
        () => appendFileSync(path.join(root, "templates/audiences/alpha/style.css"), "h2 { margin: 0; }\n"),
        ["mini-alpha"],
      ],
      [
        "the base stylesheet",
        () => appendFileSync(path.join(root, "templates/styles/print.css"), "\n/* note */\n"),
        ["mini-alpha", "mini-beta"],
      ],
      [
        "beta's audience file",
        () => edit(root, "templates/audiences/beta.yaml", "Second test audience.", "The second test audience."),
        ["mini-beta"],
      ],
      [
        "a fact only alpha prints",
        () => edit(root, "content/mini/facts.yaml", "value: 7\n", "value: 9\n"),
        ["mini-alpha"],
      ],
      ["a fact nobody prints", () => edit(root, "content/mini/facts.yaml", "value: 8\n", "value: 10\n"), []],
      [
        "a fact both print",
        () => edit(root, "content/mini/facts.yaml", "value: 18\n", "value: 19\n"),
        ["mini-alpha", "mini-beta"],
      ],
      [
        "brief.yaml",
        () => edit(root, "content/mini/brief.yaml", "A small brief", "A tiny brief"),
        ["mini-alpha", "mini-beta"],
      ],
      [
        "an image only alpha shows",
        () => appendFileSync(path.join(root, "content/mini/images/square.png"), Buffer.from([0])),
        ["mini-alpha"],
      ],
    ];
    for (const [what, change, expected] of cases) {
      change();
      expect(await rendersOf(root), what).toEqual(expected);
      expect(await rendersOf(root), `${what}, built again`).toEqual([]);
    }
  });

  it("SOURCE_DATE_EPOCH and the browser (a new executable, as an upgrade gives) re-render every edition", async () => {
    const root = project();
    const browser = path.join(root, "fake-chromium");
    writeFileSync(browser, "#!/bin/sh\nexit 0\n");
    chmodSync(browser, 0o755);
    const env = { ...process.env, PUPPETEER_EXECUTABLE_PATH: browser, SOURCE_DATE_EPOCH: "1739145600" };
    expect(await rendersOf(root, { env })).toEqual(["mini-alpha", "mini-beta"]);
    expect(await rendersOf(root, { env })).toEqual([]);
    expect(await rendersOf(root, { env: { ...env, SOURCE_DATE_EPOCH: "1739232000" } })).toEqual([
      "mini-alpha",
      "mini-beta",
    ]);
    // The upgrade: the same path, a new file.
    rmSync(browser);
    writeFileSync(browser, "#!/bin/sh\n# version 2\nexit 0\n");
    chmodSync(browser, 0o755);
    expect(await rendersOf(root, { env: { ...env, SOURCE_DATE_EPOCH: "1739232000" } })).toEqual([
      "mini-alpha",
      "mini-beta",
    ]);
    // HTML alone does not depend on the browser.
    expect(await rendersOf(root, { env, formats: ["html"] })).toEqual([]);
    expect(
      await rendersOf(root, { env: { ...env, PUPPETEER_EXECUTABLE_PATH: "/bin/true" }, formats: ["html"] }),
    ).toEqual([]);
  });

  it("a font file re-renders exactly the editions that use it (fonts resolve from the project's own node_modules first)", async () => {
    const root = project();
    const pkg = path.join(root, "node_modules/@fontsource/source-serif-4");
    mkdirSync(path.dirname(pkg), { recursive: true });
    cpSync(path.join(REPO, "node_modules/@fontsource/source-serif-4"), pkg, { recursive: true });
    await rendersOf(root);
    const cache = new BuildCache(root);
    const deps = async (edition: string): Promise<string[]> =>
      ((await cache.read(edition, "html,pdf"))?.deps ?? []).map((d) => d.file);
    const alpha = await deps("mini-alpha");
    const betaOnly = (await deps("mini-beta")).filter((f) => f.startsWith(pkg) && !alpha.includes(f));
    expect(betaOnly.length, "beta's Greek letter needs a font file alpha does not").toBeGreaterThan(0);
    appendFileSync(betaOnly[0] ?? "", Buffer.from([0]));
    expect(await rendersOf(root)).toEqual(["mini-beta"]);
    const shared = alpha.find((f) => f.startsWith(pkg));
    appendFileSync(shared ?? "", Buffer.from([0]));
    expect(await rendersOf(root)).toEqual(["mini-alpha", "mini-beta"]);
  });

  it("writes back an output file that was deleted or edited, from the cache, without rendering", async () => {
    const root = project();
    await rendersOf(root);
    const out = path.join(root, "output");
    const before = snapshot(out);
    rmSync(path.join(out, "mini-alpha.pdf"));
    appendFileSync(path.join(out, "mini-beta.html"), "<!-- edited by hand -->");
    rmSync(path.join(out, "assets/css/mini-alpha.css"));
    expect(await rendersOf(root)).toEqual([]);
    expect(snapshot(out)).toEqual(before);
  });

  it("a corrupt, truncated or foreign entry, or a damaged object, is rebuilt and never served", async () => {
    const root = project();
    await rendersOf(root);
    const out = path.join(root, "output");
    const before = snapshot(out);
    const entries = path.join(root, ".cache/brief/editions");
    const entry = (e: string): string => path.join(entries, `${e}.html,pdf.json`);
    // Truncated.
    truncateSync(entry("mini-alpha"), 100);
    expect(await rendersOf(root)).toEqual(["mini-alpha"]);
    // Valid JSON, wrong checksum: one byte of a recorded value changed.
    const text = readFileSync(entry("mini-alpha"), "utf8");
    writeFileSync(entry("mini-alpha"), text.replace(/"pages":1/, '"pages":2'));
    expect(await rendersOf(root)).toEqual(["mini-alpha"]);
    // Foreign: another edition's entry under this name.
    cpSync(entry("mini-alpha"), entry("mini-beta"));
    expect(await rendersOf(root)).toEqual(["mini-beta"]);
    // A damaged object, needed because its output file was deleted: rebuilt, not restored from bad bytes.
    const objects = path.join(root, ".cache/brief/objects");
    const pdfHash =
      (
        JSON.parse(readFileSync(entry("mini-beta"), "utf8")) as { outputs: { path: string; sha256: string }[] }
      ).outputs.find((o) => o.path === "mini-beta.pdf")?.sha256 ?? "";
    expect(readdirSync(objects)).toContain(pdfHash);
    writeFileSync(path.join(objects, pdfHash), "not a pdf");
    rmSync(path.join(out, "mini-beta.pdf"));
    expect(await rendersOf(root)).toEqual(["mini-beta"]);
    expect(snapshot(out)).toEqual(before);
    expect(await rendersOf(root)).toEqual([]);
  });

  it("--no-cache renders every edition and leaves the cache as it was; brief clean removes it", async () => {
    const root = project();
    await rendersOf(root);
    const cached = snapshot(path.join(root, ".cache/brief"));
    expect(await rendersOf(root, { cache: false })).toEqual(["mini-alpha", "mini-beta"]);
    expect(snapshot(path.join(root, ".cache/brief"))).toEqual(cached);
    const cwd = process.cwd();
    let out = "";
    try {
      process.chdir(root);
      expect(await main(["clean"], { out: (s) => void (out += s), err: () => undefined, tty: false })).toBe(0);
    } finally {
      process.chdir(cwd);
    }
    expect(out).toBe("removed the build cache (.cache/brief)\n");
    expect(snapshot(path.join(root, ".cache/brief")).size).toBe(0);
    expect(await rendersOf(root)).toEqual(["mini-alpha", "mini-beta"]);
  });

  it("uses the page numbers it remembers as the contents' first guess, so an edition whose pages did not move prints once", async () => {
    const root = project();
    const first = recording();
    await runBuild({ root, audiences: ["alpha"] }, first.seams);
    expect(first.printed).toEqual(["mini-alpha", "mini-alpha"]);
    appendFileSync(path.join(root, "content/mini/sections/20-alpha.md"), "\nA sentence that moves no heading.\n");
    const second = recording();
    await runBuild({ root, audiences: ["alpha"] }, second.seams);
    expect(second.printed).toEqual(["mini-alpha"]);
  });
});
