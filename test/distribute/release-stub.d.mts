import type { ReleaseManifest } from "../../src/release/manifest.js";

/** Build `root` and write a release folder at `releaseDir` (see release-stub.mjs). */
export function makeRelease(options: {
  root: string;
  releaseDir: string;
  changes?: string;
  outDir?: string;
}): Promise<ReleaseManifest>;
