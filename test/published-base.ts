import { appendFileSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { snapshot } from "./helpers.js";
import { sharedFixtureBuild, type SharedBuild } from "./shared-build.js";

/**
 * The base fixture (the mini brief, editions mini-alpha and mini-beta)
 * built once per test run and handed to each test as its own copy (issue
 * 33, round 4). The fault suites (browser, write, fonts) and the
 * mini-fixture PDF suite each began every test with the same cold build of
 * it, only to have "a previous good output" to protect or read: sixteen
 * builds with a Chromium start each. The build is `brief build` with no
 * options, as `build({ root })` ran it in-process; its cache is in the
 * copy too (for a test that wants remembered page numbers).
 */

/** Lines of a build's report that are problems (errors or warnings), not progress or information. */
export function problemLines(stderr: string): string[] {
  return stderr.split("\n").filter((l) => / (error|warning) /.test(l));
}

/** The base fixture's shared build, in a copy of the caller's own; fails the test unless it built cleanly. */
export function builtBase(): SharedBuild {
  const built = sharedFixtureBuild("base", ["build"], {});
  expect(problemLines(built.stderr)).toEqual([]);
  expect(built.status).toBe(0);
  return built;
}

/** A built copy of the base fixture whose next successful build would change every edition. */
export interface Published {
  readonly root: string;
  /** Its output folder, as the good build left it. */
  readonly out: string;
  /** Every file of `out`, byte for byte, before the content changed. */
  readonly before: Map<string, Buffer>;
}

/**
 * The base fixture built and published (its own copy of the shared build),
 * then a sentence added to the section both editions print, so that
 * "output unchanged" after a failed build means something.
 */
export function publishedBase(): Published {
  const { root } = builtBase();
  const out = path.join(root, "output");
  const before = snapshot(out);
  expect([...before.keys()].filter((k) => /\.(pdf|html)$/.test(k)).sort()).toEqual([
    "mini-alpha.html",
    "mini-alpha.pdf",
    "mini-beta.html",
    "mini-beta.pdf",
  ]);
  appendFileSync(path.join(root, "content/mini/sections/10-common.md"), "\nA sentence added after the first build.\n");
  return { root, out, before };
}
