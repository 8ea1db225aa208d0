import path from "node:path";
import { watch } from "chokidar";
import { fontPackageDir } from "../lib/font-package.js";
import { FACES } from "../stages/5-layout/fonts.js";

/**
 * Watching the files editions are made from: content/, templates/ and the
 * bundled font packages (their CSS and package.json, which change when a
 * font is upgraded; the font files themselves are served from disk as
 * they are). Events are gathered for a moment (a save is often a truncate
 * and a write, or several files at once) and handed on together.
 */

/** A running watcher. */
export interface Watcher {
  /** Settles once the initial scan is done and changes are being reported. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

/** How long to wait after the last event before reporting the batch. */
export const DEBOUNCE_MS = 20;

/** The folders of the bundled font packages. */
export function fontDirs(): string[] {
  return FACES.map((f) => fontPackageDir(f.pkg));
}

/** Editors' temporary and backup files, and hidden files: never inputs. */
export function ignoredName(file: string): boolean {
  const base = path.basename(file);
  return (
    base.startsWith(".") ||
    base.endsWith("~") ||
    /^#.*#$/.test(base) ||
    /\.(swp|swx|tmp)$/.test(base) ||
    base === "4913"
  );
}

/** Watch `dirs` and the font packages; call `onChange` with the absolute paths that changed. */
export function watchProject(
  dirs: readonly string[],
  fonts: readonly string[],
  onChange: (files: string[]) => void,
): Watcher {
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const fontFiles = fonts.map((d) => path.join(d, "files"));
  const watcher = watch([...dirs, ...fonts], {
    ignoreInitial: true,
    persistent: true,
    ignored: (p: string) => ignoredName(p) || fontFiles.some((d) => p === d || p.startsWith(d + path.sep)),
  });
  const flush = (): void => {
    timer = undefined;
    const files = [...pending];
    pending.clear();
    if (files.length) onChange(files);
  };
  watcher.on("all", (_event, file) => {
    pending.add(path.resolve(file));
    clearTimeout(timer);
    timer = setTimeout(flush, DEBOUNCE_MS);
  });
  // A folder that cannot be read is reported by the next load as a diagnostic; the watcher goes on.
  watcher.on("error", () => undefined);
  const ready = new Promise<void>((resolve) => watcher.once("ready", () => resolve()));
  return {
    ready,
    close: async () => {
      clearTimeout(timer);
      await watcher.close();
    },
  };
}
