import type { RuleMeta } from "./rules.js";

/**
 * The rules `brief release` reports, kept beside the main catalogue
 * (rules.ts spreads them into `RULES`). Every one stops the release before
 * anything is written to its folder (exit 1).
 */

const r = (title: string, hint: string, docs: string): RuleMeta => ({
  severity: "error",
  kind: "content",
  title,
  hint,
  docs,
  command: "release",
});

/** Rule ids reported only by `brief release`. */
export const RELEASE_RULES = {
  "release/missing-edition": r(
    "an edition the project defines is in none of the --from folders",
    "Build it (every shard of the matrix must succeed), or pass the folder that holds it with --from.",
    "A release holds every edition the project defines (or every edition of --brief). Each is found by its record, `<edition>.edition.json`, which `brief build` writes beside the edition's files.",
  ),
  "release/bad-record": r(
    "an edition record that cannot be read",
    "Rebuild the edition with `brief build`; records are written by the build, not by hand.",
    "`<edition>.edition.json` must be valid JSON of the record format (src/release/manifest.ts).",
  ),
  "release/bytes-mismatch": r(
    "an edition file whose bytes do not match its own record",
    "Rebuild the edition; a file was changed, truncated or replaced after the build wrote it.",
    "Every file an edition record lists is checked (size and sha256) before it goes into a release, so a release never ships a file its manifest does not describe.",
  ),
  "release/conflicting-editions": r(
    "the same edition appears twice in the --from folders, with different content",
    "Pass each shard folder once, or rebuild so the copies agree.",
    "Shard folders may overlap only with identical copies of an edition.",
  ),
  "release/mixed-versions": r(
    "editions built by different pipeline, Node or Chromium versions",
    "Rebuild every shard with the same pipeline, Node and browser (one workflow run), then release again.",
    "A release describes one build environment. Shards from different pipeline, Node or Chromium versions could differ in typography or layout, so they are refused.",
  ),
  "release/previous-invalid": r(
    "the previous release's manifest is corrupt or of an unknown version",
    "Pass the manifest.json of a release made by `brief release` (or omit --previous for a first release).",
    "--previous must be a release folder or its manifest.json. A missing one means a first release; a corrupt one, or one of a version this pipeline does not know, is an error rather than a silent first release.",
  ),
} as const satisfies Record<string, RuleMeta>;
