import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";

/**
 * Where the tool's own files are: the package root, found from this module's
 * location (dist/package/root.js and dist/bundle/*.js both sit two folders
 * below it), never from the current directory. The current directory is the
 * team's project; the package root holds the default templates, CSL styles,
 * the browser set-up, the operations scripts and what `brief init` writes.
 * In this repository (the tool's home) the two are the same folder.
 */
export const PACKAGE_ROOT: string = path.resolve(fileURLToPath(new URL("../../", import.meta.url)));

const PackageJson = z.object({ name: z.string(), version: z.string() });

/** The package's name and version, from its package.json. */
export function packageInfo(): { readonly name: string; readonly version: string } {
  return PackageJson.parse(JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")));
}
