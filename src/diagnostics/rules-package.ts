import type { RuleMeta } from "./rules.js";

/**
 * The rules about the tool as an installed package (docs/package.md): a
 * team's templates that override the package's, and `brief init`, kept
 * beside the main catalogue (rules.ts spreads them into `RULES`).
 */

const overrideRule = (severity: RuleMeta["severity"], title: string, hint: string, docs: string): RuleMeta => ({
  severity,
  kind: "content",
  title,
  hint,
  docs,
  checkOnly: true,
});

/** Rule ids about the package's templates layer and the team project it scaffolds. */
export const PACKAGE_RULES = {
  "template/overridden": overrideRule(
    "info",
    "a team template replaces the package's file of the same path",
    "Nothing to do; after an upgrade, compare it with the package's file (brief check warns when that changed).",
    "A file in the project's templates/ (a layout, a partial, a stylesheet, an audience) replaces the package's file of the same relative path; everything else comes from the package. `brief check` lists each one, so an upgrade's changes to them are not missed. templates/.overrides.json records the sha256 of the package file each override was made from (`brief override FILE` writes it; docs/package.md).",
  ),
  "template/override-outdated": overrideRule(
    "warning",
    "the package changed a file this project overrides, since the override was made",
    "Compare your file with the package's (the path in the message), carry over what you want, then run `npx brief override FILE` to record that you did.",
    "templates/.overrides.json records, for each overridden file, the sha256 and version of the package's file it was made from. When the installed package's file no longer has that sha256, an upgrade changed it: a fix or a new feature there does not reach your editions until you carry it over. `brief override FILE` records the current package file once you have.",
  ),
  "template/override-unrecorded": overrideRule(
    "info",
    "an overridden template with no record of the package file it was made from",
    "Run `npx brief override FILE` to record the package's current file, so a later upgrade that changes it is reported.",
    "Without an entry in templates/.overrides.json, `brief check` cannot tell whether an upgrade changed the package's file since you copied it. `brief override FILE` records it (and copies the package's file first when the project does not have it yet).",
  ),
  "init/existing-project": {
    severity: "error",
    kind: "usage",
    title: "`brief init` was asked to write over an existing project",
    hint: "Run `brief init NEW-FOLDER` to make a new project, or remove the file named if it is left from an earlier attempt.",
    docs: "`brief init [DIR]` writes a team project (package.json, content/, templates/audiences/, the workflow, .gitignore, README.md). It never overwrites: when any of them already exists in DIR, nothing is written.",
  },
} as const satisfies Record<string, RuleMeta>;
