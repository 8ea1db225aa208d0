import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { connect, type AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import puppeteer, { type Browser, type Page } from "puppeteer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findBrowser, launchArgs } from "../../src/stages/6-render/browser.js";
import { processes } from "../faults/support.js";
import { REPO, specimenCopy } from "../helpers.js";
import { limit } from "../slowness.js";
import { until, watchdog } from "../watchdog.js";

/**
 * `brief preview` as an analyst uses it: started as a child process on a
 * copy of the DeepSeek project, its government edition opened in a real
 * Chromium driven by puppeteer. A save shows up without reloading, errors
 * appear in an overlay exactly as the CLI prints them and go when fixed,
 * page breaks match the PDF, traversal is refused, and SIGTERM leaves no
 * process behind.
 */

const EDITION = "deepseek-government";
const SECTION = "content/deepseek/sections/gov-40-context.md";
const LATER_SECTION = "content/deepseek/sections/gov-60-unknowns.md";

let root: string;
let child: ChildProcess;
let out = "";
let err = "";
let base = "";
let browser: Browser;
let page: Page;
const browserErrors: string[] = [];

/** Resolves when `test` holds for the preview's stdout; a hang fails naming `step`, with what the preview printed. */
async function stdoutUntil<T>(step: string, test: (text: string) => T | undefined, baseMs = 120_000): Promise<T> {
  let check = (): void => undefined;
  const seen = new Promise<T>((resolve) => {
    check = (): void => {
      const v = test(out);
      if (v !== undefined) resolve(v);
    };
    child.stdout?.on("data", check);
    check();
  });
  try {
    return await watchdog(step, baseMs, seen);
  } catch (e) {
    throw new Error(`${(e as Error).message}; stdout:\n${out}\nstderr:\n${err}`, { cause: e });
  } finally {
    child.stdout?.off("data", check);
  }
}

/** Status of a raw request (no client-side normalisation of the path). */
function rawStatus(target: string): Promise<number> {
  const { port, hostname } = new URL(base);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let data = "";
    socket.on("data", (d) => (data += String(d)));
    socket.on("end", () => resolve(Number(/^HTTP\/1\.1 (\d+)/.exec(data)?.[1])));
    socket.on("error", reject);
    socket.write(`GET ${target} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nConnection: close\r\n\r\n`);
  });
}

const edit = (rel: string, from: string, to: string): void => {
  const file = path.join(root, rel);
  const text = readFileSync(file, "utf8");
  if (!text.includes(from)) throw new Error(`${rel} does not contain ${from}`);
  writeFileSync(file, text.replace(from, to));
};
const measuredCount = (): number =>
  (out.match(new RegExp(`${EDITION}: \\d+ pages, page breaks measured`, "g")) ?? []).length;

