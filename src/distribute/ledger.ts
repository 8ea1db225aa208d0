import { mkdir, open, readFile, rm, type FileHandle } from "node:fs/promises";
import path from "node:path";
import { z } from "zod";
import { diagnostic, fileLocation, type Diagnostic, type Reported } from "../diagnostics/index.js";
import { takeLock } from "../lib/lock.js";

/**
 * The delivery ledger: one JSON line per delivery outcome worth keeping
 * (the server accepted it, refused it for good, or its outcome is
 * unknown), appended and fsynced before the next delivery is counted as
 * done. Append-only: nothing is ever rewritten; the last line for a
 * (recipient, channel, edition) is that delivery's state. A line cut
 * short at the end (a killed run) is ignored; a damaged line anywhere else
 * stops the run, because the record of what was sent can no longer be
 * trusted.
 *
 * Each line records the reader digest it delivered, so a recipient is sent
 * an edition again exactly when what they would read differs from what
 * they last received. Lines of version 1 (keyed on the input hash) are
 * still read: they count as delivered while the edition's input hash is
 * the same.
 *
 * Location: `--ledger FILE`, else `BRIEF_LEDGER`, else
 * `<project>/.cache/brief/deliveries.jsonl`. The workflow keeps it on a
 * branch of its own (scripts/ops/ledger.mjs), not in a cache.
 */

/** The default ledger, relative to the project root. */
export const DEFAULT_LEDGER = ".cache/brief/deliveries.jsonl";

const Hash = z.string().regex(/^[0-9a-f]{64}$/);

/** A version-1 line: an accepted delivery of an input hash. */
const LedgerEntryV1 = z
  .object({
    v: z.literal(1),
    recipient: z.string().min(1),
    edition: z.string().min(1),
    inputHash: Hash,
    channel: z.enum(["email", "webhook"]),
    at: z.string(),
    messageId: z.string().optional(),
    response: z.string().optional(),
  })
  .strict();

/** A version-2 line: what happened to one delivery of one reader digest. */
export const LedgerEntry = z
  .object({
    v: z.literal(2),
    /** The recipient's identity: the lower-cased address, or `webhook:` and the URL. */
    recipient: z.string().min(1),
    channel: z.enum(["email", "webhook"]),
    edition: z.string().min(1),
    /** The edition's reader digest that was delivered (or tried). */
    digest: Hash,
    /** The release (tag) it came from. */
    release: z.string().min(1),
    /** sent: the server accepted it; rejected: refused for good (not retried); unknown: no answer after it was sent. */
    status: z.enum(["sent", "rejected", "unknown"]),
    /** The delivery id: the webhook's Idempotency-Key and the e-mail's Message-ID. */
    id: z.string().min(1),
    /** ISO time of the outcome. */
    at: z.string(),
    messageId: z.string().optional(),
    /** The server's reply, or why it failed. */
    response: z.string().optional(),
  })
  .strict();
export type LedgerEntry = z.infer<typeof LedgerEntry>;
type LedgerEntryV1 = z.infer<typeof LedgerEntryV1>;

/** A line as read: either version. */
export type LedgerLine = LedgerEntry | LedgerEntryV1;

/** The ledger's state: the last line for each (recipient, channel, edition). */
export type LedgerState = ReadonlyMap<string, LedgerLine>;

/** The identity of a delivery's state: recipient, channel, edition. */
export function deliveryKey(e: Pick<LedgerEntry, "recipient" | "channel" | "edition">): string {
  return `${e.recipient}\n${e.channel}\n${e.edition}`;
}

/** Where the ledger is: the option, else BRIEF_LEDGER, else the default under the project root. */
export function ledgerPath(root: string, option: string | undefined, env: NodeJS.ProcessEnv): string {
  return path.resolve(root, option ?? (env.BRIEF_LEDGER || DEFAULT_LEDGER));
}

/** Read the ledger; a missing file is an empty ledger. */
export async function readLedger(file: string, label: string): Promise<Reported<Map<string, LedgerLine>>> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === "ENOENT") return { value: new Map(), diagnostics: [] };
    const message = `the delivery ledger cannot be read: ${(cause as Error).message}`;
    return { diagnostics: [diagnostic({ rule: "distribute/ledger", at: fileLocation(label), message, cause })] };
  }
  const entries = new Map<string, LedgerLine>();
  const lines = text.split("\n");
  const diagnostics: Diagnostic[] = [];
  for (const [i, line] of lines.entries()) {
    if (line.trim() === "") continue;
    const torn = i === lines.length - 1; // the last line has no newline: a write cut short
    let parsed: LedgerLine | undefined;
    try {
      const raw: unknown = JSON.parse(line);
      const r = LedgerEntry.safeParse(raw);
      const old = r.success ? undefined : LedgerEntryV1.safeParse(raw);
      parsed = r.success ? r.data : old?.success ? old.data : undefined;
    } catch {
      parsed = undefined;
    }
    if (parsed) entries.set(deliveryKey(parsed), parsed);
    else if (!torn) {
      const at = { file: label, line: i + 1, column: 1 };
      const message = "a damaged line in the delivery ledger; nothing is sent until it is repaired";
      return { diagnostics: [diagnostic({ rule: "distribute/ledger", at, message })] };
    }
  }
  return { value: entries, diagnostics };
}

/** An open ledger, for appending; `close()` is idempotent. */
export interface LedgerWriter {
  append(entry: LedgerEntry): Promise<void>;
  close(): Promise<void>;
}

/**
 * Open the ledger for appending, holding its lock (`<file>.lock`) so that
 * two `--send` runs never share it. A lock whose process is gone is taken over.
 */
export async function openLedger(file: string, label: string): Promise<Reported<LedgerWriter>> {
  const lockFile = `${file}.lock`;
  const fail = (message: string, cause?: unknown): Reported<LedgerWriter> => ({
    diagnostics: [
      diagnostic({ rule: "distribute/ledger", at: fileLocation(label), message, ...(cause ? { cause } : {}) }),
    ],
  });
  let handle: FileHandle;
  try {
    await mkdir(path.dirname(file), { recursive: true });
    const held = await takeLock(lockFile);
    if (held !== true) return fail(`the delivery ledger is in use by process ${held} on this machine`);
    handle = await open(file, "a");
    // A line cut short by a killed run must not run into the next entry.
    const { size } = await handle.stat();
    if (size > 0) {
      const last = Buffer.alloc(1);
      const fd = await open(file, "r");
      await fd.read(last, 0, 1, size - 1).finally(() => fd.close());
      if (last[0] !== 0x0a) await handle.write("\n");
    }
    await handle.sync();
    await syncDir(path.dirname(file));
  } catch (cause) {
    await rm(lockFile, { force: true });
    return fail(`the delivery ledger cannot be opened: ${(cause as Error).message}`, cause);
  }
  let closed = false;
  return {
    value: {
      append: async (entry) => {
        await handle.write(`${JSON.stringify(entry)}\n`);
        await handle.sync();
      },
      close: async () => {
        if (closed) return;
        closed = true;
        await handle.close().catch(() => undefined);
        await rm(lockFile, { force: true });
      },
    },
    diagnostics: [],
  };
}

/** fsync a folder, so a newly created file's entry survives a crash. */
async function syncDir(dir: string): Promise<void> {
  const h = await open(dir, "r");
  try {
    await h.sync();
  } finally {
    await h.close();
  }
}
