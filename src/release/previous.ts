import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { diagnostic, fileLocation, type Reported } from "../diagnostics/index.js";
import { sha256 } from "../lib/hash.js";
import { posixRelative } from "../lib/paths.js";
import { ReleaseManifest, ReleaseManifestV1 } from "./manifest.js";

/**
 * The previous release, read strictly: `--previous` names a release folder
 * (or its manifest.json). A path that does not exist means a first release;
 * anything else that goes wrong is an error, never a silent first release:
 * a folder without manifest.json, a manifest that is not JSON or of an
 * unknown version, and a manifest that its own release's `SHA256SUMS`
 * (beside it) does not vouch for. A previous release of version 1 is read
 * as it was; its editions have no reader digest.
 */

/** The previous release's manifest, either version; `readerDigest` is absent for version 1. */
export type PreviousManifest = Omit<ReleaseManifest, "version" | "tag" | "readerDigest" | "editions"> & {
  readonly version: 1 | 2;
  readonly tag?: string;
  readonly editions: readonly (ReleaseManifestV1["editions"][number] & { readerDigest?: string })[];
};

/** The sha256 that a SHA256SUMS text lists for `name`, if any. */
export function listedSum(sums: string, name: string): string | undefined {
  for (const line of sums.split("\n")) {
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line.trim());
    if (m && m[2] === name) return m[1];
  }
  return undefined;
}

const exists = (p: string): Promise<boolean> =>
  stat(p).then(
    () => true,
    () => false,
  );

/** Read and verify the previous release named by `given`; undefined for a first release. */
export async function readPrevious(
  root: string,
  given: string | undefined,
): Promise<Reported<PreviousManifest | undefined>> {
  if (given === undefined) return { value: undefined, diagnostics: [] };
  const abs = path.resolve(root, given);
  if (!(await exists(abs))) return { value: undefined, diagnostics: [] };
  const file = abs.endsWith(".json") ? abs : path.join(abs, "manifest.json");
  const at = fileLocation(posixRelative(root, file));
  const bad = (
    rule: "release/previous-invalid" | "release/previous-unverified",
    message: string,
    cause?: unknown,
  ): Reported<PreviousManifest | undefined> => ({
    diagnostics: [diagnostic({ rule, at, message, ...(cause ? { cause } : {}) })],
  });
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (cause) {
    return bad(
      "release/previous-invalid",
      `the previous release ${posixRelative(root, abs)} has no readable manifest.json`,
      cause,
    );
  }
  const sumsFile = path.join(path.dirname(file), "SHA256SUMS");
  let sums: string;
  try {
    sums = await readFile(sumsFile, "utf8");
  } catch (cause) {
    return bad(
      "release/previous-unverified",
      `the previous manifest cannot be verified: ${posixRelative(root, sumsFile)} is missing`,
      cause,
    );
  }
  const listed = listedSum(sums, path.basename(file));
  if (listed === undefined)
    return bad("release/previous-unverified", `${posixRelative(root, sumsFile)} does not list manifest.json`);
  if (listed !== sha256(bytes))
    return bad(
      "release/previous-unverified",
      `manifest.json does not match its release's SHA256SUMS (sha256 ${sha256(bytes).slice(0, 12)}…, SHA256SUMS says ${listed.slice(0, 12)}…): it was changed after the release was made`,
    );
  let raw: unknown;
  try {
    raw = JSON.parse(bytes.toString("utf8"));
  } catch (cause) {
    return bad("release/previous-invalid", `the previous manifest is not JSON: ${(cause as Error).message}`, cause);
  }
  const version = typeof raw === "object" && raw !== null && "version" in raw ? raw.version : undefined;
  const schema = version === 1 ? ReleaseManifestV1 : version === 2 ? ReleaseManifest : undefined;
  if (!schema)
    return bad(
      "release/previous-invalid",
      `the previous manifest has version ${JSON.stringify(version)}; this pipeline reads versions 1 and 2`,
    );
  const parsed = schema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return bad(
      "release/previous-invalid",
      `the previous manifest does not match the release format: ${first?.path.join(".") ?? ""} ${first?.message ?? ""}`.trim(),
    );
  }
  return { value: parsed.data, diagnostics: [] };
}

/** The previous manifest limited to some briefs (a `--brief` release compares like with like). */
export function onlyBriefs(m: PreviousManifest, briefs: readonly string[] | undefined): PreviousManifest {
  if (!briefs?.length) return m;
  const keep = (b: string): boolean => briefs.includes(b);
  return {
    ...m,
    editions: m.editions.filter((e) => keep(e.brief)),
    facts: m.facts.filter((f) => keep(f.brief)),
    sources: m.sources.filter((s) => keep(s.brief)),
  };
}
