import { z } from "zod";

/**
 * The records that travel with built editions, and the release manifest.
 *
 * - `EditionRecord`: written by `brief build` beside an edition's files, as
 *   `<output>/<edition>.edition.json`, in the same atomic commit as the
 *   PDF and HTML it describes. A shard folder is a set of these.
 * - `ReleaseManifest` (version 2): written by `brief release` as
 *   `<release>/manifest.json`; `brief distribute` reads it. Versioned: a
 *   reader refuses a version it does not know. Version 2 adds the release's
 *   tag and each edition's reader digest (release/reader.ts); `brief
 *   release` still reads a version-1 manifest as the previous release.
 *
 * Paths are relative to the folder holding the record, with forward slashes.
 */

const Sha256 = z.string().regex(/^[0-9a-f]{64}$/, "must be a sha256 hex digest");

/** One file of an edition. */
export const FileEntry = z
  .object({
    path: z.string().min(1),
    sha256: Sha256,
    bytes: z.number().int().nonnegative(),
    kind: z.enum(["pdf", "html", "asset"]),
  })
  .strict();
export type FileEntry = z.infer<typeof FileEntry>;

/** A fact as an edition printed it. */
export const FactSnapshot = z
  .object({
    id: z.string(),
    /** The formatted value, as it reads in the text. */
    value: z.string(),
    as_of: z.string(),
    source: z.string(),
  })
  .strict();
export type FactSnapshot = z.infer<typeof FactSnapshot>;

/** A source as an edition cites it. */
export const SourceSnapshot = z
  .object({
    id: z.string(),
    author: z.string(),
    title: z.string(),
    publisher: z.string(),
    /** Absent when the source gives no date. */
    published: z.string().optional(),
    url: z.string(),
  })
  .strict();
export type SourceSnapshot = z.infer<typeof SourceSnapshot>;

/** What `brief build` records about one built edition. */
export const EditionRecord = z
  .object({
    version: z.literal(1),
    /** `<brief>-<audience>`. */
    name: z.string(),
    brief: z.string(),
    audience: z.string(),
    /** The brief's title and the audience's edition label, e.g. "Student edition". */
    title: z.string(),
    edition: z.string(),
    audienceLabel: z.string(),
    /** The brief's status when built: a `draft` or `specimen` release says so in its messages and feed. */
    status: z.enum(["draft", "specimen", "final"]).default("final"),
    /** YYYY-MM-DD. */
    editionDate: z.string(),
    informationAsOf: z.string(),
    /** sha256 of every input that shapes this edition (the build cache's key). */
    inputHash: Sha256,
    pages: z.number().int().positive().optional(),
    readingGrade: z.number(),
    /** Section ids in reading order. */
    sections: z.array(z.string()),
    /** The key-takeaways box as plain text, one entry per point. */
    takeaways: z.array(z.string()),
    facts: z.array(FactSnapshot),
    sources: z.array(SourceSnapshot),
    files: z.array(FileEntry),
    /** "policy-brief 0.1.0". */
    pipeline: z.string(),
    node: z.string(),
    /** The browser that printed the PDF (`Browser.version()`), or null for an HTML-only build. */
    chromium: z.string().nullable(),
  })
  .strict();
export type EditionRecord = z.infer<typeof EditionRecord>;

const ManifestEdition = EditionRecord.omit({ version: true, pipeline: true, node: true, chromium: true });

/** The fields both manifest versions share. */
const ManifestBase = z.object({
  /** sha256 over the editions' input hashes, in name order: "changed" means this changed. */
  inputHash: Sha256,
  pipeline: z.string(),
  node: z.string(),
  chromium: z.string().nullable(),
  /** ISO date-time the release was made. */
  created: z.string(),
  /** Every fact any edition used, per brief. */
  facts: z.array(FactSnapshot.extend({ brief: z.string() })),
  sources: z.array(SourceSnapshot.extend({ brief: z.string() })),
  /** The zip of the HTML editions with their assets. */
  htmlZip: FileEntry.omit({ kind: true }),
});

/** `manifest.json` as pipelines before version 2 wrote it; read only as a previous release. */
export const ReleaseManifestV1 = ManifestBase.extend({
  version: z.literal(1),
  editions: z.array(ManifestEdition),
}).strict();
export type ReleaseManifestV1 = z.infer<typeof ReleaseManifestV1>;

/** `manifest.json` of a release folder (version 2). */
export const ReleaseManifest = ManifestBase.extend({
  version: z.literal(2),
  /** The release's tag, `editions-<YYYYMMDD>-<HHMMSS>-<input hash>`: its folder on the published site. */
  tag: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "must be a tag name (letters, digits, . _ -)"),
  /** sha256 over the editions' reader digests, in name order. */
  readerDigest: Sha256,
  editions: z.array(
    ManifestEdition.extend({
      /** sha256 of what a reader sees (text, figures, facts, sources, images, chart data); decides delivery. */
      readerDigest: Sha256,
    }),
  ),
}).strict();
export type ReleaseManifest = z.infer<typeof ReleaseManifest>;
