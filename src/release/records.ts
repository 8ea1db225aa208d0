import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { diagnostic, fileLocation, type Diagnostic, type Reported } from "../diagnostics/index.js";
import { sha256 } from "../lib/hash.js";
import { posixRelative } from "../lib/paths.js";
import { EditionRecord } from "./manifest.js";

/**
 * Collecting built editions for a release: the `<edition>.edition.json`
 * records in each --from folder (written by `brief build`), each checked
 * byte for byte against the files it lists.
 */

/** A record, the folder it came from, and its files' bytes (verified). */
export interface Collected {
  readonly record: EditionRecord;
  readonly dir: string;
  readonly files: ReadonlyMap<string, Buffer>;
}

const RECORD = /\.edition\.json$/;

/** A record-relative path that stays inside its folder. */
function inside(p: string): boolean {
  return (
    p.length > 0 &&
    !p.startsWith("/") &&
    !p.includes("\\") &&
    p.split("/").every((s) => s !== "" && s !== "." && s !== "..")
  );
}

/** Read one record and verify every file it lists. */
async function readRecord(root: string, dir: string, name: string): Promise<Reported<Collected>> {
  const file = path.join(dir, name);
  const at = fileLocation(posixRelative(root, file));
  let parsed: ReturnType<typeof EditionRecord.safeParse>;
  try {
    parsed = EditionRecord.safeParse(JSON.parse(await readFile(file, "utf8")));
  } catch (cause) {
    return {
      diagnostics: [
        diagnostic({
          rule: "release/bad-record",
          at,
          message: `edition record is not JSON: ${(cause as Error).message}`,
          cause,
        }),
      ],
    };
  }
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    const message = `edition record does not match the record format: ${first?.path.join(".") || "(record)"}: ${first?.message ?? "invalid"}`;
    return { diagnostics: [diagnostic({ rule: "release/bad-record", at, message })] };
  }
  const record = parsed.data;
  const files = new Map<string, Buffer>();
  const diagnostics: Diagnostic[] = [];
  for (const f of record.files) {
    const shown = `${posixRelative(root, dir)}/${f.path}`;
    const bad = (why: string): void =>
      void diagnostics.push(
        diagnostic({
          rule: "release/bytes-mismatch",
          at: fileLocation(shown),
          message: `${record.name}: ${f.path} ${why}`,
        }),
      );
    if (!inside(f.path)) {
      bad("is not a path inside the folder");
      continue;
    }
    let data: Buffer;
    try {
      data = await readFile(path.join(dir, ...f.path.split("/")));
    } catch {
      bad("is missing");
      continue;
    }
    if (data.length !== f.bytes || sha256(data) !== f.sha256)
      bad(
        `does not match its record (${data.length} bytes, sha256 ${sha256(data).slice(0, 12)}…; the record says ${f.bytes} bytes, ${f.sha256.slice(0, 12)}…)`,
      );
    else files.set(f.path, data);
  }
  return diagnostics.length ? { diagnostics } : { value: { record, dir, files }, diagnostics };
}

/** Every record in the folders, verified; the same edition twice must be the same bytes. */
export async function collect(root: string, dirs: readonly string[]): Promise<Reported<Collected[]>> {
  const diagnostics: Diagnostic[] = [];
  const byName = new Map<string, Collected>();
  for (const dir of dirs) {
    const names = (await readdir(dir).catch(() => [])).filter((n) => RECORD.test(n)).sort();
    for (const name of names) {
      const r = await readRecord(root, dir, name);
      diagnostics.push(...r.diagnostics);
      if (!r.value) continue;
      const prior = byName.get(r.value.record.name);
      const same =
        prior &&
        JSON.stringify(prior.record.files) === JSON.stringify(r.value.record.files) &&
        prior.record.inputHash === r.value.record.inputHash;
      if (prior && !same) {
        const message = `edition ${r.value.record.name} is in both ${posixRelative(root, prior.dir)} and ${posixRelative(root, dir)}, with different content`;
        diagnostics.push(
          diagnostic({
            rule: "release/conflicting-editions",
            at: fileLocation(posixRelative(root, path.join(dir, name))),
            message,
          }),
        );
      }
      if (!prior) byName.set(r.value.record.name, r.value);
    }
  }
  return { value: [...byName.values()], diagnostics };
}
