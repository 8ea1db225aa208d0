#!/usr/bin/env node
// Run by `npm pack` (prepack): copy into fonts/ only the font files the editions and the site use
// (the @font-face CSS files FACES names in src/stages/5-layout/fonts.ts, and the woff2 files they
// reference, Noto Sans Arabic's Arabic subset only), with each package's package.json. The
// installed package reads them from there (src/lib/font-package.ts), so a team installs ~3 MB of
// fonts instead of the ~85 MB of the five @fontsource packages (docs/package.md). Needs dist/.
import { copyFileSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const { FACES } = await import(new URL("../dist/stages/5-layout/fonts.js", import.meta.url).href);
const require = createRequire(path.join(root, "package.json"));
const out = path.join(root, "fonts");
rmSync(out, { recursive: true, force: true });
let files = 0;
let bytes = 0;
for (const face of FACES) {
  const dir = path.dirname(require.resolve(`${face.pkg}/package.json`));
  const to = path.join(out, face.pkg);
  mkdirSync(path.join(to, "files"), { recursive: true });
  copyFileSync(path.join(dir, "package.json"), path.join(to, "package.json"));
  copyFileSync(path.join(dir, "LICENSE"), path.join(to, "LICENSE"));
  const short = face.pkg.replace("@fontsource/", "");
  for (const css of face.files) {
    copyFileSync(path.join(dir, css), path.join(to, css));
    for (const m of readFileSync(path.join(dir, css), "utf8").matchAll(/url\(\.\/files\/([^)]+\.woff2)\)/g)) {
      const subset = m[1].slice(short.length + 1).replace(/-\d+-(normal|italic)\.woff2$/, "");
      if (face.subsets && !face.subsets.includes(subset)) continue;
      copyFileSync(path.join(dir, "files", m[1]), path.join(to, "files", m[1]));
      files += 1;
      bytes += readFileSync(path.join(dir, "files", m[1])).length;
    }
  }
}
console.log(`fonts/: ${files} woff2 files, ${(bytes / 1e6).toFixed(1)} MB`);
