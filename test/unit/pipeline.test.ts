import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { PDFDocument } from "pdf-lib";
import { afterEach, describe, expect, it } from "vitest";
import { main } from "../../src/cli/index.js";
import { build } from "../../src/index.js";
import { REAL_SEAMS, runBuild, runCheck, type Seams } from "../../src/pipeline/index.js";
import { RenderError, type Renderer, type RendererFactory } from "../../src/stages/6-render/index.js";
import { lines, snapshot, taggedBlankPdf, tempProject } from "../helpers.js";

/**
 * The whole pipeline without a browser: the render stage's interface is
 * a seam, so these tests pass a fake renderer that "prints" a small PDF
 * made with pdf-lib (or fails the way a browser can). Everything else is
 * real: preparing, pagination, PDF finishing, the page budget, atomic
 * writes, the lock and the exit code. test/e2e and test/faults do the
 * same with the real Chromium.
 */

/** A PDF with `pages` blank pages, tagged as Chromium tags what it prints. */
const blankPdf = (pages: number): Promise<Uint8Array> => taggedBlankPdf(pages);

/** A fake renderer factory: each print is `print(htmlFile)`; records starts, prints and closes. */
function fakeRenderer(print: (htmlFile: string) => Promise<Uint8Array>): {
  seams: Seams;
  log: string[];
} {
  const log: string[] = [];
  const openRenderer: RendererFactory = () => {
    log.push("open");
    const renderer: Renderer = {
      openPage: () =>
        Promise.resolve({
          browserVersion: "FakeChrome/1.0",
          print: async (htmlFile: string) => {
            log.push(`print ${path.basename(htmlFile)}`);
            return { pdf: await print(htmlFile), blocked: [] };
          },
          close: () => Promise.resolve(),
        }),
      close: () => {
        log.push("close");
        return Promise.resolve();
      },
    };
    return Promise.resolve(renderer);
  };
  return { seams: { ...REAL_SEAMS, openRenderer }, log };
}

