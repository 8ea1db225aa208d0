import { spawnSync } from "node:child_process";
import { cpSync, readFileSync, readdirSync, rmSync } from "node:fs";
import path from "node:path";
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { pdfText, projectCopy, REPO, specimenCopy } from "../helpers.js";
import { sharedSpecimenBuild } from "../shared-build.js";
import { SEED_VARIABLE, sharedBuildsDir } from "../shared-builds-dir.js";
import { limit } from "../slowness.js";

/**
 * Any team's briefs: a second brief, started with `brief new` as the
 * README's tutorial does, builds beside the specimen (a frozen DeepSeek
 * brief) without changing a byte of the specimen's editions, and the test
 * suites that used to read the real content/ pass in a copy of the project
 * whose content/ holds a second brief.
 *
 * Cost (issue 33): the specimen built alone is the run's shared build
 * (test/shared-build.ts, the one editions and accessibility read), and the
 * nested run starts from this run's compiled dist/ and shared builds, so it
 * pays only for what its suites do beyond reading that build. Neither
 * depends on content/: dist/ is compiled from src/ alone, and a shared
 * build is keyed by the specimen fixture and the templates it takes.
 */

const EPOCH = "1739145600";
const BIN = path.join(REPO, "bin", "brief.js");

function brief(args: string[], cwd: string): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: "1", SOURCE_DATE_EPOCH: EPOCH },
    encoding: "utf8",
    timeout: limit(300_000),
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** sha256 of every file under output/ that belongs to an edition of `id`. */
function editionHashes(root: string, id: string): Map<string, string> {
  const out = path.join(root, "output");
  return new Map(
    readdirSync(out)
      .filter((f) => f.startsWith(`${id}-`) && /\.(pdf|html)$/.test(f))
      .sort()
      .map((f) => [
        f,
        createHash("sha256")
          .update(readFileSync(path.join(out, f)))
          .digest("hex"),
      ]),
  );
}

describe("a second brief", () => {
  it("builds from brief new beside the specimen, and the specimen's editions keep every byte", () => {
    // The specimen built alone (a cold build in a fresh copy): the run's shared build, made once.
    const shared = sharedSpecimenBuild(["build"], { SOURCE_DATE_EPOCH: EPOCH });
    expect(shared.status, shared.stderr).toBe(0);
    const before = editionHashes(shared.root, "deepseek");
    rmSync(shared.root, { recursive: true, force: true });
    expect([...before.keys()]).toHaveLength(6);

    const both = specimenCopy();
    expect(brief(["new", "--audience", "journalist"], both).code).toBe(0);
    const created = brief(
      ["new", "ai-act", "--audiences", "government,journalist", "--title", "The EU AI Act", "--date", "2026-12-01"],
      both,
    );
    expect(created.code).toBe(0);
    const built = brief(["build", "--no-cache"], both);
    expect(built.err).not.toMatch(/ error /);
    expect(built.code).toBe(0);
    expect(editionHashes(both, "deepseek")).toEqual(before);
    for (const audience of ["government", "journalist"]) {
      const text = pdfText(path.join(both, "output", `ai-act-${audience}.pdf`));
      expect(text).toContain("The EU AI Act");
      expect(text).toContain("Key takeaways");
      expect(text).toContain("Background");
      expect(text).toContain("€500,000 of up to €2 million has been spent");
      expect(text).toContain("A quarter of the planned budget has been spent");
    }
    expect(pdfText(path.join(both, "output", "ai-act-government.pdf"))).toContain(
      "Text between these lines prints only in that edition.",
    );
    expect(pdfText(path.join(both, "output", "ai-act-journalist.pdf"))).not.toContain(
      "Text between these lines prints only in that edition.",
    );
    expect(brief(["check", "--no-render"], both).code).toBe(0);
  });

  it(
    "leaves the suites that used to read content/ passing, in a copy of the project with a second brief",
    () => {
      const copy = projectCopy();
      // dist/ compiled from the same sources (global-setup's hash matches, so the nested run skips tsc).
      cpSync(path.join(REPO, "dist"), path.join(copy, "dist"), { recursive: true, preserveTimestamps: true });
      // The specimen's shared build exists before the nested run starts from this run's builds.
      rmSync(sharedSpecimenBuild(["build"], { SOURCE_DATE_EPOCH: EPOCH }).root, { recursive: true, force: true });
      expect(brief(["new", "--audience", "journalist"], copy).code).toBe(0);
      expect(brief(["new", "ai-act", "--audiences", "government,journalist", "--date", "2026-12-01"], copy).code).toBe(
        0,
      );
      const suites = [
        "test/e2e/editions.test.ts",
        "test/e2e/jobs.test.ts",
        "test/e2e/regenerate.test.ts",
        "test/e2e/accessibility.test.ts",
        "test/golden/golden.test.ts",
        "test/distribute/config.test.ts",
      ];
      const r = spawnSync(
        process.execPath,
        [
          path.join(REPO, "node_modules/vitest/vitest.mjs"),
          "run",
          "--project",
          "browser",
          "--project",
          "fast",
          ...suites,
        ],
        {
          cwd: copy,
          env: { ...process.env, NO_COLOR: "1", [SEED_VARIABLE]: sharedBuildsDir() },
          encoding: "utf8",
          timeout: limit(1_200_000),
        },
      );
      const summary = `${r.stdout}\n${r.stderr}`;
      expect(summary, summary.slice(-4000)).toMatch(/Test Files {2}6 passed \(6\)/);
      expect(r.status).toBe(0);
    },
    limit(1_500_000),
  );
});
