#!/usr/bin/env node
// The `brief` command. The TypeScript sources compile to dist/ (`make` does it).
import { existsSync } from "node:fs";
if (!existsSync(new URL("../dist/main.js", import.meta.url))) {
  process.stderr.write("brief: dist/ is missing; run `make` (or `npm run build:ts`) first.\n");
  process.exit(2);
}
await import("../dist/main.js");