describe("build, with a fake renderer", () => {
  it("publishes PDF and HTML for every edition, with metadata, in one browser with --jobs 1, and reports them", async () => {
    const root = tempProject();
    const { seams, log } = fakeRenderer(() => blankPdf(2));
    const r = await runBuild({ root, jobs: 1 }, seams);
    expect(lines(r.diagnostics.filter((d) => d.severity !== "info"))).toEqual([]);
    expect(r.exitCode).toBe(0);
    expect(r.editions.map((e) => [e.name, e.status, e.pages, e.files.map((f) => path.relative(root, f))])).toEqual([
      ["mini-alpha", "built", 2, ["output/mini-alpha.html", "output/mini-alpha.pdf"]],
      ["mini-beta", "built", 2, ["output/mini-beta.html", "output/mini-beta.pdf"]],
    ]);
    expect(log[0]).toBe("open");
    expect(log.at(-1)).toBe("close");
    expect(log.filter((l) => l === "open")).toHaveLength(1);
    const pdf = await PDFDocument.load(readFileSync(path.join(root, "output/mini-alpha.pdf")), {
      updateMetadata: false,
    });
    expect(pdf.getTitle()).toMatch(/ — /);
    expect(pdf.getCreator()).toMatch(/^policy-brief \d+\.\d+\.\d+$/);
    expect(existsSync(path.join(root, "output/.brief-lock"))).toBe(false);
  });

  it("an edition over its page budget is an error, and its previous files are kept", async () => {
    const root = tempProject();
    expect((await runBuild({ root }, fakeRenderer(() => blankPdf(1)).seams)).exitCode).toBe(0);
    const before = snapshot(path.join(root, "output"));
    // The inputs did not change, so the cache would serve the edition: this build must render.
    const r = await runBuild({ root, audiences: ["beta"], cache: false }, fakeRenderer(() => blankPdf(9)).seams);
    expect(r.exitCode).toBe(1);
    const errors = r.diagnostics.filter((d) => d.severity === "error");
    expect(lines(errors)).toEqual([
      'content/mini/sections/30-beta.md:2:5: error edition mini-beta has 9 pages, over its budget of 3; it ends with section "Beta section" edition/page-budget',
    ]);
    expect(errors[0]?.hint).toBe(
      "The over-budget PDF is kept at output/.rejected/mini-beta.pdf for inspection. Shorten the edition's sections, or raise page.budget in templates/audiences/beta.yaml.",
    );
    // The edition's own files are untouched; the rejected print sits beside them, never as the edition.
    const after = snapshot(path.join(root, "output"));
    const rejected = after.get(".rejected/mini-beta.pdf");
    after.delete(".rejected/mini-beta.pdf");
    expect(after).toEqual(before);
    expect((await PDFDocument.load(rejected ?? new Uint8Array())).getPageCount()).toBe(9);
    // Once the edition fits again, the rejected copy goes.
    expect(
      (await runBuild({ root, audiences: ["beta"], cache: false }, fakeRenderer(() => blankPdf(2)).seams)).exitCode,
    ).toBe(0);
    expect(existsSync(path.join(root, "output/.rejected/mini-beta.pdf"))).toBe(false);
  });

  it("a crashed browser fails its edition (exit 3); the next edition gets a fresh browser", async () => {
    const root = tempProject();
    const { seams, log } = fakeRenderer(async (html) => {
      if (html.endsWith("mini-alpha.html"))
        throw new RenderError(
          "crash",
          "Chromium crashed (SIGSEGV) while rendering mini-alpha.html; no PDF was written",
        );
      return blankPdf(1);
    });
    const r = await runBuild({ root, jobs: 1 }, seams);
    expect(r.exitCode).toBe(3);
    expect(lines(r.diagnostics.filter((d) => d.severity === "error"))).toEqual([
      "output/mini-alpha.pdf:0:0: error Chromium crashed (SIGSEGV) while rendering mini-alpha.html; no PDF was written render/crash",
    ]);
    expect(r.editions.map((e) => `${e.name} ${e.status}`)).toEqual(["mini-alpha failed", "mini-beta built"]);
    expect(log.filter((l) => l === "open")).toHaveLength(2);
    expect(log.filter((l) => l === "close")).toHaveLength(2);
  });

  it("a print that never returns times out (exit 3), and the browser is closed", async () => {
    const root = tempProject();
    const { seams, log } = fakeRenderer(() => new Promise<Uint8Array>(() => undefined));
    const r = await runBuild({ root, audiences: ["alpha"], timeoutMs: 200 }, seams);
    expect(r.exitCode).toBe(3);
    expect(lines(r.diagnostics.filter((d) => d.severity === "error"))).toEqual([
      "output/mini-alpha.pdf:0:0: error rendering mini-alpha.html took longer than 200 ms render/timeout",
    ]);
    expect(log).toEqual(["open", "print mini-alpha.html", "close"]);
  });

  it("with no browser at all, the editions after the first are skipped rather than retried", async () => {
    const root = tempProject();
    const seams: Seams = {
      ...REAL_SEAMS,
      openRenderer: () => Promise.reject(new RenderError("no-browser", "no Chromium or Chrome found (tried nowhere)")),
    };
    const r = await runBuild({ root }, seams);
    expect(r.exitCode).toBe(3);
    expect(lines(r.diagnostics.filter((d) => d.severity === "error"))).toEqual([
      "output/mini-alpha.pdf:0:0: error no Chromium or Chrome found (tried nowhere) render/no-browser",
    ]);
    expect(r.editions.map((e) => `${e.name} ${e.status}`)).toEqual(["mini-alpha failed", "mini-beta failed"]);
  });

  it("prints the contents again until its page numbers are where the headings fell", async () => {
    const root = tempProject();
    const { seams, log } = fakeRenderer(() => blankPdf(2));
    await runBuild({ root, audiences: ["alpha"] }, seams);
    // The fake PDF has no named destinations, so the first print's blank numbers become 0s once, then settle.
    expect(log.filter((l) => l.startsWith("print"))).toEqual(["print mini-alpha.html", "print mini-alpha.html"]);
  });
});

