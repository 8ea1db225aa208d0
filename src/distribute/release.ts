import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile, stat } from "node:fs/promises";
import path from "node:path";
import { diagnostic, fileLocation, type Diagnostic, type Reported } from "../diagnostics/index.js";
import { posixRelative } from "../lib/paths.js";
import { ReleaseManifest, type FileEntry } from "../release/manifest.js";

/**
 * Reading a release folder (`brief release --out DIR`): manifest.json,
 * validated with the shared contract, and CHANGES.md; then every file the
 * manifest lists, checked byte for byte (size and sha256) before anything
 * is written or sent.
 */

/** One edition as the manifest records it. */
export type EditionEntry = ReleaseManifest["editions"][number];

/** A release folder, read and validated (not yet verified). */
export interface Release {
  /** Absolute folder. */
  readonly dir: string;
  /** The folder as diagnostics print it (relative to the project root). */
  readonly label: string;
  readonly manifest: ReleaseManifest;
  /** CHANGES.md: its first line (the summary) and its whole text. */
  readonly changes: { readonly summary: string; readonly text: string };
}

const KNOWN_VERSION = 2;
const MAX_MANIFEST_BYTES = 16 << 20;

/** A release-relative path that stays inside the folder. */
export function isSafeRelative(p: string): boolean {
  return (
    p.length > 0 &&
    !p.startsWith("/") &&
    !p.includes("\\") &&
    !/^[a-zA-Z]:/.test(p) &&
    p.split("/").every((seg) => seg !== "" && seg !== "." && seg !== "..")
  );
}

/** The summary line of CHANGES.md: its first line with text, without Markdown heading or list marks. */
export function changesSummary(text: string): string {
  const first = text.split(/\r?\n/).find((l) => l.trim() !== "") ?? "";
  const plain = first.replace(/^\s*(#+|[-*+])\s*/, "").trim();
  return plain.length > 300 ? `${plain.slice(0, 299)}…` : plain;
}

/** Read and validate `dir`'s manifest.json and CHANGES.md. */
export async function readRelease(dir: string, root: string): Promise<Reported<Release>> {
  const label = posixRelative(root, dir);
  const manifestFile = `${label}/manifest.json`;
  const bad = (message: string, cause?: unknown): Reported<Release> => ({
    diagnostics: [
      diagnostic({
        rule: "distribute/manifest-invalid",
        at: fileLocation(manifestFile),
        message,
        ...(cause ? { cause } : {}),
      }),
    ],
  });
  try {
    if (!(await stat(dir)).isDirectory()) throw Object.assign(new Error("not a folder"), { code: "ENOTDIR" });
  } catch (cause) {
    const message = `release folder ${label} does not exist or is not a folder`;
    return { diagnostics: [diagnostic({ rule: "distribute/no-release", at: fileLocation(label), message, cause })] };
  }
  let raw: unknown;
  try {
    const bytes = await readFile(path.join(dir, "manifest.json"));
    if (bytes.length > MAX_MANIFEST_BYTES) return bad("manifest.json is implausibly large");
    raw = JSON.parse(bytes.toString("utf8"));
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === "ENOENT")
      return bad(`${label} has no manifest.json; is it a release folder (brief release --out DIR)?`);
    return bad(`manifest.json is not valid JSON: ${(cause as Error).message}`, cause);
  }
  const version = raw && typeof raw === "object" && "version" in raw ? raw.version : undefined;
  if (version === 1)
    return {
      diagnostics: [
        diagnostic({
          rule: "distribute/old-manifest",
          at: fileLocation(manifestFile),
          message: `${label} was made by an older pipeline (manifest version 1): it records no reader digests and no tag`,
        }),
      ],
    };
  if (version !== KNOWN_VERSION)
    return bad(
      `manifest.json has version ${JSON.stringify(version ?? null)}; this pipeline reads version ${KNOWN_VERSION}`,
    );
  const parsed = ReleaseManifest.safeParse(raw);
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 3).map((i) => `${i.path.join(".") || "(document)"}: ${i.message}`);
    return bad(`manifest.json does not match the release contract: ${issues.join("; ")}`, parsed.error);
  }
  const manifest = parsed.data;
  const unsafe = [...manifest.editions.flatMap((e) => e.files.map((f) => f.path)), manifest.htmlZip.path].find(
    (p) => !isSafeRelative(p),
  );
  if (unsafe !== undefined) return bad(`manifest.json lists "${unsafe}", a path outside the release folder`);
  const names = manifest.editions.map((e) => e.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice !== undefined) return bad(`manifest.json lists edition "${twice}" twice`);
  for (const e of manifest.editions) {
    if (!e.files.some((f) => f.kind === "pdf") || !e.files.some((f) => f.kind === "html"))
      return bad(`edition ${e.name} lacks a PDF or an HTML file in manifest.json`);
  }
  const diagnostics: Diagnostic[] = [];
  let text = "";
  try {
    text = await readFile(path.join(dir, "CHANGES.md"), "utf8");
  } catch (cause) {
    const message = `${label} has no readable CHANGES.md`;
    diagnostics.push(
      diagnostic({ rule: "distribute/no-changes", at: fileLocation(`${label}/CHANGES.md`), message, cause }),
    );
  }
  const summary = changesSummary(text) || "No change notes for this release.";
  return { value: { dir, label, manifest, changes: { summary, text } }, diagnostics };
}

/** sha256 of a file, streamed. */
export async function sha256File(file: string): Promise<string> {
  const hash = createHash("sha256");
  for await (const chunk of createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest("hex");
}

/** Every file the manifest lists, once each (editions share assets). */
export function releaseFiles(m: ReleaseManifest): FileEntry[] {
  const byPath = new Map<string, FileEntry>();
  for (const e of m.editions) for (const f of e.files) byPath.set(f.path, f);
  return [...byPath.values()].sort((a, b) => a.path.localeCompare(b.path));
}

/** Check every file's size and sha256 against the manifest; a diagnostic for each that differs. */
export async function verifyRelease(r: Release): Promise<Diagnostic[]> {
  const out: Diagnostic[] = [];
  const files: { path: string; sha256: string; bytes: number }[] = [...releaseFiles(r.manifest), r.manifest.htmlZip];
  for (const f of files) {
    const abs = path.join(r.dir, ...f.path.split("/"));
    const at = fileLocation(`${r.label}/${f.path}`);
    try {
      const st = await stat(abs);
      const actual = st.isFile() ? await sha256File(abs) : "not a file";
      if (actual !== f.sha256 || st.size !== f.bytes) {
        const message = `${f.path} does not match manifest.json (sha256 ${actual.slice(0, 12)}…, ${st.size} bytes; expected ${f.sha256.slice(0, 12)}…, ${f.bytes} bytes)`;
        out.push(diagnostic({ rule: "distribute/file-mismatch", at, message }));
      }
    } catch (cause) {
      out.push(diagnostic({ rule: "distribute/file-mismatch", at, message: `${f.path} is missing`, cause }));
    }
  }
  return out;
}

/** The edition's file of a kind (the manifest is checked to have a PDF and an HTML file). */
export function fileOf(e: EditionEntry, kind: "pdf" | "html"): FileEntry {
  const f = e.files.find((x) => x.kind === kind);
  if (!f) throw new Error(`edition ${e.name} has no ${kind} file; readRelease() should have refused it`);
  return f;
}