beforeAll(async () => {
  root = specimenCopy();
  child = spawn(
    process.execPath,
    [path.join(REPO, "bin/brief.js"), "preview", "--port", "0", "--audience", "government"],
    {
      cwd: root,
      env: { ...process.env, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  child.stdout?.on("data", (d) => (out += String(d)));
  child.stderr?.on("data", (d) => (err += String(d)));
  base = await stdoutUntil(
    "the preview's address on stdout",
    (o) => /brief preview: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(o)?.[1],
  );
  await stdoutUntil("the first page breaks measured", () => (measuredCount() >= 1 ? true : undefined));
  const { found } = await findBrowser();
  if (!found) throw new Error("no browser");
  browser = await puppeteer.launch({ executablePath: found.executablePath, args: launchArgs(), headless: true });
  page = await browser.newPage();
  await page.setViewport({ width: 1200, height: 900 });
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warn") browserErrors.push(`${m.type()}: ${m.text()}`);
  });
  page.on("pageerror", (e) => browserErrors.push(`pageerror: ${String(e)}`));
  page.on("requestfailed", (r) => browserErrors.push(`requestfailed: ${r.url()}`));
  await page.goto(new URL(`e/${EDITION}/`, base).href, { waitUntil: "load" });
  // The event stream stays open (so "network idle" never comes): wait for the fonts instead.
  await page.evaluate(() => document.fonts.ready.then(() => undefined));
}, limit(300_000));

afterAll(async () => {
  await browser?.close();
  if (child && child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

describe("brief preview in a real browser", () => {
  it("shows the edition as printed sheets whose page breaks match the PDF's pages", async () => {
    const sheets = await page.$$eval(".pv-sheet", (els) =>
      els.map((s) => (s.querySelector<HTMLElement>(".pv-area")?.innerText ?? "").replace(/\s+/g, " ").trim()),
    );
    const pdf = await fetch(new URL(`e/${EDITION}/${EDITION}.pdf`, base));
    expect([pdf.status, pdf.headers.get("content-type")]).toEqual([200, "application/pdf"]);
    const file = path.join(root, "preview-test.pdf");
    writeFileSync(file, Buffer.from(await pdf.arrayBuffer()));
    const pages = execFileSync("pdftotext", [file, "-"], { encoding: "utf8" })
      .split("\f")
      .filter((p) => p.trim())
      .map((p) => p.replace(/\s+/g, " ").trim());
    expect(sheets).toHaveLength(pages.length);
    sheets.forEach((sheet, i) => {
      // The first words of each sheet (as shown, so upper-cased where CSS says so) open the same page of the PDF, after its running header.
      const opening = sheet.slice(0, 40);
      const at = (pages[i] ?? "").indexOf(opening);
      expect(
        [i + 1, at >= 0 && at < 80],
        `sheet ${i + 1} opens "${opening}"; PDF page: "${(pages[i] ?? "").slice(0, 120)}"`,
      ).toEqual([i + 1, true]);
    });
    expect(await page.$$eval("script", (s) => s.map((x) => x.getAttribute("src")))).toEqual(["/__preview/live.js"]);
  });

  it("shows a saved sentence without reloading the page, keeping the scroll position", async () => {
    await page.evaluate(() => {
      (window as unknown as { previewMarker: number }).previewMarker = 42;
      document.querySelector('[data-pv-page="2"]')?.scrollIntoView();
    });
    const y = await page.evaluate(() => window.scrollY);
    expect(y).toBeGreaterThan(500);
    const sentence = "Whether Congress passed it after February 2025, and in what form.";
    edit(LATER_SECTION, "Whether it passed after February 2025, and in what form.", sentence);
    await page.waitForFunction(
      (s: string) => document.body.textContent?.includes(s),
      { timeout: limit(30_000) },
      sentence,
    );
    expect(await page.evaluate(() => (window as unknown as { previewMarker?: number }).previewMarker)).toBe(42);
    expect(Math.abs((await page.evaluate(() => window.scrollY)) - y)).toBeLessThanOrEqual(1);
  });

  it("shows a broken fact reference in an overlay, exactly as the CLI prints it, and removes it once fixed", async () => {
    const old = await page.evaluate(() => document.body.textContent ?? "");
    edit(SECTION, '{{fact "us-ai-investment"}}', '{{fact "us-ai-investmnt"}}');
    await page.waitForSelector("#pv-overlay:not([hidden])", { timeout: limit(30_000) });
    const shown = await page.$eval("#pv-overlay pre", (p) => p.textContent ?? "");
    const line = shown.split("\n").find((l) => l.includes("facts/undefined")) ?? "";
    expect(line).toMatch(
      /^content\/deepseek\/sections\/gov-40-context\.md:\d+:\d+: error fact "us-ai-investmnt" .* facts\/undefined$/,
    );
    // The CLI's own report of the same content has the same lines.
    let cli = "";
    try {
      execFileSync(
        process.execPath,
        [path.join(REPO, "bin/brief.js"), "check", "--no-render", "--audience", "government"],
        {
          cwd: root,
          encoding: "utf8",
          stdio: ["ignore", "pipe", "pipe"],
        },
      );
    } catch (e) {
      cli = String((e as { stderr?: string }).stderr);
    }
    for (const l of shown.split("\n").filter((x) => /: (error|warning) /.test(x) || x.startsWith("  hint:")))
      expect(cli.split("\n")).toContain(l);
    // The last good rendering stays.
    expect(await page.evaluate(() => document.body.textContent ?? "")).toContain(old.slice(200, 400));
    expect(err).toContain(line);
    edit(SECTION, '{{fact "us-ai-investmnt"}}', '{{fact "us-ai-investment"}}');
    await page.waitForSelector("#pv-overlay", { hidden: true, timeout: limit(30_000) });
  });

  it("restyles the page without reloading when a stylesheet is saved", async () => {
    const tint = (): Promise<string> => page.$eval(".takeaways", (el) => getComputedStyle(el).backgroundColor);
    expect(await tint()).toBe("rgb(243, 245, 248)");
    edit("templates/styles/print.css", "--tint: #f3f5f8;", "--tint: #fdf0e0;");
    await page.waitForFunction(
      () =>
        getComputedStyle(document.querySelector(".takeaways") ?? document.body).backgroundColor ===
        "rgb(253, 240, 224)",
      { timeout: limit(30_000) },
    );
    expect(await page.evaluate(() => (window as unknown as { previewMarker?: number }).previewMarker)).toBe(42);
    edit("templates/styles/print.css", "--tint: #fdf0e0;", "--tint: #f3f5f8;");
    await page.waitForFunction(
      () =>
        getComputedStyle(document.querySelector(".takeaways") ?? document.body).backgroundColor ===
        "rgb(243, 245, 248)",
      { timeout: limit(30_000) },
    );
  });

  it("answers traversal, encoded traversal and files outside the edition with 404", async () => {
    expect(await rawStatus("/../package.json")).toBe(404);
    expect(await rawStatus("/%2e%2e/package.json")).toBe(404);
    expect(await rawStatus(`/e/${EDITION}/..%2f..%2fpackage.json`)).toBe(404);
    expect(await rawStatus(`/e/${EDITION}/%252e%252e/package.json`)).toBe(404);
    expect(await rawStatus(`/e/${EDITION}/assets/img/deepseek/facts.yaml`)).toBe(404);
  });

  it("raised no error in the browser", () => {
    expect(browserErrors).toEqual([]);
  });

  it("stops on SIGTERM within a second, leaving no process and no temporary folder behind", async () => {
    const pid = child.pid ?? 0;
    const ours = (): string[] =>
      processes()
        .filter((p) => p.cmdline.includes(`brief-chromium-${pid}-`) || p.pid === pid)
        .map((p) => `${p.pid} ${p.cmdline.slice(0, 80)}`);
    // Wait until the last save's page breaks are measured (the browser idle), so the time measured is the stop's alone.
    const measured = async (): Promise<boolean> =>
      (await (await fetch(new URL(`e/${EDITION}/`, base))).text()).includes("page breaks as Chromium prints them");
    await until("the last save's page breaks measured", 60_000, measured);
    expect(ours().length).toBeGreaterThan(1); // the preview and its Chromium
    const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
    const started = performance.now();
    child.kill("SIGTERM");
    const code = await exited;
    const ms = performance.now() - started;
    expect(code, err).toBe(0);
    expect(ms).toBeLessThan(limit(1000)); // a second on a quiet machine, scaled like every limit
    expect(ours()).toEqual([]);
    const left = readdirSync(os.tmpdir()).filter(
      (n) => n.startsWith(`brief-chromium-${pid}-`) || n.startsWith(`brief-preview-${pid}-`),
    );
    expect(left).toEqual([]);
    expect(existsSync(path.join(root, "output"))).toBe(false);
  });
});

describe("brief preview's port", () => {
  it("falls back to a free port when the one asked for is taken, and says so", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    const port = (taken.address() as AddressInfo).port;
    const p = spawn(process.execPath, [path.join(REPO, "bin/brief.js"), "preview", "--port", String(port)], {
      cwd: specimenCopy(),
      env: { ...process.env, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let text = "";
    p.stdout.on("data", (d) => (text += String(d)));
    p.stderr.on("data", (d) => (text += String(d)));
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(text)), limit(60_000));
        p.stdout.on("data", () => {
          const m = /brief preview: (http:\/\/127\.0\.0\.1:(\d+)\/)/.exec(text);
          if (!m) return;
          clearTimeout(timer);
          resolve(m[1] ?? "");
        });
      });
      expect(text).toContain(`brief preview: port ${port} is in use; using ${new URL(url).port} instead`);
      expect(new URL(url).port).not.toBe(String(port));
      expect((await fetch(url)).status).toBe(200);
    } finally {
      const exited = new Promise((resolve) => p.once("exit", resolve));
      p.kill("SIGTERM");
      await exited;
      taken.close();
    }
  });
});
