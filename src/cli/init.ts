import { mkdir, readFile, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { diagnostic, fileLocation, formatReport } from "../diagnostics/index.js";
import { posixRelative } from "../lib/paths.js";
import { recordOverrides } from "../package/overrides.js";
import { PACKAGE_ROOT, packageInfo } from "../package/root.js";
import { projectFiles, projectPackageJson } from "../scaffold/project.js";
import { parse } from "./args.js";
import { usage, type Io } from "./io.js";

/**
 * `brief init [DIR]`: a team's repository that builds at once: package.json
 * (the tool as a dependency; scripts build, check, preview), content/,
 * editable copies of the default audiences in templates/audiences/ (recorded
 * in templates/.overrides.json), the workflow, .gitignore and a README. It
 * never overwrites: when content/, templates/, the workflow, the README or
 * .gitignore exist, or package.json has other build/check/preview scripts,
 * nothing is written (one positioned error, exit 2 like any usage error).
 */

const exists = (p: string): Promise<boolean> =>
  stat(p).then(
    () => true,
    () => false,
  );

/** The `init` command. */
export async function initCommand(args: readonly string[], io: Io): Promise<number> {
  const p = parse(args, {});
  if (typeof p === "string") return usage(io, p);
  const [dirArg, extra] = p.positionals;
  if (extra !== undefined) return usage(io, `unexpected argument "${extra}"`);
  const dir = path.resolve(dirArg ?? ".");
  const shown = (rel: string): string => posixRelative(process.cwd(), path.join(dir, rel));
  const refuse = (rel: string, message: string): number => {
    io.err(formatReport([diagnostic({ rule: "init/existing-project", at: fileLocation(shown(rel)), message })]));
    return 2;
  };
  if (path.resolve(dir) === path.resolve(PACKAGE_ROOT))
    return refuse("package.json", "this is the tool's own repository, not a place for a new project");
  const files = await projectFiles(PACKAGE_ROOT);
  for (const top of new Set(
    [...files.keys()].map((rel) => (rel.startsWith(".github/") ? rel : (rel.split("/")[0] ?? rel))),
  ))
    if (await exists(path.join(dir, top)))
      return refuse(top, `${shown(top)} already exists; brief init never overwrites a project`);
  const pkgFile = path.join(dir, "package.json");
  const existing = (await exists(pkgFile)) ? await readFile(pkgFile, "utf8") : undefined;
  let pkg;
  try {
    pkg = projectPackageJson(existing, path.basename(dir), packageInfo());
  } catch (e) {
    return refuse("package.json", `package.json cannot be read as JSON (${(e as Error).message})`);
  }
  if ("clash" in pkg)
    return refuse(
      "package.json",
      `package.json already has other ${pkg.clash.join(", ")} script(s); brief init never overwrites a project`,
    );
  for (const [rel, text] of files) {
    await mkdir(path.dirname(path.join(dir, rel)), { recursive: true });
    await writeFile(path.join(dir, rel), text, { flag: "wx" });
  }
  await writeFile(pkgFile, pkg.text);
  const audiences = [...files.keys()].filter((r) => r.startsWith("templates/audiences/"));
  await recordOverrides(
    path.join(dir, "templates"),
    path.join(PACKAGE_ROOT, "templates"),
    audiences.map((r) => r.slice("templates/".length)),
  );
  io.out(
    [
      `created a brief project in ${shown(".")}: package.json, ${[...files.keys()].join(", ")}, templates/.overrides.json`,
      "Next: npm install (once), npx brief setup (a browser), npx brief new ID (a brief), npx brief build.",
      "",
    ].join("\n"),
  );
  return 0;
}
