import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, readdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO, snapshot, tempProject } from "../helpers.js";
import { limit } from "../slowness.js";

/**
 * Three scheduled runs of a fixture brief, simulated on one machine with
 * the targets the workflow's jobs call (`make release`, here through `make
 * regenerate`, which builds first, as one runner would): a real Chromium,
 * and the release folder checked with `sha256sum -c`. The whole workflow,
 * over a year, is test/e2e/simulate-year.test.ts.
 */

function regenerate(project: string): { code: number | null; out: string } {
  const r = spawnSync("make", ["--no-print-directory", "-C", REPO, "regenerate", `PROJECT=${project}`], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", CI: "1" },
    timeout: limit(600_000),
  });
  return { code: r.status, out: r.stdout + r.stderr };
}

const flag = (out: string, name: string): string | undefined => new RegExp(`^${name}=(\\S+)$`, "m").exec(out)?.[1];

describe("scheduled regeneration, three runs", () => {
  it(
    "first: a complete release; second, unchanged: nothing new; third, after a fact changed: CHANGES.md names it",
    () => {
      const project = tempProject();
      const release = path.join(project, "release");

      const first = regenerate(project);
      expect(first.code, first.out).toBe(0);
      expect(flag(first.out, "changed")).toBe("true");
      expect(flag(first.out, "released")).toBe("true");
      expect(flag(first.out, "tag")).toMatch(/^editions-\d{8}-\d{6}-[0-9a-f]{12}$/);
      const sums = execFileSync("sha256sum", ["-c", "SHA256SUMS"], { cwd: release, encoding: "utf8" });
      const listed = [
        "CHANGES.md",
        "editions-html.zip",
        "manifest.json",
        "mini-alpha.html",
        "mini-alpha.pdf",
        "mini-beta.html",
        "mini-beta.pdf",
      ];
      expect(sums).toBe(listed.map((f) => `${f}: OK\n`).join(""));
      // Exactly the files at the top of the folder: what a GitHub release can hold.
      expect(
        readdirSync(release, { withFileTypes: true })
          .filter((e) => e.isFile())
          .map((e) => e.name)
          .sort(),
      ).toEqual([...listed, "SHA256SUMS"].sort());
      expect(readFileSync(path.join(release, "CHANGES.md"), "utf8")).toMatch(/^# First release: 2 editions\./);

      const before = snapshot(release);
      const second = regenerate(project);
      expect(second.code, second.out).toBe(0);
      expect(flag(second.out, "changed")).toBe("false");
      expect(flag(second.out, "released")).toBe("false");
      expect(snapshot(release)).toEqual(before);

      const facts = path.join(project, "content/mini/facts.yaml");
      writeFileSync(facts, readFileSync(facts, "utf8").replace("  value: 18\n", "  value: 19\n"));
      const third = regenerate(project);
      expect(third.code, third.out).toBe(0);
      expect(flag(third.out, "changed")).toBe("true");
      expect(flag(third.out, "reader_changed")).toBe("true");
      const changes = readFileSync(path.join(release, "CHANGES.md"), "utf8");
      expect(changes).toContain("- `fall` (mini): value 18% → 19%");
      expect(execFileSync("sha256sum", ["-c", "--quiet", "SHA256SUMS"], { cwd: release, encoding: "utf8" })).toBe("");
    },
    limit(1_200_000),
  );
});

describe("sharded builds, as the workflow's matrix runs them", () => {
  it(
    "three shard processes hold exactly the editions of a full build, every file byte-identical",
    () => {
      const project = tempProject();
      const brief = (args: string[]): void => {
        const r = spawnSync(process.execPath, [path.join(REPO, "bin/brief.js"), "build", "--no-cache", ...args], {
          cwd: project,
          encoding: "utf8",
          env: { ...process.env, NO_COLOR: "1", CI: "1", SOURCE_DATE_EPOCH: "1739145600" },
          timeout: limit(300_000),
        });
        expect(r.status, r.stderr).toBe(0);
      };
      brief(["--out", "full"]);
      for (const k of [1, 2, 3]) brief(["--shard", `${k}/3`, "--out", `shard-${k}`]);
      const full = snapshot(path.join(project, "full"));
      const union = new Map<string, Buffer>();
      const pdfs: string[] = [];
      for (const k of [1, 2, 3]) {
        const shard = snapshot(path.join(project, `shard-${k}`));
        pdfs.push(...[...shard.keys()].filter((f) => f.endsWith(".pdf")));
        for (const [f, bytes] of shard) {
          if (union.has(f)) expect(union.get(f)?.equals(bytes), f).toBe(true);
          union.set(f, bytes);
        }
      }
      expect(pdfs.sort(), "each edition is built by exactly one shard").toEqual(["mini-alpha.pdf", "mini-beta.pdf"]);
      expect([...union.keys()].sort()).toEqual([...full.keys()].sort());
      for (const [f, bytes] of full) expect(union.get(f)?.equals(bytes), f).toBe(true);
    },
    limit(900_000),
  );
});
