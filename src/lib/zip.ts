import { ZipFile } from "yazl";

/**
 * A byte-reproducible zip: entries sorted by name, every timestamp the
 * same fixed value, fixed file modes, no extended (UTC) timestamp field.
 * yazl writes the DOS date from a Date's local fields, so `day` is turned
 * into a Date from local fields too: the same archive whatever the
 * machine's timezone.
 */

/** One file in the archive. */
export interface ZipEntry {
  readonly name: string;
  readonly data: Buffer;
}

/** Midnight of `day` (YYYY-MM-DD) as local wall-clock fields, for zip timestamps. */
export function zipTime(day: string): Date {
  const [y, m, d] = day.split("-").map(Number);
  return new Date(y ?? 1980, (m ?? 1) - 1, d ?? 1, 0, 0, 0);
}

/** The archive's bytes. */
export async function zip(entries: readonly ZipEntry[], mtime: Date): Promise<Buffer> {
  const z = new ZipFile();
  for (const e of [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    z.addBuffer(e.data, e.name, { mtime, mode: 0o100644, compress: true, forceDosTimestamp: true });
  }
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    z.outputStream.on("data", (c: Buffer) => chunks.push(c));
    z.outputStream.on("end", () => resolve(Buffer.concat(chunks)));
    z.outputStream.on("error", reject);
  });
  z.end();
  return done;
}
