import puppeteer from "puppeteer";
import { describe, expect, it } from "vitest";
import { chromiumCommandLine, launchArgs } from "../../src/stages/6-render/browser.js";

/**
 * The build starts Chromium itself, before puppeteer has loaded, and then
 * attaches puppeteer to it (src/stages/6-render/chromium.ts). The command
 * line must be exactly the one puppeteer.launch would use, or the build
 * would print with other settings than the bench's floor (which launches
 * through puppeteer): this compares it with what the installed puppeteer
 * computes, so an upgrade that changes a default fails here.
 */
function puppeteers(userDataDir: string): string[] {
  // puppeteer.launch({ pipe: true }) = defaultArgs(options) + "--remote-debugging-pipe" (ChromeLauncher.computeLaunchArguments).
  return [...puppeteer.defaultArgs({ args: launchArgs(), headless: true, userDataDir }), "--remote-debugging-pipe"];
}

describe("chromiumCommandLine", () => {
  it("is puppeteer.launch's own command line for the build's options", () => {
    expect(chromiumCommandLine("/tmp/brief-chromium-1-abc", process.env)).toEqual(
      puppeteers("/tmp/brief-chromium-1-abc"),
    );
  });

  it("follows puppeteer's environment switches", () => {
    for (const env of [
      { PUPPETEER_DANGEROUS_NO_SANDBOX: "true" },
      { PUPPETEER_TEST_EXPERIMENTAL_CHROME_FEATURES: "true" },
    ]) {
      const saved = { ...process.env };
      Object.assign(process.env, env);
      try {
        expect(chromiumCommandLine("/tmp/p", process.env)).toEqual(puppeteers("/tmp/p"));
      } finally {
        for (const k of Object.keys(env)) if (!(k in saved)) delete process.env[k];
      }
    }
  });

  it("resolves a relative profile folder as puppeteer does", () => {
    expect(chromiumCommandLine("rel/dir", process.env)).toEqual(puppeteers("rel/dir"));
  });
});
