import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { runInNewContext } from "node:vm";
import { setFlagsFromString } from "node:v8";
import type { Browser } from "puppeteer";
import type { RenderHooks } from "../../src/stages/render.js";

/**
 * Test-only support for the fault suite: finding our Chromium processes in
 * the process table, recording which browsers a build started, a local
 * HTTP server that counts requests, leftover temp files, and memory.
 *
 * Other people may run Chromium on the same machine at the same time, so
 * "our" processes are identified by the build's own browser: its pid, its
 * `--user-data-dir`, and descent from this test process.
 */

/** One running process from /proc. */
export interface Proc {
  readonly pid: number;
  readonly ppid: number;
  readonly cmdline: string;
}

/** The process table (Linux /proc); zombies (already dead) are left out. */
export function processes(): Proc[] {
  const out: Proc[] = [];
  for (const name of readdirSync("/proc")) {
    if (!/^\d+$/.test(name)) continue;
    try {
      const stat = readFileSync(`/proc/${name}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      if (fields[0] === "Z" || fields[0] === "X") continue;
      const cmdline = readFileSync(`/proc/${name}/cmdline`, "utf8").replace(/\0/g, " ").trim();
      out.push({ pid: Number(name), ppid: Number(fields[1]), cmdline });
    } catch {
      // exited while we looked
    }
  }
  return out;
}

/** Chromium processes that descend from this test process. */
export function ourChromium(): Proc[] {
  const all = processes();
  const children = new Map<number, Proc[]>();
  for (const p of all) children.set(p.ppid, [...(children.get(p.ppid) ?? []), p]);
  const out: Proc[] = [];
  const walk = (pid: number): void => {
    for (const c of children.get(pid) ?? []) {
      if (/chrom/i.test(c.cmdline)) out.push(c);
      walk(c.pid);
    }
  };
  walk(process.pid);
  return out;
}

/** A browser a build started, as seen from a render hook. */
export interface SeenBrowser {
  readonly pid: number;
  readonly userDataDir: string;
}

/** Record each browser a render uses; wraps an optional fault. */
export function recorder(fault?: (browser: Browser) => Promise<void>): { seen: SeenBrowser[]; hooks: RenderHooks } {
  const seen: SeenBrowser[] = [];
  const hooks: RenderHooks = {
    beforePdf: async (browser) => {
      const pid = browser.process()?.pid;
      if (pid !== undefined && !seen.some((s) => s.pid === pid)) {
        const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0");
        const dir = cmd.find((a) => a.startsWith("--user-data-dir="))?.slice("--user-data-dir=".length) ?? "";
        seen.push({ pid, userDataDir: dir });
      }
      if (fault) await fault(browser);
    },
  };
  return { seen, hooks };
}

/** Processes still alive that belong to one of these browsers (by pid or profile folder). */
export function survivors(seen: readonly SeenBrowser[]): Proc[] {
  return processes().filter((p) => seen.some((s) => p.pid === s.pid || (s.userDataDir !== "" && p.cmdline.includes(s.userDataDir))));
}

/** Wait until `fn` returns true, polling; returns whether it did within `ms`. */
export async function eventually(fn: () => boolean, ms = 5000): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (fn()) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  return fn();
}

/** Files and folders under `dir` whose names mark them as a build's temporaries. */
export function leftovers(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    if (!existsSync(d)) return;
    for (const name of readdirSync(d)) {
      const abs = path.join(d, name);
      if (name.startsWith(".brief-")) out.push(path.relative(dir, abs));
      else if (statSync(abs).isDirectory()) walk(abs);
    }
  };
  walk(dir);
  return out;
}

/** A local HTTP server on 127.0.0.1 that records every request. */
export async function countingServer(): Promise<{ port: number; requests: string[]; close: () => Promise<void> }> {
  const requests: string[] = [];
  const server: Server = createServer((req, res) => {
    requests.push(`${req.method ?? "?"} ${req.url ?? ""}`);
    res.writeHead(200, { "content-type": "text/plain" });
    res.end("reached");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return { port, requests, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A full garbage collection, even without --expose-gc. */
export function collectGarbage(): void {
  setFlagsFromString("--expose-gc");
  const gc: unknown = runInNewContext("gc");
  if (typeof gc === "function") gc();
}

/** Resident set size in MB after a full collection. */
export function rssMb(): number {
  collectGarbage();
  return process.memoryUsage().rss / 1024 / 1024;
}

/** An error shaped like the file system's, with a `code`. */
export function fsError(code: string, target: string): NodeJS.ErrnoException {
  const messages: Record<string, string> = { EROFS: "read-only file system", ENOSPC: "no space left on device" };
  return Object.assign(new Error(`${code}: ${messages[code] ?? "i/o error"}, open '${target}'`), { code, syscall: "open", path: target });
}
