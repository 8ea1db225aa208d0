import path from "node:path";
import { describe, expect, it } from "vitest";
import { check } from "../../src/index.js";
import { load } from "../../src/stages/1-load/index.js";
import { plan } from "../../src/stages/2-plan/index.js";
import { FIXTURES, lines, loadedProject, read, tempProject } from "../helpers.js";

/**
 * Nothing a brief holds is left out without a word: a section meant for
 * every edition that an edition's `sections:` list leaves out
 * (edition/section-left-out), and a file in `sections/` that is not read
 * (section/unread-file), are warnings naming what is left out and why.
 */

const BRIEF = read(path.join(FIXTURES, "base"), "content/mini/brief.yaml");
const withEditions = (yaml: string): string =>
  BRIEF.replace("audiences: [alpha, beta]\n", `audiences: [alpha, beta]\neditions:\n${yaml}`);

describe("a section meant for every edition, left out by a sections: list", () => {
  it("is a warning at the list, naming the section and the editions that still print it", async () => {
    const p = await loadedProject({
      "content/mini/brief.yaml": withEditions("  alpha:\n    sections: [takeaways, alpha-only]\n"),
    });
    const [alpha, beta] = plan(p).editions;
    expect(lines(alpha?.diagnostics ?? [])).toEqual([
      'content/mini/brief.yaml:14:5: warning section "common" (content/mini/sections/10-common.md) has no audiences, so it is meant for every edition, but editions.alpha.sections does not list it: edition mini-alpha leaves it out (printed only in mini-beta) edition/section-left-out',
    ]);
    expect(alpha?.diagnostics[0]?.hint).toBe(
      'Add "common" to editions.alpha.sections, or give the section audiences: naming the editions that print it.',
    );
    expect(alpha?.edition.sections.map((s) => s.front.id)).toEqual(["takeaways", "alpha-only"]);
    expect(beta?.diagnostics).toEqual([]);
  });

  it("says when no edition prints it at all", async () => {
    const p = await loadedProject({
      "content/mini/brief.yaml": withEditions(
        "  alpha:\n    sections: [takeaways, alpha-only]\n  beta:\n    sections: [takeaways, beta-only]\n",
      ),
    });
    expect(plan(p).editions.flatMap((e) => lines(e.diagnostics))).toEqual([
      'content/mini/brief.yaml:14:5: warning section "common" (content/mini/sections/10-common.md) has no audiences, so it is meant for every edition, but editions.alpha.sections does not list it: no edition prints it edition/section-left-out',
      'content/mini/brief.yaml:16:5: warning section "common" (content/mini/sections/10-common.md) has no audiences, so it is meant for every edition, but editions.beta.sections does not list it: no edition prints it edition/section-left-out',
    ]);
  });

  it("is not said of a list that prints every such section, nor of a section with its own audiences", async () => {
    const p = await loadedProject({
      "content/mini/brief.yaml": withEditions("  alpha:\n    sections: [common, takeaways, alpha-only]\n"),
    });
    expect(plan(p).editions.flatMap((e) => e.diagnostics)).toEqual([]);
  });

  it("reaches check's report as a warning, and the brief still passes", async () => {
    const r = await check({
      root: tempProject({
        "content/mini/brief.yaml": withEditions("  alpha:\n    sections: [takeaways, alpha-only]\n"),
      }),
      render: false,
    });
    expect(r.diagnostics.filter((d) => d.ruleId === "edition/section-left-out").map((d) => d.severity)).toEqual([
      "warning",
    ]);
    expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });
});

describe("a file in sections/ that is not read", () => {
  const loadWith = async (overlay: Record<string, string>) => {
    const root = tempProject(overlay);
    return load({ root, contentDir: path.join(root, "content"), templatesDir: path.join(root, "templates") });
  };
  const section = "---\nid: reporting\ntitle: Reporting\norder: 50\n---\nText.\n";

  it("gets a warning naming it and the extension that is read", async () => {
    const r = await loadWith({
      "content/mini/sections/50-reporting.markdown": section,
      "content/mini/sections/notes.txt": "to do\n",
      "content/mini/sections/old/60-old.md": section,
      "content/mini/sections/.DS_Store": "",
    });
    expect(lines(r.diagnostics)).toEqual([
      "content/mini/sections/50-reporting.markdown:1:1: warning 50-reporting.markdown is not read: only .md files in content/mini/sections are sections section/unread-file",
      "content/mini/sections/notes.txt:1:1: warning notes.txt is not read: only .md files in content/mini/sections are sections section/unread-file",
      "content/mini/sections/old:0:0: warning folder old in content/mini/sections is not read: sections are the .md files directly in content/mini/sections section/unread-file",
    ]);
    expect(r.diagnostics[0]?.hint).toBe(
      "Rename it to 50-reporting.md to print it, or move it out of content/mini/sections.",
    );
    expect(r.value.briefs.map((b) => b.id)).toEqual(["mini"]);
  });

  it("is said even when no .md file is there", async () => {
    const root = tempProject({ "content/mini/sections": null, "content/mini/sections/10-all.markdown": section });
    const r = await load({ root, contentDir: path.join(root, "content"), templatesDir: path.join(root, "templates") });
    expect(r.diagnostics.map((d) => `${d.file} ${d.ruleId}`)).toEqual([
      "content/mini/sections brief/no-sections",
      "content/mini/sections/10-all.markdown section/unread-file",
    ]);
  });

  it("is not said of the .md files that are read", async () => {
    const r = await loadWith({});
    expect(r.diagnostics).toEqual([]);
  });
});
