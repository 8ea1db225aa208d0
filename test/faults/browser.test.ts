import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { build, type Result } from "../../src/index.js";
import { runBuild } from "../../src/pipeline/index.js";
import { lines, snapshot } from "../helpers.js";
import { publishedBase } from "../published-base.js";
import { limit } from "../slowness.js";
import { eventually, faultyChromium, leftovers, ourChromium, survivors } from "./support.js";

/**
 * Browser faults, each on the real base fixture with the real Chromium:
 * a build first publishes good editions (the run's shared build of the
 * base fixture, each test on its own copy), the content then changes, and the
 * faulty build must leave those editions byte for byte as they were, leave
 * no temporary file and no Chromium process of ours behind, and exit 3.
 * Faults come through the render stage's interface (a renderer factory
 * that wraps the real one), never through the public options.
 */

function renderErrors(r: Result): string[] {
  return lines(r.diagnostics.filter((d) => d.ruleId.startsWith("render/")));
}

describe.each([1, 2])("browser faults, --jobs %i", (jobs) => {
  // Browsers the build starts: with --jobs 1 the fault ends the first browser and the next
  // edition gets a new one; with --jobs 2 both editions print as pages of one browser.
  const browsers = jobs === 1 ? 2 : 1;

  it("Chromium killed with SIGKILL mid-render: exit 3, says so, no partial PDF, output unchanged, nothing survives", async () => {
    const { root, out, before } = publishedBase();
    const { seen, seams } = faultyChromium((_html, browser) => {
      process.kill(browser.pid, "SIGKILL");
    });
    const r = await runBuild({ root, jobs }, seams);
    expect(r.exitCode).toBe(3);
    expect(renderErrors(r)).toEqual([
      "output/mini-alpha.pdf:0:0: error Chromium was killed (SIGKILL) while rendering mini-alpha.html; no PDF was written render/crash",
      "output/mini-beta.pdf:0:0: error Chromium was killed (SIGKILL) while rendering mini-beta.html; no PDF was written render/crash",
    ]);
    expect(r.editions.map((e) => `${e.name} ${e.status}`)).toEqual(["mini-alpha failed", "mini-beta failed"]);
    expect(snapshot(out)).toEqual(before);
    expect(leftovers(out)).toEqual([]);
    expect(seen).toHaveLength(browsers);
    expect(await eventually(() => survivors(seen).length === 0)).toBe(true);
    expect(ourChromium()).toEqual([]);
    for (const s of seen) expect(existsSync(s.userDataDir)).toBe(false);
  });

  it("page.pdf hangs past the time limit: a clear time-out, the browser closed, output unchanged", async () => {
    const { root, out, before } = publishedBase();
    const { seen, seams } = faultyChromium(() => new Promise<void>(() => undefined));
    // The limit covers the browser's start and the page's load too: scaled by the run's slowness, so
    // that on a loaded machine it is still the hanging print, not a slow start, that reaches it.
    const timeoutMs = limit(4000);
    const r = await runBuild({ root, timeoutMs, jobs }, seams);
    expect(r.exitCode).toBe(3);
    expect(renderErrors(r)).toEqual([
      `output/mini-alpha.pdf:0:0: error rendering mini-alpha.html took longer than ${timeoutMs} ms render/timeout`,
      `output/mini-beta.pdf:0:0: error rendering mini-beta.html took longer than ${timeoutMs} ms render/timeout`,
    ]);
    expect(r.diagnostics.find((d) => d.ruleId === "render/timeout")?.hint).toMatch(/raise --timeout/);
    expect(snapshot(out)).toEqual(before);
    expect(leftovers(out)).toEqual([]);
    expect(seen).toHaveLength(browsers);
    expect(await eventually(() => survivors(seen).length === 0)).toBe(true);
    expect(ourChromium()).toEqual([]);
  });

  it("Chromium cannot be found: exit 3, and the message says how to get one", async () => {
    const { root, out, before } = publishedBase();
    const r = await build({
      root,
      jobs,
      env: { ...process.env, PUPPETEER_EXECUTABLE_PATH: "/nonexistent" },
    });
    expect(r.exitCode).toBe(3);
    expect(renderErrors(r)).toEqual([
      "output/mini-alpha.pdf:0:0: error no Chromium or Chrome found (tried PUPPETEER_EXECUTABLE_PATH=/nonexistent) render/no-browser",
    ]);
    expect(r.diagnostics.find((d) => d.ruleId === "render/no-browser")?.hint).toBe(
      "Run `npx brief setup` (in the tool's own repository, `make setup`): it finds or installs one. Or install Chromium (`apt-get install chromium`), or set PUPPETEER_EXECUTABLE_PATH to a Chrome/Chromium binary.",
    );
    expect(snapshot(out)).toEqual(before);
    expect(leftovers(out)).toEqual([]);
  });

  it("Chromium cannot start (the path is not a browser): exit 3, and the message names the path", async () => {
    const { root, out, before } = publishedBase();
    const r = await build({
      root,
      jobs,
      env: { ...process.env, PUPPETEER_EXECUTABLE_PATH: "/bin/false" },
    });
    expect(r.exitCode).toBe(3);
    const [line] = renderErrors(r);
    expect(line).toMatch(
      /^output\/mini-alpha\.pdf:0:0: error Chromium at \/bin\/false \(PUPPETEER_EXECUTABLE_PATH\) failed to start: .* render\/launch$/,
    );
    expect(r.diagnostics.find((d) => d.ruleId === "render/launch")?.hint).toMatch(/make setup/);
    expect(snapshot(out)).toEqual(before);
    expect(leftovers(out)).toEqual([]);
    expect(ourChromium()).toEqual([]);
  });
});
