import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sha256 } from "../../src/lib/hash.js";
import { projectPackageJson } from "../../src/scaffold/project.js";
import { REPO } from "../helpers.js";
import { limit } from "../slowness.js";

/**
 * `brief init`, `brief override` and `brief ops` as a team runs them (the
 * compiled `brief`, in a temporary folder; the package is this checkout).
 * The packed and installed package is test/e2e/package.test.ts.
 */

const BIN = path.join(REPO, "bin", "brief.js");
const brief = (cwd: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } => {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: "1" },
    encoding: "utf8",
    timeout: limit(120_000),
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};
const temp = (): string => mkdtempSync(path.join(os.tmpdir(), "brief-team-"));

describe("brief init", () => {
  it("writes a team project, and refuses to write over it with one positioned error (exit 2)", () => {
    const dir = temp();
    const first = brief(dir, "init", "team");
    expect(first.code, first.stderr).toBe(0);
    const team = path.join(dir, "team");
    for (const f of [
      "package.json",
      ".gitignore",
      "README.md",
      ".github/workflows/editions.yml",
      ".github/workflows/approval-watchdog.yml",
      "templates/audiences/government.yaml",
      "templates/audiences/investor.yaml",
      "templates/audiences/student.yaml",
      "templates/.overrides.json",
    ])
      expect(existsSync(path.join(team, f)), f).toBe(true);
    expect(readFileSync(path.join(team, "README.md"), "utf8")).toContain("npx brief build");
    const record = JSON.parse(readFileSync(path.join(team, "templates/.overrides.json"), "utf8")) as {
      files: Record<string, { sha256: string }>;
    };
    expect(record.files["audiences/government.yaml"]?.sha256).toBe(
      sha256(readFileSync(path.join(REPO, "templates/audiences/government.yaml"))),
    );
    const again = brief(dir, "init", "team");
    expect(again.code).toBe(2);
    expect(again.stderr.split("\n")[0]).toBe(
      "team/.github/workflows/editions.yml:0:0: error team/.github/workflows/editions.yml already exists; brief init never overwrites a project init/existing-project",
    );
  });

  it("keeps what package.json holds, and refuses other build/check/preview scripts, writing nothing", () => {
    const dir = temp();
    writeFileSync(
      path.join(dir, "package.json"),
      JSON.stringify({ name: "ours", scripts: { build: "make all" }, dependencies: { "policy-brief": "file:x.tgz" } }),
    );
    const r = brief(dir, "init");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^package\.json:0:0: error package\.json already has other build script\(s\).* init\/existing-project$/m,
    );
    expect(existsSync(path.join(dir, "content"))).toBe(false);
    const merged = projectPackageJson(
      JSON.stringify({
        name: "ours",
        scripts: { test: 'echo "Error: no test specified" && exit 1' },
        dependencies: { "policy-brief": "file:x.tgz" },
      }),
      "ignored",
      { name: "policy-brief", version: "9.9.9" },
    );
    expect("text" in merged && JSON.parse(merged.text)).toEqual({
      name: "ours",
      private: true,
      scripts: { build: "brief build", check: "brief check", preview: "brief preview" },
      dependencies: { "policy-brief": "file:x.tgz" },
    });
  });
});

describe("brief override", () => {
  it("copies the package's file, records it, and refuses a path outside templates/", () => {
    const dir = temp();
    expect(brief(dir, "init").code).toBe(0);
    const r = brief(dir, "override", "templates/partials/cover.hbs");
    expect(r.code, r.stderr).toBe(0);
    const pkgFile = readFileSync(path.join(REPO, "templates/partials/cover.hbs"));
    expect(readFileSync(path.join(dir, "templates/partials/cover.hbs"))).toEqual(pkgFile);
    const record = JSON.parse(readFileSync(path.join(dir, "templates/.overrides.json"), "utf8")) as {
      files: Record<string, { sha256: string }>;
    };
    expect(record.files["partials/cover.hbs"]?.sha256).toBe(sha256(pkgFile));
    expect(brief(dir, "override", "../package.json").code).toBe(2);
    expect(brief(dir, "override", "partials/none.hbs").stderr).toContain(
      "the package has no templates/partials/none.hbs",
    );
  });

  it("in the tool's own repository there is nothing to override", () => {
    const r = brief(REPO, "override", "layout.hbs");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("this is the tool's own repository");
  });
});

describe("brief ops", () => {
  it("dispatches to the package's operations scripts, and says which steps there are", () => {
    const dir = temp();
    const none = brief(dir, "ops", "nothing");
    expect(none.code).toBe(2);
    expect(none.stderr).toContain('unknown ops step "nothing" (the steps: previous-release, latest-release, publish');
    const pages = brief(dir, "ops", "pages", "bogus");
    expect(pages.code).toBe(1);
    expect(pages.stderr).toContain("usage: pages.mjs commit");
    const latest = brief(dir, "ops", "latest-release", "--dir", "previous", "--out", "release");
    expect(latest.code).toBe(1);
    expect(latest.stderr).toContain("previous/manifest.json does not exist");
  });

  it("loads nothing but Node's built-ins, so no npm dependency's code runs in the jobs that can write", () => {
    for (const file of ["ops.js", "ops-latest.js", "io.js"]) {
      const text = readFileSync(path.join(REPO, "dist", "cli", file), "utf8");
      const imports = [...text.matchAll(/from "([^"]+)"/g)].map((m) => m[1] ?? "");
      expect(
        imports.filter((i) => !i.startsWith("node:") && !["./ops-latest.js", "./io.js"].includes(i)),
        file,
      ).toEqual([]);
    }
  });
});
