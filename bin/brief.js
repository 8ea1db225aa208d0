#!/usr/bin/env node
// The `brief` command. The TypeScript sources compile to dist/ and are
// bundled into dist/bundle/ (`make` does both). The bundle starts faster; it
// is used only when it is newer than the compiled sources, so a bundle left
// from an older compile never runs.
import { existsSync, statSync } from "node:fs";
const compiled = new URL("../dist/main.js", import.meta.url);
const bundled = new URL("../dist/bundle/main.js", import.meta.url);
if (!existsSync(compiled)) {
  process.stderr.write("brief: dist/ is missing; run `make` (or `npm run build:ts`) first.\n");
  process.exit(2);
}
// V8's tiering for a short batch job (src/lib/v8-tuning.ts), set before anything else loads.
(await import(new URL("../dist/lib/v8-tuning.js", import.meta.url).href)).tuneV8();
const fresh = existsSync(bundled) && statSync(bundled).mtimeMs >= statSync(compiled).mtimeMs;
await import(fresh ? bundled.href : compiled.href);
