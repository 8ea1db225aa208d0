import { accessSync, constants, realpathSync, statSync } from "node:fs";
import path from "node:path";

/**
 * Finding a Chromium to drive. The order matches DEVELOPERS.md and the set-up
 * script: an explicit path, then a system Chrome or Chromium, then
 * puppeteer's own cache. Installing one is the set-up script's job, not
 * the build's.
 */

/** Where a browser was found, and how. */
export interface BrowserLocation {
  readonly executablePath: string;
  readonly how: "PUPPETEER_EXECUTABLE_PATH" | "system" | "puppeteer-cache";
}

const SYSTEM_NAMES = ["chromium", "chromium-browser", "google-chrome-stable", "google-chrome", "chrome"];
const SYSTEM_PATHS = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome-stable",
  "/usr/bin/google-chrome",
  "/snap/bin/chromium",
  "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
  "/Applications/Chromium.app/Contents/MacOS/Chromium",
];

function executable(p: string): boolean {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** Find a browser, or return undefined with the places that were tried. */
export async function findBrowser(
  env: NodeJS.ProcessEnv = process.env,
): Promise<{ found?: BrowserLocation; tried: string[] }> {
  const tried: string[] = [];
  const explicit = env.PUPPETEER_EXECUTABLE_PATH;
  if (explicit) {
    // An explicit path is final: if it is wrong, say so rather than silently using another browser.
    tried.push(`PUPPETEER_EXECUTABLE_PATH=${explicit}`);
    return executable(explicit)
      ? { found: { executablePath: explicit, how: "PUPPETEER_EXECUTABLE_PATH" }, tried }
      : { tried };
  }
  const dirs = (env.PATH ?? "").split(path.delimiter).filter(Boolean);
  for (const name of SYSTEM_NAMES) {
    for (const dir of dirs) {
      const p = path.join(dir, name);
      if (executable(p)) return { found: { executablePath: p, how: "system" }, tried };
    }
  }
  tried.push(`${SYSTEM_NAMES.join(", ")} on PATH`);
  for (const p of SYSTEM_PATHS) {
    if (executable(p)) return { found: { executablePath: p, how: "system" }, tried };
  }
  tried.push(...SYSTEM_PATHS);
  try {
    const puppeteer = (await import("puppeteer")).default;
    const p = puppeteer.executablePath();
    tried.push(`puppeteer cache (${p})`);
    if (p && executable(p)) return { found: { executablePath: p, how: "puppeteer-cache" }, tried };
  } catch {
    tried.push("puppeteer cache (none)");
  }
  return { tried };
}

/** Features that reach the network in the background (chrome-launcher's list for tools, and sign-in). */
const OFFLINE_FEATURES = [
  "DialMediaRouteProvider",
  "InterestFeedContentSuggestions",
  "CertificateTransparencyComponentUpdater",
  "AutofillServerCommunication",
  "OptimizationGuideModelDownloading",
  "OptimizationHintsFetching",
  "PrivacySandboxSettings4",
  "MediaEngagementBypassAutoplayPolicies",
];

/** Chromium flags: quiet, offline, deterministic; no sandbox only when running as root. */
export function launchArgs(): string[] {
  const args = [
    "--disable-gpu",
    "--no-first-run",
    "--no-default-browser-check",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--disable-quic",
    "--font-render-hinting=none",
    "--disable-dev-shm-usage",
    // No background lookups (issue 28): Google's reliability reports, pings, DNS prefetch, field-trial
    // (variations) configuration, and the features that fetch models, hints, feeds and components.
    "--disable-domain-reliability",
    "--no-pings",
    "--dns-prefetch-disable",
    "--disable-field-trial-config",
    "--disable-client-side-phishing-detection",
    `--disable-features=${OFFLINE_FEATURES.join(",")}`,
  ];
  if (typeof process.getuid === "function" && process.getuid() === 0) args.push("--no-sandbox");
  return args;
}

/**
 * The whole command line puppeteer 24's `launch()` gives Chromium for
 * `{ args: launchArgs(), headless: true, pipe: true, userDataDir }`:
 * puppeteer's defaults (ChromeLauncher.defaultArgs, with the two
 * environment switches it reads), then ours, then the DevTools pipe.
 *
 * The build starts Chromium itself with it, before puppeteer has loaded
 * (about 0.2 s of this thread), and attaches puppeteer to the running
 * process (chromium.ts). test/unit/browser.test.ts checks it against what
 * the installed puppeteer computes, so an upgrade that changes a default
 * fails there rather than printing differently; the bench's floor launches
 * through puppeteer itself with the same `launchArgs()`.
 */
export function chromiumCommandLine(userDataDir: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const all = launchArgs();
  // As puppeteer does: our --disable-features join its default list, and leave our own switches.
  const userDisabled = all
    .filter((a) => a.startsWith("--disable-features="))
    .map((a) => a.slice("--disable-features=".length).trim())
    .filter((f) => f !== "");
  const ours = all.filter((a) => !a.startsWith("--disable-features="));
  const disabled = ["Translate", "AcceptCHFrame", "MediaRouter", "OptimizationHints", "WebUIReloadButton"];
  if (env.PUPPETEER_TEST_EXPERIMENTAL_CHROME_FEATURES !== "true")
    disabled.push("ProcessPerSiteUpToMainFrameThreshold", "IsolateSandboxedIframes");
  disabled.push(...userDisabled);
  return [
    "--allow-pre-commit-input",
    "--disable-background-networking",
    "--disable-background-timer-throttling",
    "--disable-backgrounding-occluded-windows",
    "--disable-breakpad",
    "--disable-client-side-phishing-detection",
    "--disable-component-extensions-with-background-pages",
    "--disable-crash-reporter",
    "--disable-default-apps",
    "--disable-dev-shm-usage",
    "--disable-hang-monitor",
    "--disable-infobars",
    "--disable-ipc-flooding-protection",
    "--disable-popup-blocking",
    "--disable-prompt-on-repost",
    "--disable-renderer-backgrounding",
    "--disable-search-engine-choice-screen",
    "--disable-sync",
    "--enable-automation",
    "--export-tagged-pdf",
    "--force-color-profile=srgb",
    "--generate-pdf-document-outline",
    "--metrics-recording-only",
    "--no-first-run",
    "--password-store=basic",
    "--use-mock-keychain",
    `--disable-features=${disabled.join(",")}`,
    "--enable-features=PdfOopif",
    ...(env.PUPPETEER_DANGEROUS_NO_SANDBOX === "true" && !ours.includes("--no-sandbox") ? ["--no-sandbox"] : []),
    `--user-data-dir=${path.resolve(userDataDir)}`,
    "--headless=new",
    "--hide-scrollbars",
    "--mute-audio",
    "--disable-extensions",
    "about:blank",
    ...ours,
    "--remote-debugging-pipe",
  ];
}

/**
 * Which browser would print, without starting it: the executable's real
 * path and its file identity (size, inode, modification and change time).
 * An upgrade replaces the file (Debian's launcher script included), so the
 * identity changes with the version; the build cache keys on it. Undefined
 * when no browser is found (the render will say so).
 */
export async function browserIdentity(env: NodeJS.ProcessEnv = process.env): Promise<string | undefined> {
  const { found } = await findBrowser(env);
  if (!found) return undefined;
  try {
    const real = realpathSync(found.executablePath);
    const s = statSync(real);
    return `${real} ${s.size} ${s.ino} ${s.mtimeMs} ${s.ctimeMs}`;
  } catch {
    return undefined;
  }
}
