import { copyFile, mkdir, stat } from "node:fs/promises";
import path from "node:path";
import { OVERRIDES_FILE, recordOverrides } from "../package/overrides.js";
import { PACKAGE_ROOT, packageInfo } from "../package/root.js";
import { usage, type Io } from "./io.js";

/**
 * `brief override FILE…`: make a team's own copy of a package template
 * (FILE relative to templates/, e.g. `styles/print.css` or
 * `templates/partials/cover.hbs`) and record in templates/.overrides.json
 * which package file it was made from. A file the team already has is
 * kept as it is; only the record is refreshed, which is how a team says
 * "I have carried over the package's changes" after `brief check` warned.
 */
export async function overrideCommand(args: readonly string[], io: Io): Promise<number> {
  if (args.length === 0) return usage(io, "brief override needs a template file, e.g. brief override styles/print.css");
  const option = args.find((a) => a.startsWith("-"));
  if (option) return usage(io, `unknown option "${option}"`);
  const ownDir = path.resolve("templates");
  const pkgDir = path.join(PACKAGE_ROOT, "templates");
  if (ownDir === path.resolve(pkgDir))
    return usage(
      io,
      "this is the tool's own repository: its templates/ are the package's; there is nothing to override",
    );
  const rels: string[] = [];
  for (const arg of args) {
    const rel = path.posix.normalize(arg.replace(/\\/g, "/").replace(/^templates\//, ""));
    if (rel.startsWith("..") || path.isAbsolute(rel) || rel === OVERRIDES_FILE)
      return usage(io, `"${arg}" is not a file inside templates/`);
    if (!(await stat(path.join(pkgDir, rel)).catch(() => undefined))?.isFile())
      return usage(io, `the package has no templates/${rel} to override`);
    rels.push(rel);
  }
  for (const rel of rels) {
    const own = path.join(ownDir, rel);
    if (await stat(own).catch(() => undefined)) {
      io.out(`kept templates/${rel} (yours); recorded the package's current file\n`);
      continue;
    }
    await mkdir(path.dirname(own), { recursive: true });
    await copyFile(path.join(pkgDir, rel), own);
    io.out(`created templates/${rel}, a copy of the package's file to edit\n`);
  }
  await recordOverrides(ownDir, pkgDir, rels);
  io.out(`recorded in templates/${OVERRIDES_FILE} (policy-brief ${packageInfo().version})\n`);
  return 0;
}
