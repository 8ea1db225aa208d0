import { spawn } from "node:child_process";

/**
 * `--open`: show the preview in the system's browser (`xdg-open` on Linux,
 * `open` on macOS, `start` on Windows). The browser is the person's own and
 * outlives the preview, so it is started detached. Having no way to open
 * one is not an error: the URL is printed anyway.
 */

/** The command that opens `url` on this platform. */
export function openCommand(url: string, platform: NodeJS.Platform = process.platform): [string, string[]] {
  if (platform === "darwin") return ["open", [url]];
  if (platform === "win32") return ["cmd", ["/c", "start", '""', url]];
  return ["xdg-open", [url]];
}

/** Try to open `url` in the system browser; resolves false when that was not possible. */
export function openBrowser(url: string): Promise<boolean> {
  const [command, args] = openCommand(url);
  return new Promise((resolve) => {
    try {
      const child = spawn(command, args, { detached: true, stdio: "ignore" });
      child.once("error", () => resolve(false));
      child.once("spawn", () => {
        child.unref();
        resolve(true);
      });
    } catch {
      resolve(false);
    }
  });
}
