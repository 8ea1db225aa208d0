import { spawnSync } from "node:child_process";
import { cp, rm, stat } from "node:fs/promises";
import path from "node:path";
import { parseArgs } from "node:util";
import { usage, type Io } from "./io.js";

/**
 * `brief ops latest-release --dir previous --out release`: when nothing
 * changed, the latest published release (fetched by `brief ops
 * previous-release`) is the one to publish and distribute. Its folder is
 * copied to --out and its HTML assets unpacked from editions-html.zip
 * (with `unzip`, as on GitHub's runners). Node built-ins only (ops.ts).
 */
export async function latestRelease(args: readonly string[], io: Io): Promise<number> {
  let values: { dir?: string | undefined; out?: string | undefined };
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: { dir: { type: "string" }, out: { type: "string" } },
      strict: true,
    }));
  } catch (e) {
    return usage(io, (e as Error).message);
  }
  const dir = values.dir ?? "previous";
  const out = values.out ?? "release";
  if (!(await stat(path.join(dir, "manifest.json")).catch(() => undefined))) {
    io.err(`error: ${dir}/manifest.json does not exist: there is no previous release to take\n`);
    return 1;
  }
  await rm(out, { recursive: true, force: true });
  await cp(dir, out, { recursive: true });
  const r = spawnSync("unzip", ["-q", "-o", path.join(out, "editions-html.zip"), "-d", out], { stdio: "inherit" });
  if (r.status !== 0) {
    io.err(`error: ${out}/editions-html.zip could not be unpacked (unzip ${r.error ? "is missing" : "failed"})\n`);
    return 1;
  }
  io.out(`The latest release (${dir}) is the release folder ${out}/.\n`);
  return 0;
}
