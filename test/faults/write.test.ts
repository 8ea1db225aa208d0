import path from "node:path";
import { describe, expect, it } from "vitest";
import { runBuild } from "../../src/pipeline/index.js";
import { lines, snapshot } from "../helpers.js";
import { publishedBase } from "../published-base.js";
import { faultyFs, fsError, leftovers } from "./support.js";

/**
 * The output folder cannot be written: read-only (EROFS) or full (ENOSPC).
 * chmod does not stop root, so the failure is injected through the write
 * stage's file-system seam, with the `code` a real failure carries. The
 * previous editions (the run's shared build of the base fixture, each test
 * on its own copy) must survive byte for byte, with no temporary file left.
 */

describe.each([1, 2])("output folder faults, --jobs %i", (jobs) => {
  it("read-only output folder: exit 1, previous editions intact, no temporary files", async () => {
    const { root, out, before } = publishedBase();
    const targets: string[] = [];
    const seams = faultyFs((file) => {
      targets.push(file);
      throw fsError("EROFS", file);
    });
    const r = await runBuild({ root, jobs }, seams);
    expect(r.exitCode).toBe(1);
    expect(targets.length).toBeGreaterThan(0);
    const tmp = (name: string): string =>
      `${path.join(out, ".brief-tmp-")}${process.pid}-[0-9a-f]{8}-${name}`.replace(/[.]/g, "\\.");
    const errors = lines(r.diagnostics.filter((d) => d.severity === "error"));
    expect(errors).toHaveLength(2);
    expect(errors[0]).toMatch(
      new RegExp(
        `^output:0:0: error could not write mini-alpha: EROFS: read-only file system, open '${tmp("mini-alpha.html")}' output/write-failed$`,
      ),
    );
    expect(errors[1]).toMatch(
      new RegExp(
        `^output:0:0: error could not write mini-beta: EROFS: read-only file system, open '${tmp("mini-beta.html")}' output/write-failed$`,
      ),
    );
    expect(r.diagnostics.find((d) => d.ruleId === "output/write-failed")?.hint).toMatch(
      /previous editions were left as they were/,
    );
    expect(snapshot(out)).toEqual(before);
    expect(leftovers(out)).toEqual([]);
  });

  it("disk full part-way through an edition: the files already staged are removed, nothing is replaced", async () => {
    const { root, out, before } = publishedBase();
    let calls = 0;
    const seams = faultyFs((file, call) => {
      calls = call;
      // The HTML's temporary file is written and flushed; the PDF's then fails.
      if (call === 2) throw fsError("ENOSPC", file);
    });
    const r = await runBuild({ root, audiences: ["alpha"], jobs }, seams);
    expect(calls).toBe(2);
    expect(r.exitCode).toBe(1);
    const errors = lines(r.diagnostics.filter((d) => d.severity === "error"));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(
      /^output:0:0: error could not write mini-alpha: ENOSPC: no space left on device, open '.*\/output\/\.brief-tmp-\d+-[0-9a-f]{8}-mini-alpha\.pdf' output\/write-failed$/,
    );
    expect(snapshot(out)).toEqual(before);
    expect(leftovers(out)).toEqual([]);
  });
});
