import type { RuleMeta } from "./rules.js";

/**
 * The rules `brief release` reports, kept beside the main catalogue
 * (rules.ts spreads them into `RULES`). Every one stops the release before
 * anything is written to its folder (exit 1).
 */

const r = (title: string, hint: string, docs: string, kind: RuleMeta["kind"] = "content"): RuleMeta => ({
  severity: "error",
  kind,
  title,
  hint,
  docs,
  command: "release",
});

/** Rule ids reported only by `brief release`. */
export const RELEASE_RULES = {
  "release/not-final": r(
    "a brief that is not final (draft or specimen) was to be released",
    "Set status: final in brief.yaml once the placeholders are replaced, or pass --allow-specimen to release it as a specimen.",
    "A draft or specimen brief carries placeholders (a contact at example.org, a role instead of a reviewer's name) and says so on every page. `brief release` refuses it, so a scheduled run never sends one out by mistake. --allow-specimen releases it anyway, and the release says \"specimen\" in CHANGES.md, in every e-mail's subject and in the feed.",
  ),
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
    "the previous release's manifest is missing, corrupt or of an unknown version",
    "Pass the folder of a release made by `brief release` (or a path that does not exist, for a first release).",
    "--previous must be a release folder or its manifest.json. A path that does not exist means a first release; a folder without manifest.json, a corrupt manifest, or one of a version this pipeline does not know, is an error rather than a silent first release.",
  ),
  "release/previous-unverified": r(
    "the previous release's manifest does not match its SHA256SUMS",
    "Find out who changed the release (its manifest.json or SHA256SUMS); restore the files from the attested originals or delete that release, then run again.",
    "The previous manifest decides what counts as changed, so it is checked before it is trusted: the SHA256SUMS beside it must list manifest.json with the same sha256 (in the workflow, `make previous-release` also verifies the manifest's build-provenance attestation). A manifest edited after its release, or a release without SHA256SUMS, stops the run, so a tampered baseline can never hide a real change.",
  ),
  "release/busy": r(
    "another brief release is writing the same release folder",
    "Wait for the other run to finish, or write to another folder with --out.",
    "A release folder is written whole, under `<folder>.lock`; a second run into the same folder stops with this message instead of racing the first (a lock left by a process that is gone is taken over).",
    "output",
  ),
  "release/write-failed": r(
    "the release folder could not be written",
    "Check that the folder's parent is writable and the disk has space; the previous release folder was left as it was.",
    "The release is written into a sibling staging folder and renamed into place; when that fails, the previous folder is restored and nothing half-written remains.",
    "output",
  ),
} as const satisfies Record<string, RuleMeta>;
