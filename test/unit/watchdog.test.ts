import { describe, expect, it } from "vitest";
import { SLOWNESS } from "../slowness.js";
import { spawnWatched, StepHung, until, watchdog } from "../watchdog.js";

/** The suite's watchdog (test/watchdog.ts): a hang fails, naming the step that hung and the limit it had. */
describe("watchdog", () => {
  it("fails a step that never finishes with an error naming the step", async () => {
    const never = new Promise<string>(() => undefined);
    const error = await watchdog("the preview's first page", 20, never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StepHung);
    expect((error as StepHung).step).toBe("the preview's first page");
    expect((error as Error).message).toBe(
      `step hung: the preview's first page (no result within ${Math.round(20 * SLOWNESS)} ms: 20 ms × slowness ${SLOWNESS})`,
    );
  });

  it("passes a step's result, or its own failure, through unchanged", async () => {
    await expect(watchdog("a quick step", 60_000, Promise.resolve(7))).resolves.toBe(7);
    await expect(watchdog("a failing step", 60_000, Promise.reject(new Error("its own reason")))).rejects.toThrow(
      /^its own reason$/,
    );
  });

  it("fails a poll whose condition never holds with an error naming the step", async () => {
    await expect(until("the build's staging folder", 20, () => false, 5)).rejects.toThrow(
      /^step hung: the build's staging folder \(no result within \d+ ms: 20 ms × slowness [\d.]+\)$/,
    );
  });

  it("returns as soon as a poll's condition holds", async () => {
    let calls = 0;
    await until("the third poll", 60_000, () => ++calls === 3, 1);
    expect(calls).toBe(3);
  });

  it("kills a synchronous child that hangs and fails naming the step", () => {
    const hang = (): unknown =>
      spawnWatched("a child that never exits", 200, process.execPath, ["-e", "setInterval(() => {}, 1000)"], {
        encoding: "utf8",
      });
    let error: unknown;
    try {
      hang();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(StepHung);
    expect((error as Error).message).toMatch(
      /^step hung: a child that never exits \(no result within \d+ ms: 200 ms × slowness/,
    );
  });

  it("returns a synchronous child's result when it exits", () => {
    const r = spawnWatched("a child that exits", 60_000, process.execPath, ["-e", "process.stdout.write('ok')"], {
      encoding: "utf8",
    });
    expect([r.status, r.stdout]).toEqual([0, "ok"]);
  });
});