describe("build and check without a browser", () => {
  it("--format html needs no renderer at all", async () => {
    const root = tempProject();
    const { seams, log } = fakeRenderer(() => blankPdf(1));
    const r = await runBuild({ root, formats: ["html"] }, seams);
    expect(r.exitCode).toBe(0);
    expect(log).toEqual([]);
    expect(existsSync(path.join(root, "output/mini-alpha.html"))).toBe(true);
    expect(existsSync(path.join(root, "output/mini-alpha.pdf"))).toBe(false);
  });

  it("check counts pages through the same publish path, into a temporary folder", async () => {
    const root = tempProject();
    const r = await runCheck({ root }, fakeRenderer(() => blankPdf(1)).seams);
    expect(r.exitCode).toBe(0);
    expect(
      lines(r.diagnostics.filter((d) => d.ruleId === "edition/page-budget" || d.ruleId === "check/rendered")),
    ).toEqual([
      "output:0:0: info rendered 2 editions to check page budgets and PDF/UA-1 (nothing was written to output/) check/rendered",
      "templates/audiences/alpha.yaml:8:11: info edition mini-alpha: 1 pages (budget 3) edition/page-budget",
      "templates/audiences/beta.yaml:8:11: info edition mini-beta: 1 pages (budget 3) edition/page-budget",
    ]);
    expect(existsSync(path.join(root, "output"))).toBe(false);
  });

  it("a stale lock and a crashed build's temporary files are removed by the next build", async () => {
    const root = tempProject();
    const out = path.join(root, "output");
    mkdirSync(path.join(out, ".brief-staging-999999999-mini-alpha"), { recursive: true });
    writeFileSync(
      path.join(out, ".brief-lock"),
      JSON.stringify({
        pid: 999_999_999,
        host: (await import("node:os")).hostname(),
        token: "gone",
        started: null,
      }),
    );
    const r = await build({ root, formats: ["html"] });
    expect(lines(r.diagnostics.filter((d) => d.ruleId.startsWith("output/")))).toEqual([
      "output:0:0: info removed 1 temporary file(s) left by a crashed build: .brief-staging-999999999-mini-alpha output/stale-temp",
      "output/.brief-lock:0:0: info removed a stale lock left by build 999999999, which is no longer running output/stale-lock",
    ]);
  });
});

describe("the CLI in-process", () => {
  const cwd = process.cwd();
  afterEach(() => process.chdir(cwd));
  const run = async (argv: string[]): Promise<{ code: number; out: string; err: string }> => {
    let out = "";
    let err = "";
    const code = await main(argv, { out: (s) => void (out += s), err: (s) => void (err += s), tty: false });
    return { code, out, err };
  };

  it("build --format html prints what it built; check --no-render reports grades; usage errors exit 2", async () => {
    process.chdir(tempProject());
    const built = await run(["build", "--format", "html"]);
    expect(built.code).toBe(0);
    expect(built.out).toBe("built mini-alpha: output/mini-alpha.html\nbuilt mini-beta: output/mini-beta.html\n");
    const checked = await run(["check", "--no-render", "--format", "json"]);
    expect(checked.code).toBe(0);
    expect(
      (JSON.parse(checked.out) as { ruleId: string }[]).filter((f) => f.ruleId === "edition/reading-grade"),
    ).toHaveLength(2);
    expect((await run(["build", "--timeout", "soon"])).err).toBe(
      "brief: --timeout must be a positive number of milliseconds\nRun `brief --help` for usage.\n",
    );
    expect((await run(["check", "--format", "xml"])).code).toBe(2);
    expect((await run(["build", "extra"])).err).toBe(
      'brief: unexpected argument "extra"\nRun `brief --help` for usage.\n',
    );
    expect((await run(["--bogus"])).err).toContain('unknown option "--bogus" before a command');
    const help = await run(["build", "--help"]);
    expect(help.code).toBe(0);
    expect(help.out).toContain("Usage: brief <command>");
  });

  it("--brief naming no brief is wrong usage (exit 2), naming the choices", async () => {
    process.chdir(tempProject());
    const r = await run(["check", "--no-render", "--brief", "nope"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('content:0:0: error no brief "nope" cli/unknown-brief\n  hint: Use one of: mini.');
  });
});
