#!/usr/bin/env node
// `make runtime`: the Node and Chromium versions this machine builds with,
// printed and set as step outputs (node=v24.1.0, chromium=131.0.6778.85).
// Every edition's record keeps both, and a release needs one of each; the
// workflow's build cache key includes them, so after a runner update the
// cache misses once and the editions are rebuilt with the new runtime,
// instead of `brief release` failing with release/mixed-versions week
// after week. The browser is the one scripts/setup-browser.sh settles on
// (PUPPETEER_EXECUTABLE_PATH first).
import path from "node:path";
import { fileURLToPath } from "node:url";
import { fail, output, run, say, why } from "./lib.mjs";

const here = path.dirname(fileURLToPath(import.meta.url));
const setup = run("bash", [path.join(here, "..", "setup-browser.sh")]);
if (setup.status !== 0) fail(`no browser to build with (${why(setup)})`);
const found = /^browser: (.+) \([^)]*\)$/m.exec(setup.stdout);
if (!found) fail(`scripts/setup-browser.sh did not say which browser it found: ${setup.stdout.slice(0, 200)}`);
const exe = found[1];
const version = run(exe, ["--version"]);
if (version.status !== 0) fail(`${exe} --version failed (${why(version)})`);
const chromium = (/(\d+(?:\.\d+)+)/.exec(version.stdout) ?? [])[1];
if (!chromium) fail(`cannot read a version from "${version.stdout.trim()}"`);
say(`Runtime: Node ${process.version}, ${version.stdout.trim()} (${exe}).`);
output("node", process.version);
output("chromium", chromium);
