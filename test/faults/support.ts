import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { runInNewContext } from "node:vm";
import { setFlagsFromString } from "node:v8";
import { REAL_SEAMS, type Seams } from "../../src/pipeline/index.js";
import { openChromium, type Renderer, type RendererFactory } from "../../src/stages/6-render/index.js";
import type { WriteFs } from "../../src/stages/8-write/index.js";
import { limit } from "../slowness.js";

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

/** A browser a build started, found in the process table. */
export interface SeenBrowser {
  readonly pid: number;
  readonly userDataDir: string;
}

/** Browsers this process started itself (puppeteer spawns Chromium as our direct child). */
function ourBrowsers(): SeenBrowser[] {
  return processes()
    .filter((p) => p.ppid === process.pid && /chrom/i.test(p.cmdline) && p.cmdline.includes("--user-data-dir="))
    .map((p) => ({ pid: p.pid, userDataDir: /--user-data-dir=(\S+)/.exec(p.cmdline)?.[1] ?? "" }));
}

/** A fault injected before each print: it may damage the staged files, kill the browser, or never return. */
export type PrintFault = (htmlFile: string, browser: SeenBrowser) => Promise<void> | void;

/**
 * Seams whose renderer is the real Chromium with `fault` run before every
 * print, recording each browser started (for checking that none survives).
 * This is a faulty implementation of the render stage's interface, passed
 * to `runBuild`; the public API has no such option.
 */
export function faultyChromium(fault?: PrintFault): { seen: SeenBrowser[]; seams: Seams } {
  const seen: SeenBrowser[] = [];
  // Launches are serialised, so the one new browser in the process table after a launch is that launch's own.
  let launching: Promise<unknown> = Promise.resolve();
  const launch = async (options: Parameters<RendererFactory>[0]): Promise<{ real: Renderer; browser: SeenBrowser }> => {
    const real = await openChromium(options);
    const browser = ourBrowsers().find((b) => !seen.some((s) => s.pid === b.pid));
    if (!browser) throw new Error("faultyChromium: the browser just started is not in the process table");
    seen.push(browser);
    return { real, browser };
  };
  const openRenderer: RendererFactory = async (options) => {
    const started = launching.then(() => launch(options));
    launching = started.catch(() => undefined);
    const { real, browser } = await started;
    return {
      close: () => real.close(),
      openPage: async (dir) => {
        const page = await real.openPage(dir);
        return {
          browserVersion: page.browserVersion,
          close: () => page.close(),
          print: async (html) => {
            if (fault) await fault(html, browser);
            return page.print(html);
          },
        };
      },
    };
  };
  return { seen, seams: { ...REAL_SEAMS, openRenderer } };
}

/** Seams whose file system fails as `fault` says (before writing `file`, which is a temporary name beside its target). */
export function faultyFs(fault: (file: string, call: number) => void): Seams {
  let calls = 0;
  const fs: WriteFs = {
    writeNew: async (file, bytes) => {
      fault(file, ++calls);
      await REAL_SEAMS.fs.writeNew(file, bytes);
    },
    rename: (from, to) => REAL_SEAMS.fs.rename(from, to),
  };
  return { ...REAL_SEAMS, fs };
}

/** Processes still alive that belong to one of these browsers (by pid or profile folder). */
export function survivors(seen: readonly SeenBrowser[]): Proc[] {
  return processes().filter((p) =>
    seen.some((s) => p.pid === s.pid || (s.userDataDir !== "" && p.cmdline.includes(s.userDataDir))),
  );
}

/** Wait until `fn` returns true, polling; returns whether it did within `baseMs` (scaled by the run's slowness). */
export async function eventually(fn: () => boolean, baseMs = 5000): Promise<boolean> {
  const end = Date.now() + limit(baseMs);
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
export async function countingServer(): Promise<{
  port: number;
  requests: string[];
  close: () => Promise<void>;
}> {
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
  const gc = runInNewContext("gc") as unknown;
  if (typeof gc === "function") (gc as () => void)();
}

/** Resident set size in MB after a full collection. */
export function rssMb(): number {
  collectGarbage();
  return process.memoryUsage().rss / 1024 / 1024;
}

/** An error shaped like the file system's, with a `code`. */
export function fsError(code: string, target: string): NodeJS.ErrnoException {
  const messages: Record<string, string> = {
    EROFS: "read-only file system",
    ENOSPC: "no space left on device",
  };
  return Object.assign(new Error(`${code}: ${messages[code] ?? "i/o error"}, open '${target}'`), {
    code,
    syscall: "open",
    path: target,
  });
}
