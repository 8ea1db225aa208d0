#!/usr/bin/env node
// The `brief` command. The TypeScript sources compile to dist/ and are
// bundled into dist/bundle/ (`make` does both). The bundle starts faster; it
// is used only when it is newer than the compiled sources, so a bundle left
// from an older compile never runs.
import { existsSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
const compiled = new URL("../dist/main.js", import.meta.url);
const bundled = new URL("../dist/bundle/main.cjs", import.meta.url);
if (!existsSync(compiled)) {
  process.stderr.write("brief: dist/ is missing; run `make` (or `npm run build:ts`) first.\n");
  process.exit(2);
}
// `brief ops` (the workflow's jobs that can write) loads only its own modules, which use Node's
// built-ins alone: no code from an npm dependency runs there (src/cli/ops.ts).
if (process.argv[2] === "ops") {
  const { opsCommand } = await import(new URL("../dist/cli/ops.js", import.meta.url).href);
  const { processIo } = await import(new URL("../dist/cli/io.js", import.meta.url).href);
  process.exitCode = await opsCommand(process.argv.slice(3), processIo);
} else {
  await run();
}

async function run() {
  // V8's tiering for a short batch job (src/lib/v8-tuning.ts), set before anything else loads.
  (await import(new URL("../dist/lib/v8-tuning.js", import.meta.url).href)).tuneV8();
  const fresh = existsSync(bundled) && statSync(bundled).mtimeMs >= statSync(compiled).mtimeMs;
  if (!fresh) return void (await import(compiled.href));
  const { runBundle } = await import(new URL("../dist/lib/code-cache.js", import.meta.url).href);
  process.exitCode = await runBundle(fileURLToPath(bundled), process.argv.slice(2));
}
