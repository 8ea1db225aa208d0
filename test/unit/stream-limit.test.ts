import { describe, expect, it } from "vitest";
import { streamLimit } from "../../src/lib/stream-limit.js";

/**
 * `streamLimit` (what the streaming build publishes through) starts work on
 * an item as soon as the source yields it, before the source is asked for
 * the next. The source here records, each time it is resumed, which calls
 * had started: a helper that first collected every item (`mapLimit` over a
 * full list) would show none started until the source ended.
 */

describe("streamLimit", () => {
  it("starts each item's call before the source produces the next, and keeps the source's order", async () => {
    const log: string[] = [];
    async function* source(): AsyncGenerator<number> {
      for (const n of [1, 2, 3]) {
        await Promise.resolve();
        log.push(`produce ${n}`);
        yield n;
      }
    }
    const results = await streamLimit(source(), 3, async (n) => {
      log.push(`start ${n}`);
      // The first call ends last: the results still come back in the source's order.
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (n === 1) await new Promise<void>((resolve) => setImmediate(resolve));
      return n * 10;
    });
    expect(results).toEqual([10, 20, 30]);
    expect(log).toEqual(["produce 1", "start 1", "produce 2", "start 2", "produce 3", "start 3"]);
  });

  it("asks for no next item while `limit` calls run", async () => {
    const log: string[] = [];
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => (release = resolve));
    async function* source(): AsyncGenerator<number> {
      for (const n of [1, 2, 3]) {
        await Promise.resolve();
        log.push(`produce ${n}`);
        yield n;
      }
    }
    const run = streamLimit(source(), 2, async (n) => {
      log.push(`start ${n}`);
      if (n === 1) await held;
      log.push(`end ${n}`);
      return n;
    });
    // Let everything that can run, run: item 2 ends, a slot frees, item 3 is produced and started.
    for (let i = 0; i < 5; i++) await new Promise<void>((resolve) => setImmediate(resolve));
    expect(log).toEqual(["produce 1", "start 1", "produce 2", "start 2", "end 2", "produce 3", "start 3", "end 3"]);
    release();
    expect(await run).toEqual([1, 2, 3]);
  });

  it("a failing call does not stop the others; its error is thrown once every call has settled", async () => {
    const ended: number[] = [];
    async function* source(): AsyncGenerator<number> {
      for (const n of [1, 2, 3]) yield await Promise.resolve(n);
    }
    const run = streamLimit(source(), 1, async (n) => {
      if (n === 1) throw new Error("call 1 failed");
      await new Promise<void>((resolve) => setImmediate(resolve));
      ended.push(n);
      return n;
    });
    await expect(run).rejects.toThrow("call 1 failed");
    expect(ended).toEqual([2, 3]);
  });

  it("waits for the calls already started when the source throws", async () => {
    const ended: number[] = [];
    async function* source(): AsyncGenerator<number> {
      yield await Promise.resolve(1);
      throw new Error("source failed");
    }
    const run = streamLimit(source(), 2, async (n) => {
      await new Promise<void>((resolve) => setImmediate(resolve));
      ended.push(n);
      return n;
    });
    await expect(run).rejects.toThrow("source failed");
    expect(ended).toEqual([1]);
  });
});
