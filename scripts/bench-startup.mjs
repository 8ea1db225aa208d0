// Start-up for `make bench` (scripts/bench.mjs): how long `brief --help`
// takes, the first run included, through `node bin/brief.js` and through
// `npx brief`, and `brief check --no-render` after a build.
//
// First runs: `node bin/brief.js` runs from a fresh copy of bin/ and dist/
// (Node 20 keeps no compile cache, so a first run compiles the bundle like
// any other; only the OS file cache can differ). `npx brief` runs with an
// empty npm cache (a temporary npm_config_cache), as in a fresh clone: npm
// then links the project itself into its npx cache before running the bin.
import { cpSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { median } from "../dist/lib/paired-stats.js";
import { run } from "./bench-run.mjs";

const WARM = 5;

/** `first` run, then the median of WARM more, of `once()`; each resolves with { ms }. */
async function firstAndWarm(once) {
  const first = (await once()).ms;
  const warm = [];
  for (let i = 0; i < WARM; i++) warm.push((await once()).ms);
  return { first, warm: median(warm) };
}

/** Start-up rows for the benchmark table: { name, value, target, ok, extra }. */
export async function startup({ repo, env, log }) {
  const scratch = mkdtempSync(path.join(os.tmpdir(), "brief-bench-startup-"));
  try {
    // A fresh copy of the command (bin/, dist/, package.json) beside the project's node_modules.
    const pkg = path.join(scratch, "pkg");
    for (const f of ["bin", "dist", "package.json"]) cpSync(path.join(repo, f), path.join(pkg, f), { recursive: true });
    symlinkSync(path.join(repo, "node_modules"), path.join(pkg, "node_modules"));
    const node = await firstAndWarm(() => run([path.join(pkg, "bin", "brief.js"), "--help"], pkg, { env }));
    log(`  node bin/brief.js --help: first ${node.first.toFixed(0)} ms, then ${node.warm.toFixed(0)} ms`);

    const npmEnv = { ...env, npm_config_cache: path.join(scratch, "npm-cache"), npm_config_update_notifier: "false" };
    const npx = await firstAndWarm(() => run(["brief", "--help"], repo, { env: npmEnv, command: "npx" }));
    log(`  npx brief --help: first ${npx.first.toFixed(0)} ms, then ${npx.warm.toFixed(0)} ms`);

    // check --no-render on a project built once (its charts cached), and with --no-cache (Vega loads).
    const root = path.join(scratch, "project");
    cpSync(path.join(repo, "content"), path.join(root, "content"), { recursive: true });
    cpSync(path.join(repo, "templates"), path.join(root, "templates"), { recursive: true });
    await run([path.join(repo, "bin", "brief.js"), "build", "--quiet"], root, { env, allowFail: true });
    const check = await firstAndWarm(() =>
      run([path.join(repo, "bin", "brief.js"), "check", "--no-render"], root, { env, allowFail: true }),
    );
    const checkNoCache = await firstAndWarm(() =>
      run([path.join(repo, "bin", "brief.js"), "check", "--no-render", "--no-cache"], root, { env, allowFail: true }),
    );
    const ms = (x) => `${Math.round(x)} ms`;
    return [
      {
        name: "node bin/brief.js --help (first run)",
        value: ms(node.first),
        target: "< 1000 ms",
        ok: node.first < 1000,
        extra: `then ${ms(node.warm)} (median of ${WARM})`,
      },
      {
        name: "npx brief --help (first run, empty npm cache)",
        value: ms(npx.first),
        target: "(info)",
        ok: true,
        extra: `then ${ms(npx.warm)} (median of ${WARM}): npm's own start and its tree walk`,
      },
      {
        name: "brief check --no-render (after a build)",
        value: ms(check.warm),
        target: "< 1000 ms",
        ok: check.warm < 1000,
        extra: `median of ${WARM}; first ${ms(check.first)}`,
      },
      {
        name: "brief check --no-render --no-cache",
        value: ms(checkNoCache.warm),
        target: "(info: charts drawn, Vega loaded)",
        ok: true,
      },
    ];
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
