import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sha256 } from "../../src/lib/hash.js";
import { overrideFindings } from "../../src/package/overrides.js";
import { load } from "../../src/stages/1-load/index.js";
import { FIXTURES, lines, REPO } from "../helpers.js";

/**
 * The templates layer (src/stages/1-load/layers.ts): a team's templates/
 * over the package's, file by file; and `brief check`'s findings about the
 * files a team overrides (src/package/overrides.ts). The "package" here is
 * a temporary copy of the repository's templates/, so a test can change it
 * as an upgrade would.
 */

/** A package templates folder (the repository's, copied) and a team project with the base fixture's brief. */
function setup(): { root: string; pkg: string; paths: Parameters<typeof load>[0] & { packageTemplatesDir: string } } {
  const dir = mkdtempSync(path.join(os.tmpdir(), "brief-layers-"));
  const pkg = path.join(dir, "package", "templates");
  // The package's templates, with the three shipped audiences (the specimen's), never the checkout's own audiences.
  cpSync(path.join(REPO, "templates"), pkg, {
    recursive: true,
    filter: (src) => path.relative(REPO, src) !== path.join("templates", "audiences"),
  });
  cpSync(path.join(FIXTURES, "specimen", "templates", "audiences"), path.join(pkg, "audiences"), { recursive: true });
  const root = path.join(dir, "team");
  cpSync(path.join(FIXTURES, "base", "content"), path.join(root, "content"), { recursive: true });
  mkdirSync(path.join(root, "templates"), { recursive: true });
  const paths = {
    root,
    contentDir: path.join(root, "content"),
    templatesDir: path.join(root, "templates"),
    packageTemplatesDir: pkg,
  };
  return { root, pkg, paths };
}

const write = (file: string, text: string): void => {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, text);
};

describe("the templates layer", () => {
  it("takes every file the team does not have from the package, named by its path from the project", async () => {
    const { paths } = setup();
    cpSync(path.join(FIXTURES, "base", "templates", "audiences"), path.join(paths.templatesDir, "audiences"), {
      recursive: true,
    });
    const r = await load(paths);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
    const alpha = r.value.audiences.get("alpha");
    expect(alpha?.templates.layout.file).toBe("../package/templates/layout.hbs");
    expect(alpha?.templates.partials.get("cover")?.file).toBe("../package/templates/partials/cover.hbs");
    expect(alpha?.file).toBe("templates/audiences/alpha.yaml");
  });

  it("without the package layer, the same project has no layout (the check is live)", async () => {
    const { paths } = setup();
    cpSync(path.join(FIXTURES, "base", "templates", "audiences"), path.join(paths.templatesDir, "audiences"), {
      recursive: true,
    });
    const { packageTemplatesDir: _unused, ...single } = paths;
    const r = await load(single);
    expect(r.diagnostics.map((d) => d.ruleId)).toContain("file/missing");
  });

  it("a team's partial, stylesheet and audience folder file replace the package's of the same path", async () => {
    const { paths } = setup();
    cpSync(path.join(FIXTURES, "base", "templates", "audiences"), path.join(paths.templatesDir, "audiences"), {
      recursive: true,
    });
    write(path.join(paths.templatesDir, "partials", "cover.hbs"), "<header>team cover</header>\n");
    write(path.join(paths.templatesDir, "styles", "print.css"), "body { color: black; }\n");
    write(path.join(paths.packageTemplatesDir, "audiences", "alpha", "style.css"), ".pkg {}\n");
    write(path.join(paths.templatesDir, "audiences", "alpha", "style.css"), ".team {}\n");
    const r = await load(paths);
    const t = r.value.audiences.get("alpha")?.templates;
    expect(t?.partials.get("cover")).toMatchObject({
      file: "templates/partials/cover.hbs",
      text: "<header>team cover</header>\n",
    });
    expect(t?.partials.get("toc")?.file).toBe("../package/templates/partials/toc.hbs");
    expect(t?.styles.map((s) => s.file)).toEqual(["templates/styles/print.css", "templates/audiences/alpha/style.css"]);
  });

  it("the audiences are the team's when it has any (one can be removed), else the package's", async () => {
    const { paths } = setup();
    expect([...(await load(paths)).value.audiences.keys()]).toEqual(["government", "investor", "student"]);
    write(
      path.join(paths.templatesDir, "audiences", "government.yaml"),
      readFileSync(path.join(paths.packageTemplatesDir, "audiences", "government.yaml"), "utf8"),
    );
    expect([...(await load(paths)).value.audiences.keys()]).toEqual(["government"]);
  });
});

describe("brief check on overridden templates", () => {
  const record = (files: Record<string, { sha256: string; version: string }>): string => JSON.stringify({ files });

  it("reports an override (info), an unrecorded one, and warns when the package's file changed since", async () => {
    const { root, pkg, paths } = setup();
    const cover = readFileSync(path.join(pkg, "partials", "cover.hbs"));
    const toc = readFileSync(path.join(pkg, "partials", "toc.hbs"));
    write(path.join(paths.templatesDir, "partials", "cover.hbs"), "<header>ours</header>\n");
    write(path.join(paths.templatesDir, "partials", "toc.hbs"), "<nav>ours</nav>\n");
    write(path.join(paths.templatesDir, "styles", "print.css"), "body {}\n");
    write(path.join(paths.templatesDir, "partials", "ours-only.hbs"), "not the package's\n");
    write(
      path.join(paths.templatesDir, ".overrides.json"),
      record({
        "partials/cover.hbs": { sha256: sha256(cover), version: "0.1.0" },
        "partials/toc.hbs": { sha256: sha256(toc), version: "0.1.0" },
      }),
    );
    // The upgrade: the package's toc.hbs changes.
    writeFileSync(path.join(pkg, "partials", "toc.hbs"), `${toc.toString()}<!-- new -->\n`);
    const found = await overrideFindings(paths);
    expect(found.map((d) => [d.file, d.severity, d.ruleId])).toEqual([
      ["templates/partials/cover.hbs", "info", "template/overridden"],
      ["templates/partials/toc.hbs", "warning", "template/override-outdated"],
      ["templates/styles/print.css", "info", "template/override-unrecorded"],
    ]);
    expect(lines(found)[1]).toMatch(
      /^templates\/partials\/toc.hbs:0:0: warning the package's \.\.\/package\/templates\/partials\/toc.hbs changed since templates\/partials\/toc.hbs was made from it \(policy-brief 0.1.0, now \d+\.\d+\.\d+\)/,
    );
    expect(found[1]?.hint).toContain("npx brief override partials/toc.hbs");
    expect(root).toBe(paths.root);
  });

  it("says nothing about an unrecorded copy identical to the package's file, nor in the tool's own repository", async () => {
    const { pkg, paths } = setup();
    cpSync(path.join(pkg, "layout.hbs"), path.join(paths.templatesDir, "layout.hbs"));
    expect(await overrideFindings(paths)).toEqual([]);
    const own = { ...paths, templatesDir: pkg };
    writeFileSync(path.join(pkg, "layout.hbs"), "changed\n");
    expect(await overrideFindings(own)).toEqual([]);
  });

  it("a record that is not JSON is a warning on the record, not a crash", async () => {
    const { paths } = setup();
    write(path.join(paths.templatesDir, ".overrides.json"), "{ not json");
    const found = await overrideFindings(paths);
    expect(found.map((d) => [d.file, d.severity, d.ruleId])).toEqual([
      ["templates/.overrides.json", "warning", "template/override-unrecorded"],
    ]);
    rmSync(path.join(paths.templatesDir, ".overrides.json"));
  });
});
