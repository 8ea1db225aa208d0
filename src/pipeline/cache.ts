import { randomBytes } from "node:crypto";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { ruleMeta, type Diagnostic, type RuleId } from "../diagnostics/index.js";
import { sha256, sha256File } from "../lib/hash.js";
import type { DataKind } from "./inputs.js";

/**
 * The build cache: what an edition produced last time, so that an edition
 * whose inputs did not change is not prepared or rendered again.
 *
 *   <root>/.cache/brief/editions/<edition>.<formats>.json   one entry per edition and format set
 *   <root>/.cache/brief/objects/<sha256>                    the output files, by content
 *
 * An entry is served only when its key equals the edition's key now
 * (inputs.ts), every file it recorded as a dependency (fonts, images) still
 * has the same hash, and it passes its own checksum and schema. Objects are
 * checked against their hash whenever they are read. Anything else (a
 * corrupt, truncated or foreign entry or object) is a miss: the edition is
 * rebuilt and the entry rewritten, never served. Every write is a temporary
 * file renamed into place.
 */

/** The cache's folder under a project root. */
export const CACHE_DIR = path.join(".cache", "brief");
const FORMAT_VERSION = 1;

const Hex64 = z.string().regex(/^[0-9a-f]{64}$/);

const StoredDiagnostic = z
  .object({
    file: z.string(),
    line: z.number().int(),
    column: z.number().int(),
    severity: z.enum(["error", "warning", "info"]),
    message: z.string(),
    ruleId: z.string().refine((id): id is RuleId => ruleMeta(id) !== undefined, "not a rule in the catalogue"),
    hint: z.string(),
  })
  .strict();

/** An output file, relative to the output folder, stored as an object. */
const CachedOutput = z.object({ path: z.string(), sha256: Hex64, bytes: z.number().int().nonnegative() }).strict();
export type CachedOutput = z.infer<typeof CachedOutput>;

const Entry = z
  .object({
    version: z.literal(FORMAT_VERSION),
    edition: z.string(),
    formats: z.string(),
    key: Hex64,
    /** Files found while preparing (fonts, images): absolute path and hash. */
    deps: z.array(z.object({ file: z.string(), sha256: Hex64 }).strict()),
    /** The facts, sources and charts the edition printed, by id, with the hash of each value. */
    data: z.object({ facts: z.record(Hex64), sources: z.record(Hex64), charts: z.record(Hex64) }).strict(),
    outputs: z.array(CachedOutput),
    pages: z.number().int().positive().optional(),
    readingGrade: z.number(),
    /** Where each contents entry's heading fell: the first guess for the next print. */
    toc: z.array(z.tuple([z.string(), z.number().int()])),
    diagnostics: z.array(StoredDiagnostic),
    checksum: Hex64,
  })
  .strict();

/** A cache entry as stored, without its checksum. */
export type CacheEntry = Omit<z.infer<typeof Entry>, "checksum" | "version">;

/** Why a lookup missed, for tests and for `--verbose` style reporting. */
export type Miss = "absent" | "corrupt" | "key" | "data" | "dependency";

const checksumOf = (body: object): string => sha256(JSON.stringify(body));

/** A cache file's text: `body` as JSON, with the checksum of that JSON added. */
export function sealed(body: object): string {
  return JSON.stringify({ ...body, checksum: checksumOf(body) });
}

/**
 * A cache file's text checked against its own checksum (over the JSON as
 * written, without the checksum) and then `schema`; undefined when either
 * fails, so a corrupt, truncated or foreign file is a miss.
 */
export function unsealed<T>(text: string, schema: z.ZodType<T, z.ZodTypeDef, unknown>): T | undefined {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof raw !== "object" || raw === null || !("checksum" in raw)) return undefined;
  const { checksum, ...body } = raw;
  if (checksum !== checksumOf(body)) return undefined;
  const parsed = schema.safeParse(raw);
  return parsed.success ? parsed.data : undefined;
}

