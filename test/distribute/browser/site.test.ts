import { execFileSync, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { PNG } from "pngjs";
import puppeteer from "puppeteer";
import { beforeAll, describe, expect, it } from "vitest";
import { distribute } from "../../../src/distribute/index.js";
import { findBrowser, launchArgs } from "../../../src/stages/6-render/browser.js";
import { REPO, tempProject, vnuErrors } from "../../helpers.js";
import { makeRelease } from "../make-release.js";
import { editionOf, MINI_DISTRIBUTION, smtpServer } from "../support.js";

/**
 * With a real release of the mini fixture (real PDFs from Chromium): the
 * site passes axe-core in Chromium with zero violations and the W3C Nu
 * checker with zero errors, its thumbnails
 * are PNGs of each PDF's first page, and a `--send` run killed halfway
 * then run again leaves every recipient with exactly one message.
 */

const require = createRequire(import.meta.url);
let root = "";
let release = "";

beforeAll(async () => {
  root = tempProject({ "content/mini/distribution.yaml": MINI_DISTRIBUTION });
  release = path.join(root, "release");
  await makeRelease({ root, releaseDir: release, changes: "First release & <notes>\n" });
  const result = await distribute({ root, release });
  expect(result.exitCode).toBe(0);
});

/** Grey levels of a PNG sampled on a `n`×`n` grid (0–255). */
function grid(png: PNG, n: number): number[] {
  const out: number[] = [];
  for (let gy = 0; gy < n; gy++)
    for (let gx = 0; gx < n; gx++) {
      let sum = 0;
      let count = 0;
      const x0 = Math.floor((gx * png.width) / n);
      const y0 = Math.floor((gy * png.height) / n);
      for (let y = y0; y < Math.floor(((gy + 1) * png.height) / n); y++)
        for (let x = x0; x < Math.floor(((gx + 1) * png.width) / n); x++) {
          const i = (y * png.width + x) * 4;
          sum += ((png.data[i] ?? 0) + (png.data[i + 1] ?? 0) + (png.data[i + 2] ?? 0)) / 3;
          count++;
        }
      out.push(sum / Math.max(1, count));
    }
  return out;
}

const distance = (a: number[], b: number[]): number =>
  a.reduce((s, v, i) => s + Math.abs(v - (b[i] ?? 0)), 0) / a.length;

/** Page `n` of a PDF drawn by poppler at the thumbnail's width. */
function poppler(pdf: string, n: number, width: number): PNG {
  const prefix = path.join(root, `page-${path.basename(pdf)}-${n}`);
  execFileSync("pdftoppm", [
    "-png",
    "-f",
    String(n),
    "-l",
    String(n),
    "-scale-to-x",
    String(width),
    "-scale-to-y",
    "-1",
    "-singlefile",
    pdf,
    prefix,
  ]);
  return PNG.sync.read(readFileSync(`${prefix}.png`));
}

describe("the publication site", () => {
  it("opens from disk and passes axe-core with zero violations", async () => {
    const { found } = await findBrowser();
    const browser = await puppeteer.launch({
      ...(found ? { executablePath: found.executablePath } : {}),
      args: launchArgs(),
      headless: true,
    });
    try {
      const page = await browser.newPage();
      await page.setViewport({ width: 1280, height: 900 });
      const failed: string[] = [];
      page.on("requestfailed", (r) => failed.push(r.url()));
      // The page's own Content-Security-Policy (issue 28) forbids scripts; the auditor's script is let in.
      await page.setBypassCSP(true);
      await page.goto(pathToFileURL(path.join(release, "site/index.html")).href, { waitUntil: "load" });
      await page.addScriptTag({ path: require.resolve("axe-core/axe.min.js") });
      const violations = await page.evaluate(async () => {
        const axe = (window as unknown as { axe: { run(): Promise<{ violations: { id: string; help: string }[] }> } })
          .axe;
        const r = await axe.run();
        return r.violations.map((v) => `${v.id}: ${v.help}`);
      });
      expect(violations).toEqual([]);
      expect(failed).toEqual([]);
      const cards = await page.$$eval("li.card h2", (hs) => hs.map((h) => h.textContent));
      expect(cards).toEqual(["Alpha edition", "Beta edition"]);
      const text = await page.$eval("main", (m) => m.textContent ?? "");
      expect(text).toContain("First release & <notes>");
      // Every relative link and image points at a file in the release folder.
      const refs = await page.$$eval("a[href], img[src]", (els) =>
        els.map((e) => (e instanceof HTMLAnchorElement ? e.href : e.src)).filter((u) => u.startsWith("file:")),
      );
      for (const ref of refs) expect(existsSync(new URL(ref))).toBe(true);
      await page.screenshot({ path: path.join(root, "site.png"), fullPage: true });
    } finally {
      await browser.close();
    }
  });

  it("site/index.html and the released HTML editions: 0 errors from the W3C Nu checker", () => {
    const files = ["site/index.html", "mini-alpha.html", "mini-beta.html"].map((f) => path.join(release, f));
    expect(files.every((f) => existsSync(f))).toBe(true);
    expect(vnuErrors(files)).toEqual([]);
  });

  it("thumbnails are PNGs of each PDF's first page", () => {
    for (const name of ["mini-alpha", "mini-beta"]) {
      const thumb = PNG.sync.read(readFileSync(path.join(release, `site/thumbs/${name}.png`)));
      expect(thumb.width).toBe(480);
      const pdf = path.join(release, `${name}.pdf`);
      const first = grid(poppler(pdf, 1, thumb.width), 24);
      const second = grid(poppler(pdf, 2, thumb.width), 24);
      const ours = grid(thumb, 24);
      expect(distance(ours, first)).toBeLessThan(6);
      expect(distance(ours, second)).toBeGreaterThan(2 * distance(ours, first));
    }
  });
});

describe("a --send run killed halfway", () => {
  it("then run again, gives every recipient exactly one message", async () => {
    let accept = 2;
    const server = await smtpServer(() => (accept-- > 0 ? undefined : "hold"));
    const ledger = path.join(root, "kill-ledger.jsonl");
    const run = () =>
      spawn(
        process.execPath,
        [path.join(REPO, "bin/brief.js"), "distribute", "--release", release, "--send", "--ledger", ledger],
        {
          cwd: root,
          env: { ...process.env, BRIEF_SMTP_URL: server.url, BRIEF_SMTP_ALLOW_CLEARTEXT: "1" },
          stdio: "ignore",
        },
      );
    try {
      const first = run();
      const lines = () => (existsSync(ledger) ? readFileSync(ledger, "utf8").split("\n").filter(Boolean).length : 0);
      for (let i = 0; i < 600 && lines() < 2; i++) await new Promise((r) => setTimeout(r, 100));
      expect(lines()).toBe(2);
      first.kill("SIGKILL");
      await new Promise((r) => first.once("exit", r));
      expect(server.received).toHaveLength(2);
      accept = Infinity;
      const second = run();
      const code = await new Promise((r) => second.once("exit", r));
      expect(code).toBe(0);
      const got = server.received.map((r) => `${r.to.join()} ${editionOf(r.mail)}`).sort();
      expect(got).toEqual([
        "ada@example.org mini-alpha",
        "bo@example.org mini-alpha",
        "bo@example.org mini-beta",
        "cy@example.org mini-beta",
      ]);
      expect(lines()).toBe(4);
    } finally {
      await server.close();
    }
  });
});
