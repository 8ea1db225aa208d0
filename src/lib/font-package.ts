import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { PACKAGE_ROOT } from "../package/root.js";

const ownRequire = createRequire(import.meta.url);

/**
 * The folder of a bundled font package (`@fontsource/<face>`): the
 * project's own node_modules when it has one (resolving from `from`, a
 * folder inside the project, so a project can pin its font versions), else
 * the tool's node_modules (this repository), else the font files the
 * installed package carries in `fonts/` (only those the editions use,
 * copied at `npm pack` by scripts/vendor-fonts.mjs; docs/package.md).
 */
export function fontPackageDir(pkg: string, from?: string): string {
  if (from !== undefined)
    try {
      return path.dirname(createRequire(path.join(from, "noop.js")).resolve(`${pkg}/package.json`));
    } catch {
      // not in the project: the tool's own
    }
  try {
    return path.dirname(ownRequire.resolve(`${pkg}/package.json`));
  } catch (cause) {
    const vendored = path.join(PACKAGE_ROOT, "fonts", pkg);
    if (existsSync(path.join(vendored, "package.json"))) return vendored;
    throw new Error(`the font package ${pkg} is missing; reinstall policy-brief`, { cause });
  }
}
