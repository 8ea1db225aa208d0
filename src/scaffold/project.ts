import { readFile, readdir } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";

/**
 * What `brief init` writes into a team's repository, read from the
 * package's own files (init/, and templates/audiences/ for the editable
 * copies of the default audiences). The team's package.json is merged with
 * one that exists (`npm init -y` and `npm install <the tool>` make one
 * first): the tool's dependency and the three scripts are added, nothing
 * is removed.
 */

/** A file `brief init` writes: its project-relative path and text. */
export type ProjectFiles = ReadonlyMap<string, string>;

/** The scripts a team's package.json gets. */
export const PROJECT_SCRIPTS = {
  build: "brief build",
  check: "brief check",
  preview: "brief preview",
} as const;

/** The part of a package.json that `brief init` reads; everything else is kept as it is. */
const PackageJson = z
  .object({
    name: z.string().optional(),
    scripts: z.record(z.string(), z.string()).optional(),
    dependencies: z.record(z.string(), z.string()).optional(),
  })
  .passthrough();

/**
 * The team's package.json: the existing one (when given) with the tool as a
 * dependency (kept when already there, e.g. installed from a tarball; else
 * the installed version) and the build/check/preview scripts. Returns the
 * script names that exist with other commands instead, when any do.
 */
export function projectPackageJson(
  existing: string | undefined,
  name: string,
  tool: { readonly name: string; readonly version: string },
): { text: string } | { clash: string[] } {
  const base =
    existing === undefined ? { name, version: "0.0.0", private: true } : PackageJson.parse(JSON.parse(existing));
  const scripts = { ...(PackageJson.parse(base).scripts ?? {}) };
  const clash = Object.entries(PROJECT_SCRIPTS)
    .filter(([k, v]) => scripts[k] !== undefined && scripts[k] !== v)
    .map(([k]) => k);
  if (clash.length) return { clash };
  const dependencies = { ...(PackageJson.parse(base).dependencies ?? {}) };
  dependencies[tool.name] ??= tool.version;
  const { test: npmInitStub, ...kept } = scripts;
  const keepTest = npmInitStub !== undefined && !npmInitStub.includes("no test specified");
  const next = {
    ...base,
    private: true,
    scripts: { ...kept, ...(keepTest ? { test: npmInitStub } : {}), ...PROJECT_SCRIPTS },
    dependencies,
  };
  return { text: `${JSON.stringify(next, null, 2)}\n` };
}

/** The files of a new team project (package.json aside), from the package at `packageRoot`. */
export async function projectFiles(packageRoot: string): Promise<Map<string, string>> {
  const read = (rel: string): Promise<string> => readFile(path.join(packageRoot, rel), "utf8");
  const files = new Map<string, string>([
    [".github/workflows/editions.yml", await read("init/editions.yml")],
    [".github/workflows/approval-watchdog.yml", await read("init/approval-watchdog.yml")],
    [".gitignore", await read("init/gitignore")],
    ["README.md", await read("init/README.md")],
    ["content/.gitkeep", ""],
  ]);
  const audiences = (await readdir(path.join(packageRoot, "templates", "audiences"))).filter((n) =>
    n.endsWith(".yaml"),
  );
  for (const name of audiences.sort())
    files.set(`templates/audiences/${name}`, await read(path.join("templates", "audiences", name)));
  return files;
}
