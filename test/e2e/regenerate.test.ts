import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO, specimenCopy, snapshot } from "../helpers.js";

/**
 * Three scheduled runs, simulated locally with the script the workflow's
 * release job runs (`make release`, here through `make regenerate`, which
 * builds first, as one runner would): the real DeepSeek brief, a real
 * Chromium, and the release folder checked with `sha256sum -c`.
 */

function regenerate(project: string): { code: number | null; out: string } {
  const r = spawnSync("make", ["--no-print-directory", "-C", REPO, "regenerate", `PROJECT=${project}`], {
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", CI: "1" },
    timeout: 600_000,
  });
  return { code: r.status, out: r.stdout + r.stderr };
}

const flag = (out: string, name: string): string | undefined => new RegExp(`^${name}=(\\S+)$`, "m").exec(out)?.[1];

describe("scheduled regeneration, three runs", () => {
  it("first: a complete release; second, unchanged: nothing new; third, after a fact changed: CHANGES.md names it", () => {
    const project = specimenCopy();
    const release = path.join(project, "release");

    const first = regenerate(project);
    expect(first.code, first.out).toBe(0);
    expect(flag(first.out, "changed")).toBe("true");
    expect(flag(first.out, "released")).toBe("true");
    const sums = execFileSync("sha256sum", ["-c", "SHA256SUMS"], { cwd: release, encoding: "utf8" });
    for (const f of [
      "deepseek-government.pdf",
      "deepseek-investor.pdf",
      "deepseek-student.pdf",
      "editions-html.zip",
      "manifest.json",
      "CHANGES.md",
    ]) {
      expect(sums).toContain(`${f}: OK`);
    }
    expect(readFileSync(path.join(release, "CHANGES.md"), "utf8")).toMatch(/^# First release: 3 editions\./);

    const before = snapshot(release);
    const second = regenerate(project);
    expect(second.code, second.out).toBe(0);
    expect(flag(second.out, "changed")).toBe("false");
    expect(flag(second.out, "released")).toBe("false");
    expect(snapshot(release)).toEqual(before);

    const facts = path.join(project, "content/deepseek/facts.yaml");
    const text = readFileSync(facts, "utf8");
    const m = /^nvidia-fall:\n(?: {2}.*\n)*? {2}value: (\d+)\n/m.exec(text);
    expect(m).toBeTruthy();
    const old = Number(m?.[1]);
    writeFileSync(facts, text.replace(m?.[0] ?? "", (m?.[0] ?? "").replace(`value: ${old}`, `value: ${old + 1}`)));
    const third = regenerate(project);
    expect(third.code, third.out).toBe(0);
    expect(flag(third.out, "changed")).toBe("true");
    const changes = readFileSync(path.join(release, "CHANGES.md"), "utf8");
    expect(changes).toContain(`- \`nvidia-fall\` (deepseek): value ${old}% → ${old + 1}%`);
    expect(execFileSync("sha256sum", ["-c", "--quiet", "SHA256SUMS"], { cwd: release, encoding: "utf8" })).toBe("");
  }, 1_200_000);
});

describe("sharded builds, as the workflow's matrix runs them", () => {
  it("three shard processes hold exactly the editions of a full build, every file byte-identical", () => {
    const project = specimenCopy();
    const brief = (args: string[]): void => {
      const r = spawnSync(process.execPath, [path.join(REPO, "bin/brief.js"), "build", "--no-cache", ...args], {
        cwd: project,
        encoding: "utf8",
        env: { ...process.env, NO_COLOR: "1", CI: "1", SOURCE_DATE_EPOCH: "1739145600" },
        timeout: 300_000,
      });
      expect(r.status, r.stderr).toBe(0);
    };
    brief(["--out", "full"]);
    for (const k of [1, 2, 3]) brief(["--shard", `${k}/3`, "--out", `shard-${k}`]);
    const full = snapshot(path.join(project, "full"));
    const union = new Map<string, Buffer>();
    for (const k of [1, 2, 3]) {
      const shard = snapshot(path.join(project, `shard-${k}`));
      expect(
        [...shard.keys()].filter((f) => f.endsWith(".pdf")),
        `shard ${k} builds one edition`,
      ).toHaveLength(1);
      for (const [f, bytes] of shard) {
        if (union.has(f)) expect(union.get(f)?.equals(bytes), f).toBe(true);
        union.set(f, bytes);
      }
    }
    expect([...union.keys()].sort()).toEqual([...full.keys()].sort());
    for (const [f, bytes] of full) expect(union.get(f)?.equals(bytes), f).toBe(true);
  }, 900_000);
});
