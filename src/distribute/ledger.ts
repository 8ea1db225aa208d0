import { randomBytes } from "node:crypto";
import { link, mkdir, open, readFile, rm, writeFile, type FileHandle } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { diagnostic, fileLocation, type Diagnostic, type Reported } from "../diagnostics/index.js";
import { isProcessAlive } from "../lib/process.js";

/**
 * The delivery ledger: one JSON line per delivery the server accepted,
 * appended and fsynced before the next delivery is counted as done. A
 * re-run reads it and sends only what is missing. Append-only: nothing is
 * ever rewritten. A line cut short at the end (a killed run) is ignored;
 * a damaged line anywhere else stops the run, because the record of what
 * was sent can no longer be trusted.
 *
 * Location: `--ledger FILE`, else `BRIEF_LEDGER`, else
 * `<project>/.cache/brief/deliveries.jsonl` (a folder a CI job can cache).
 */

/** The default ledger, relative to the project root. */
export const DEFAULT_LEDGER = ".cache/brief/deliveries.jsonl";

/** One accepted delivery. */
export const LedgerEntry = z
  .object({
    v: z.literal(1),
    /** The recipient's identity: the lower-cased address, or `webhook:` and the URL. */
    recipient: z.string().min(1),
    edition: z.string().min(1),
    /** The edition's input hash from the release manifest. */
    inputHash: z.string().regex(/^[0-9a-f]{64}$/),
    channel: z.enum(["email", "webhook"]),
    /** ISO time the server accepted it. */
    at: z.string(),
    messageId: z.string().optional(),
    /** The server's reply, for the record. */
    response: z.string().optional(),
  })
  .strict();
export type LedgerEntry = z.infer<typeof LedgerEntry>;

/** The identity of a delivery: never two accepted entries with the same key. */
export function deliveryKey(e: Pick<LedgerEntry, "recipient" | "inputHash" | "channel">): string {
  return `${e.recipient}\n${e.inputHash}\n${e.channel}`;
}

/** Where the ledger is: the option, else BRIEF_LEDGER, else the default under the project root. */
export function ledgerPath(root: string, option: string | undefined, env: NodeJS.ProcessEnv): string {
  return path.resolve(root, option ?? (env.BRIEF_LEDGER || DEFAULT_LEDGER));
}

/** Read the ledger; a missing file is an empty ledger. */
export async function readLedger(file: string, label: string): Promise<Reported<Map<string, LedgerEntry>>> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === "ENOENT") return { value: new Map(), diagnostics: [] };
    const message = `the delivery ledger cannot be read: ${(cause as Error).message}`;
    return { diagnostics: [diagnostic({ rule: "distribute/ledger", at: fileLocation(label), message, cause })] };
  }
  const entries = new Map<string, LedgerEntry>();
  const lines = text.split("\n");
  const diagnostics: Diagnostic[] = [];
  for (const [i, line] of lines.entries()) {
    if (line.trim() === "") continue;
    const torn = i === lines.length - 1; // the last line has no newline: a write cut short
    let parsed: ReturnType<typeof LedgerEntry.safeParse> | undefined;
    try {
      parsed = LedgerEntry.safeParse(JSON.parse(line));
    } catch {
      parsed = undefined;
    }
    if (parsed?.success) entries.set(deliveryKey(parsed.data), parsed.data);
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

/** Create the lock file, or return the pid of the live process holding it. */
async function takeLock(lockFile: string): Promise<true | number> {
  for (let tries = 0; tries < 3; tries++) {
    // Written whole, then linked into place: link() fails when the lock exists, and nobody sees it half-written.
    const tmp = `${lockFile}.${process.pid}.${randomBytes(4).toString("hex")}`;
    await writeFile(tmp, JSON.stringify({ pid: process.pid, host: os.hostname() }));
    try {
      await link(tmp, lockFile);
      return true;
    } catch (cause) {
      if ((cause as NodeJS.ErrnoException).code !== "EEXIST") throw cause;
    } finally {
      await rm(tmp, { force: true });
    }
    const owner = await readFile(lockFile, "utf8").then(lockOwner, () => undefined);
    if (owner && (owner.host !== os.hostname() || isProcessAlive(owner.pid))) return owner.pid;
    await rm(lockFile, { force: true });
  }
  throw new Error(`could not take ${lockFile}`);
}

const LockInfo = z.object({ pid: z.number().int(), host: z.string() });

/** The owner written in a lock file, or undefined for a file cut short. */
function lockOwner(text: string): z.infer<typeof LockInfo> | undefined {
  try {
    const parsed = LockInfo.safeParse(JSON.parse(text));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
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
