import { appendFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { build } from "../../src/index.js";
import { lines, snapshot, tempProject } from "../helpers.js";
import { fsError, leftovers } from "./support.js";

/**
 * The output folder cannot be written: read-only (EROFS) or full (ENOSPC).
 * chmod does not stop root, so the failure is injected through the write
 * stage's test-only hook, with the `code` a real failure carries. The
 * previous editions must survive byte for byte, with no temporary file left.
 */

async function published(): Promise<{ root: string; out: string; before: Map<string, Buffer> }> {
  const root = tempProject();
  expect((await build({ root })).exitCode).toBe(0);
  const out = path.join(root, "output");
  const before = snapshot(out);
  appendFileSync(path.join(root, "content/mini/sections/10-common.md"), "\nA sentence added after the first build.\n");
  return { root, out, before };
}

describe("output folder faults", () => {
  it("read-only output folder: exit 1, previous editions intact, no temporary files", async () => {
    const { root, out, before } = await published();
    const targets: string[] = [];
    const r = await build({
      root,
      hooks: {
        write: {
          beforeWrite: (target) => {
            targets.push(target);
            throw fsError("EROFS", target);
          },
        },
      },
    });
    expect(r.exitCode).toBe(1);
    expect(targets.length).toBeGreaterThan(0);
    expect(lines(r.diagnostics.filter((d) => d.severity === "error"))).toEqual([
      `output:0:0: error could not write mini-alpha: EROFS: read-only file system, open '${path.join(out, "mini-alpha.html")}' output/write-failed`,
      `output:0:0: error could not write mini-beta: EROFS: read-only file system, open '${path.join(out, "mini-beta.html")}' output/write-failed`,
    ]);
    expect(r.diagnostics.find((d) => d.ruleId === "output/write-failed")?.hint).toMatch(/previous editions were left as they were/);
    expect(snapshot(out)).toEqual(before);
    expect(leftovers(out)).toEqual([]);
  });

  it("disk full part-way through an edition: the files already staged are removed, nothing is replaced", async () => {
    const { root, out, before } = await published();
    let calls = 0;
    const r = await build({
      root,
      audiences: ["alpha"],
      hooks: {
        write: {
          beforeWrite: (target) => {
            // The HTML's temporary file is written and flushed; the PDF's then fails.
            if (++calls === 2) throw fsError("ENOSPC", target);
          },
        },
      },
    });
    expect(calls).toBe(2);
    expect(r.exitCode).toBe(1);
    expect(lines(r.diagnostics.filter((d) => d.severity === "error"))).toEqual([
      `output:0:0: error could not write mini-alpha: ENOSPC: no space left on device, open '${path.join(out, "mini-alpha.pdf")}' output/write-failed`,
    ]);
    expect(snapshot(out)).toEqual(before);
    expect(leftovers(out)).toEqual([]);
  });
});