/** Write a file as a temporary file renamed into place. */
export async function writeAtomic(file: string, data: Uint8Array | string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`;
  try {
    await writeFile(tmp, data);
    await rename(tmp, file);
  } catch (cause) {
    await rm(tmp, { force: true });
    throw cause;
  }
}

/** The cache of one project. */
export class BuildCache {
  readonly dir: string;

  constructor(root: string) {
    this.dir = path.join(root, CACHE_DIR);
  }

  private entryFile(edition: string, formats: string): string {
    return path.join(this.dir, "editions", `${edition}.${formats}.json`);
  }

  private objectFile(hash: string): string {
    return path.join(this.dir, "objects", hash);
  }

  /** True when no edition has an entry for `formats` (a first build, or the cache was cleared): nothing can be served. */
  async empty(formats: string): Promise<boolean> {
    const names = await readdir(path.join(this.dir, "editions")).catch((): string[] => []);
    return !names.some((n) => n.endsWith(`.${formats}.json`));
  }

  /** The stored entry, whatever its key; undefined (and removed) when absent, unreadable, failing its checksum or foreign. */
  async read(edition: string, formats: string): Promise<CacheEntry | undefined> {
    const file = this.entryFile(edition, formats);
    let text: string;
    try {
      text = await readFile(file, "utf8");
    } catch {
      return undefined;
    }
    const entry = verified(text);
    if (entry && entry.edition === edition && entry.formats === formats) return entry;
    await rm(file, { force: true });
    return undefined;
  }

  /**
   * The entry that may be served for `key`, or why not. `data` gives the
   * current hash of a fact, source or chart (undefined when it is gone).
   */
  async lookup(
    edition: string,
    formats: string,
    key: string,
    data: (kind: DataKind, id: string) => string | undefined,
  ): Promise<{ entry: CacheEntry } | { miss: Miss; stale?: CacheEntry }> {
    const entry = await this.read(edition, formats);
    if (!entry) return { miss: (await this.exists(edition, formats)) ? "corrupt" : "absent" };
    if (entry.key !== key) return { miss: "key", stale: entry };
    for (const kind of ["facts", "sources", "charts"] as const) {
      for (const [id, digest] of Object.entries(entry.data[kind])) {
        if (data(kind, id) !== digest) return { miss: "data", stale: entry };
      }
    }
    for (const d of entry.deps) {
      if ((await sha256File(d.file)) !== d.sha256) return { miss: "dependency", stale: entry };
    }
    return { entry };
  }

  private async exists(edition: string, formats: string): Promise<boolean> {
    return readFile(this.entryFile(edition, formats)).then(
      () => true,
      () => false,
    );
  }

  /** An output's bytes, verified against its hash; undefined when missing or damaged (the damaged object is removed). */
  async object(hash: string): Promise<Buffer | undefined> {
    try {
      const data = await readFile(this.objectFile(hash));
      if (sha256(data) === hash) return data;
      await rm(this.objectFile(hash), { force: true });
    } catch {
      // absent
    }
    return undefined;
  }

  /** Store an edition's outputs (objects first) and then its entry; diagnostics lose their `cause`. */
  async store(
    entry: Omit<CacheEntry, "diagnostics"> & { readonly diagnostics: readonly Diagnostic[] },
    files: ReadonlyMap<string, Uint8Array | string>,
  ): Promise<void> {
    for (const o of entry.outputs) {
      const data = files.get(o.path);
      if (data === undefined) throw new Error(`cache: no bytes for output ${o.path}`);
      // An object already there is checked when it is read, not here: storing stays cheap.
      const size = (await stat(this.objectFile(o.sha256)).catch(() => undefined))?.size;
      if (size !== o.bytes) await writeAtomic(this.objectFile(o.sha256), data);
    }
    const body = { ...entry, version: FORMAT_VERSION, diagnostics: entry.diagnostics.map(storedDiagnostic) };
    await writeAtomic(this.entryFile(entry.edition, entry.formats), sealed(body));
  }

  /** Remove objects no entry refers to. */
  async prune(): Promise<void> {
    const used = new Set<string>();
    const entries = await readdir(path.join(this.dir, "editions")).catch(() => []);
    for (const name of entries) {
      const [edition, formats] = name.replace(/\.json$/, "").split(/\.(?=[^.]+$)/);
      if (edition === undefined || formats === undefined) continue;
      for (const o of (await this.read(edition, formats))?.outputs ?? []) used.add(o.sha256);
    }
    for (const name of await readdir(path.join(this.dir, "objects")).catch(() => [])) {
      if (!used.has(name)) await rm(this.objectFile(name), { force: true });
    }
  }
}

/** An entry's text, checked against its own checksum and then its schema. */
function verified(text: string): CacheEntry | undefined {
  const entry = unsealed(text, Entry);
  if (!entry) return undefined;
  const { checksum: _, version: __, ...rest } = entry;
  return rest;
}

function storedDiagnostic(d: Diagnostic): z.input<typeof StoredDiagnostic> {
  const { file, line, column, severity, message, ruleId, hint } = d;
  return { file, line, column, severity, message, ruleId, hint };
}

/** Remove a project's cache. */
export async function clearCache(root: string): Promise<boolean> {
  const dir = path.join(root, CACHE_DIR);
  const existed = await readdir(dir).then(
    () => true,
    () => false,
  );
  await rm(dir, { recursive: true, force: true });
  return existed;
}
