import { execFileSync } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** Compile src/ to dist/ and bundle it once, so CLI tests run the same `brief` command users run. */
export default function setup(): void {
  const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
  execFileSync(
    process.execPath,
    [path.join(root, "node_modules/typescript/bin/tsc"), "-p", path.join(root, "tsconfig.build.json")],
    { stdio: "inherit" },
  );
  execFileSync(process.execPath, [path.join(root, "scripts/bundle.mjs")], { stdio: "inherit" });
}
