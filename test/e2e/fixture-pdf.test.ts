import { appendFileSync, existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { build, type PipelineEvent } from "../../src/index.js";
import { pdfInfo, pdfPages, pdfText, snapshot, tempProject } from "../helpers.js";
import { builtBase } from "../published-base.js";
import { limit } from "../slowness.js";

/**
 * The mini fixture with a real browser: per-audience options and failure
 * safety. The tests that read or protect a finished build start from the
 * run's shared build of the base fixture (test/published-base.ts), each on
 * its own copy.
 */

describe("mini fixture PDFs", () => {
  it("honour each audience's page size and contents setting", () => {
    // The run's shared build of the base fixture (`brief build`, checked: exit 0, no error or warning).
    const { root } = builtBase();
    const alpha = path.join(root, "output/mini-alpha.pdf");
    const beta = path.join(root, "output/mini-beta.pdf");
    expect(pdfInfo(alpha)["Page size"]).toContain("594.96 x 841.92");
    expect(pdfInfo(beta)["Page size"]).toContain("612 x 792");
    expect(pdfText(alpha)).toContain("Contents");
    expect(pdfText(beta)).not.toContain("Contents");
    expect(pdfText(alpha)).toContain("a*b_c [d] <e> & f");
    expect(pdfText(beta)).toContain("Only beta readers see this beta-paragraph.");
    expect(pdfText(beta)).not.toContain("alpha-paragraph");
    expect(pdfPages(alpha).length).toBeLessThanOrEqual(3);
  });

  it(
    "prints an edition with an image the same whether its contents were measured (body swapped in) or remembered",
    async () => {
      // mini-alpha has a contents page and an image; two pages print side by side, so one of them is not in front.
      // The run's shared build of the base fixture was cold (an empty cache, no page numbers to remember): its
      // mini-alpha was measured, printed again with the body swapped in, and its pages went into the cache.
      const { root } = builtBase();
      const measured = readFileSync(path.join(root, "output/mini-alpha.pdf"));
      // A changed input that changes no output: a cache miss that prints once, from the remembered page numbers.
      appendFileSync(path.join(root, "content/mini/brief.yaml"), "\n");
      const statuses: string[] = [];
      const onEvent = (e: PipelineEvent): void => void (e.kind === "edition" && statuses.push(`${e.name} ${e.status}`));
      const guessed = await build({ root, onEvent });
      expect(guessed.exitCode).toBe(0);
      expect(statuses.sort()).toEqual(["mini-alpha built", "mini-beta built"]);
      const alpha = readFileSync(path.join(root, "output/mini-alpha.pdf"));
      expect(alpha.equals(measured)).toBe(true);
      expect(pdfText(path.join(root, "output/mini-alpha.pdf"))).toContain("Contents");
    },
    limit(120_000),
  );

  it("writes HTML editions that open from disk with their CSS and bundled fonts", async () => {
    const root = tempProject();
    expect((await build({ root, formats: ["html"] })).exitCode).toBe(0);
    const { default: puppeteer } = await import("puppeteer");
    const { findBrowser, launchArgs } = await import("../../src/stages/6-render/browser.js");
    const { found } = await findBrowser();
    if (!found) throw new Error("no browser for the HTML check");
    const browser = await puppeteer.launch({
      executablePath: found.executablePath,
      args: launchArgs(),
    });
    try {
      const page = await browser.newPage();
      const failed: string[] = [];
      page.on("requestfailed", (r) => failed.push(r.url()));
      await page.goto(pathToFileURL(path.join(root, "output/mini-beta.html")).href, {
        waitUntil: "load",
      });
      const state = await page.evaluate(async () => {
        await document.fonts.ready;
        return {
          family: getComputedStyle(document.body).fontFamily,
          loaded: [...document.fonts].filter((f) => f.status === "loaded").map((f) => f.family),
          errors: [...document.fonts].filter((f) => f.status === "error").length,
          title: document.title,
        };
      });
      expect(failed).toEqual([]);
      expect(state.errors).toBe(0);
      expect(state.family).toContain("Source Serif 4");
      expect(new Set(state.loaded)).toEqual(new Set(["Source Serif 4", "Source Sans 3", "Noto Sans SC"]));
      expect(state.title).toBe("Mini brief for tests — Beta edition");
    } finally {
      await browser.close();
    }
  });

  it("keeps the previous edition byte for byte when a later build has a content error", async () => {
    const { root } = builtBase();
    const before = snapshot(path.join(root, "output"));
    const broken = tempProject({
      "content/mini/sections/10-common.md": '---\nid: common\ntitle: Common\norder: 10\n---\nNow {{fact "ghost"}}.\n',
    });
    const r = await build({ root: broken, outDir: path.join(root, "output") });
    expect(r.exitCode).toBe(1);
    expect(r.editions.every((e) => e.status === "failed")).toBe(true);
    expect(snapshot(path.join(root, "output"))).toEqual(before);
  });

  it("fails an edition over its page budget without replacing the previous PDF", async () => {
    // Both editions published; the build over budget is alpha's alone, and nothing of either may change.
    const { root } = builtBase();
    const before = snapshot(path.join(root, "output"));
    const long = Array.from(
      { length: 60 },
      (_, i) => `Paragraph ${i + 1} repeats a plain sentence so that the edition runs past its budget of three pages.`,
    ).join("\n\n");
    const over = tempProject({
      "content/mini/sections/40-long.md": `---\nid: long\ntitle: Long\norder: 40\naudiences: [alpha]\n---\n${long}\n`,
    });
    const r = await build({ root: over, outDir: path.join(root, "output"), audiences: ["alpha"] });
    expect(r.exitCode).toBe(1);
    const d = r.diagnostics.find((x) => x.ruleId === "edition/page-budget");
    expect(d?.message).toMatch(
      /^edition mini-alpha has \d+ pages, over its budget of 3; it ends with section "Long", which starts on page \d+$/,
    );
    expect(d?.file).toBe("content/mini/sections/40-long.md");
    const after = snapshot(path.join(root, "output"));
    // The rejected print is kept beside the output, never as the edition.
    expect(after.delete(".rejected/mini-alpha.pdf")).toBe(true);
    expect(after).toEqual(before);
    expect(existsSync(path.join(root, "output/mini-alpha.pdf"))).toBe(true);
  });
});
