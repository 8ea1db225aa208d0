import { spawnSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "../helpers.js";

/**
 * scripts/setup-browser.sh with BRIEF_BROWSER=pinned (what CI sets): the
 * system browser is skipped, the Chrome that the installed puppeteer pins is
 * installed with `npx puppeteer browsers install chrome` (here a stand-in
 * npx that records its arguments and "installs" a fake executable where
 * puppeteer looks for it), reported, and exported to the job's later steps.
 */

/** A PATH whose npx is a stand-in, a system "chromium" that must not be chosen, and an empty puppeteer cache. */
function world(): { env: NodeJS.ProcessEnv; calls: string; cache: string; githubEnv: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "brief-pinned-"));
  const bin = path.join(dir, "bin");
  mkdirSync(bin);
  const calls = path.join(dir, "npx-calls.txt");
  const cache = path.join(dir, "puppeteer-cache");
  const find = `node -e 'import("puppeteer").then(m=>process.stdout.write(m.default.executablePath()))'`;
  writeFileSync(
    path.join(bin, "npx"),
    `#!/bin/sh\necho "$*" >> "${calls}"\np=$(${find})\nmkdir -p "$(dirname "$p")"\nprintf '#!/bin/sh\\necho "Google Chrome for Testing 1.2.3.4"\\n' > "$p"\nchmod +x "$p"\necho "chrome@1.2.3.4 $p"\n`,
  );
  writeFileSync(path.join(bin, "chromium"), "#!/bin/sh\necho Chromium 9.9.9\n");
  for (const f of ["npx", "chromium"]) chmodSync(path.join(bin, f), 0o755);
  const githubEnv = path.join(dir, "github-env");
  writeFileSync(githubEnv, "");
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PATH: `${bin}:${process.env.PATH ?? ""}`,
    PUPPETEER_CACHE_DIR: cache,
    BRIEF_BROWSER: "pinned",
    GITHUB_ENV: githubEnv,
    GITHUB_ACTIONS: "",
  };
  delete env.PUPPETEER_EXECUTABLE_PATH;
  return { env, calls, cache, githubEnv };
}

const setup = (env: NodeJS.ProcessEnv): { code: number | null; out: string } => {
  const r = spawnSync("bash", [path.join(REPO, "scripts/setup-browser.sh")], { cwd: REPO, env, encoding: "utf8" });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
};

describe("BRIEF_BROWSER=pinned", () => {
  it("skips the system browser, installs puppeteer's pinned Chrome, reports it and exports it", () => {
    const w = world();
    const version = (
      JSON.parse(readFileSync(path.join(REPO, "node_modules/puppeteer/package.json"), "utf8")) as {
        version: string;
      }
    ).version;
    const first = setup(w.env);
    expect(first.code, first.out).toBe(0);
    expect(readFileSync(w.calls, "utf8")).toBe("--no-install puppeteer browsers install chrome\n");
    const reported = /^browser: (.+) \(pinned, downloaded by puppeteer (.+)\)$/m.exec(first.out);
    expect(reported, first.out).not.toBeNull();
    expect(reported?.[1]).toContain(w.cache);
    expect(reported?.[2]).toBe(version);
    expect(first.out).not.toContain("(system)");
    expect(readFileSync(w.githubEnv, "utf8")).toBe(`PUPPETEER_EXECUTABLE_PATH=${reported?.[1]}\n`);
    // The next job (or `make runtime`) finds it in the cache without installing again.
    const second = setup({ ...w.env, GITHUB_ENV: "" });
    expect(second.code, second.out).toBe(0);
    expect(second.out).toContain(`browser: ${reported?.[1]} (pinned by puppeteer ${version})`);
    expect(readFileSync(w.calls, "utf8").split("\n").filter(Boolean)).toHaveLength(1);
  });

  it("fails, rather than falling back to the system browser, when the pinned one cannot be installed", () => {
    const w = world();
    writeFileSync(path.join(path.dirname(w.calls), "bin", "npx"), "#!/bin/sh\nexit 1\n");
    const r = setup(w.env);
    expect(r.code).toBe(1);
    expect(r.out).toContain("BRIEF_BROWSER=pinned, but the Chrome puppeteer");
    expect(r.out).not.toMatch(/^browser: .*\(system\)$/m);
    expect(existsSync(w.cache)).toBe(false);
  });

  it("without the switch, the system browser is still the first choice", () => {
    const w = world();
    const r = setup({ ...w.env, BRIEF_BROWSER: "" });
    expect(r.code, r.out).toBe(0);
    expect(r.out).toMatch(/^browser: .+ \(system\)$/m);
    expect(existsSync(w.calls)).toBe(false);
  });
});
