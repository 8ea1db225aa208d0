import { spawn } from "node:child_process";
import path from "node:path";
import { PACKAGE_ROOT } from "../package/root.js";
import { usage, type Io } from "./io.js";

/**
 * `brief setup`: find or install a Chrome/Chromium for the build, in the
 * order the project's set-up has always used (PUPPETEER_EXECUTABLE_PATH, a
 * system Chrome or Chromium, puppeteer's cache or its download, Debian's
 * chromium with apt-get as root, else a message saying how to get one). It
 * runs the package's own scripts/setup-browser.sh (the script `make setup`
 * runs in the tool's repository) in the current directory.
 */
export async function setupCommand(args: readonly string[], io: Io): Promise<number> {
  if (args.length) return usage(io, `brief setup takes no arguments (got "${args[0]}")`);
  const script = path.join(PACKAGE_ROOT, "scripts", "setup-browser.sh");
  return new Promise((resolve) => {
    const child = spawn("bash", [script], { stdio: "inherit" });
    child.on("error", (e) => {
      io.err(`brief: bash could not start (${e.message}); set PUPPETEER_EXECUTABLE_PATH to a Chrome/Chromium binary\n`);
      resolve(3);
    });
    // No browser can be had: the same exit code as a build without one.
    child.on("close", (code) => resolve(code === 0 ? 0 : 3));
  });
}
