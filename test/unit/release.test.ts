import { execFileSync } from "node:child_process";
import {
  appendFileSync,
  cpSync,
  existsSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../src/cli/index.js";
import { REAL_SEAMS, runBuild, type Seams } from "../../src/pipeline/index.js";
import { parseShard } from "../../src/pipeline/shard.js";
import { sha256 } from "../../src/lib/hash.js";
import { release } from "../../src/release/index.js";
import { ReleaseManifest } from "../../src/release/manifest.js";
import type { RendererFactory } from "../../src/stages/6-render/index.js";
import { lines, snapshot, taggedBlankPdf, tempProject } from "../helpers.js";

/**
 * `brief release` and `brief build --shard` without a browser: editions are
 * built by the real pipeline with a fake renderer (the render stage's seam),
 * then released. test/e2e/regenerate.test.ts does the same with Chromium,
 * through `make regenerate`, the way the workflow does.
 */

const fake: Seams = {
  ...REAL_SEAMS,
  openRenderer: (() =>
    Promise.resolve({
      close: () => Promise.resolve(),
      openPage: () =>
        Promise.resolve({
          browserVersion: "FakeChrome/1.0",
          close: () => Promise.resolve(),
          print: async () => {
            return { pdf: await taggedBlankPdf(1, [612, 792]), blocked: [] };
          },
        }),
    })) satisfies RendererFactory,
};

async function built(root = tempProject(), outDir = "output"): Promise<string> {
  const r = await runBuild({ root, outDir }, fake);
  expect(lines(r.diagnostics.filter((d) => d.severity === "error"))).toEqual([]);
  return root;
}

const manifestOf = (dir: string): ReleaseManifest =>
  ReleaseManifest.parse(JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8")));

describe("brief release", () => {
  it("first release: editions, HTML zip, manifest, SHA256SUMS that sha256sum -c accepts, CHANGES.md; then nothing when nothing changed; then the changed fact", async () => {
    const root = await built();
    const out = path.join(root, "release");
    const first = await release({ root, out, previous: out });
    expect(first).toMatchObject({ exitCode: 0, changed: true, released: true, summary: "First release: 2 editions." });
    expect(readdirSync(out).sort()).toEqual([
      "CHANGES.md",
      "SHA256SUMS",
      "assets",
      "editions-html.zip",
      "manifest.json",
      "mini-alpha.html",
      "mini-alpha.pdf",
      "mini-beta.html",
      "mini-beta.pdf",
    ]);
    expect(execFileSync("sha256sum", ["-c", "SHA256SUMS"], { cwd: out, encoding: "utf8" })).toMatch(
      /mini-alpha\.pdf: OK/,
    );
    const m = manifestOf(out);
    expect(m.editions.map((e) => [e.name, e.pages, e.sections.length > 0, e.inputHash.length])).toEqual([
      ["mini-alpha", 1, true, 64],
      ["mini-beta", 1, true, 64],
    ]);
    expect(m.chromium).toBe("FakeChrome/1.0");
    expect(m.facts.find((f) => f.id === "fall")).toEqual({
      brief: "mini",
      id: "fall",
      value: "18%",
      as_of: "2025-02-05",
      source: "src-three",
    });
    expect(m.sources.map((s) => s.id).sort()).toEqual(["src-one", "src-three", "src-two"]);

    const before = snapshot(out);
    const again = await release({ root, out, previous: out });
    expect(again).toMatchObject({ exitCode: 0, changed: false, released: false });
    expect(snapshot(out)).toEqual(before);

    const facts = path.join(root, "content/mini/facts.yaml");
    writeFileSync(facts, readFileSync(facts, "utf8").replace("  value: 18\n", "  value: 21\n"));
    await built(root);
    const third = await release({ root, out, previous: out });
    expect(third).toMatchObject({ exitCode: 0, changed: true, released: true });
    const changes = readFileSync(path.join(out, "CHANGES.md"), "utf8");
    expect(changes.split("\n")[0]).toBe(
      "# Changes since the previous release: 1 fact changed, 2 editions reading differently.",
    );
    expect(changes).toContain("- `fall` (mini): value 18% → 21%");
  });

  it("a new browser alone is not a change: the input hash leaves the runner out", async () => {
    const root = await built();
    const out = path.join(root, "release");
    await release({ root, out });
    const other: Seams = {
      ...fake,
      openRenderer: async (o) => {
        const r = await fake.openRenderer(o);
        return { ...r, openPage: async (d) => ({ ...(await r.openPage(d)), browserVersion: "FakeChrome/2.0" }) };
      },
    };
    await runBuild({ root, cache: false }, other);
    const r = await release({ root, out, previous: out });
    expect(r).toMatchObject({ changed: false, released: false });
  });

  it("refuses a corrupt previous manifest, or one of an unknown version, and writes nothing", async () => {
    const root = await built();
    const previous = path.join(root, "previous");
    cpSync(path.join(root, "output"), previous, { recursive: true });
    const out = path.join(root, "release");
    /** A manifest.json with a SHA256SUMS that vouches for it. */
    const put = (text: string): void => {
      writeFileSync(path.join(previous, "manifest.json"), text);
      writeFileSync(path.join(previous, "SHA256SUMS"), `${sha256(text)}  manifest.json\n`);
    };
    put("{ not json");
    const corrupt = await release({ root, out, previous });
    expect(corrupt.exitCode).toBe(1);
    expect(lines(corrupt.diagnostics)[0]).toMatch(
      /^previous\/manifest\.json:0:0: error the previous manifest is not JSON: .* release\/previous-invalid$/,
    );
    put(JSON.stringify({ version: 7 }));
    const unknown = await release({ root, out, previous });
    expect(lines(unknown.diagnostics)).toEqual([
      "previous/manifest.json:0:0: error the previous manifest has version 7; this pipeline reads versions 1 and 2 release/previous-invalid",
    ]);
    expect(existsSync(out)).toBe(false);
    // A previous release that does not exist is a first release.
    expect(await release({ root, out, previous: path.join(root, "nowhere") })).toMatchObject({
      exitCode: 0,
      summary: "First release: 2 editions.",
    });
  });

  it("names an edition no shard folder holds, and refuses mixed versions and files that do not match their record", async () => {
    const root = tempProject();
    await built(root, "shard-1");
    rmSync(path.join(root, "shard-1/mini-beta.edition.json"));
    const out = path.join(root, "release");
    const missing = await release({ root, out, from: ["shard-1"] });
    expect(lines(missing.diagnostics)).toEqual([
      "shard-1:0:0: error edition mini-beta is in none of shard-1/ release/missing-edition",
    ]);
    await built(root, "shard-2");
    const record = path.join(root, "shard-2/mini-beta.edition.json");
    writeFileSync(
      record,
      readFileSync(record, "utf8").replace('"chromium": "FakeChrome/1.0"', '"chromium": "FakeChrome/9.9"'),
    );
    const mixed = await release({ root, out, from: ["shard-1", "shard-2"] });
    expect(lines(mixed.diagnostics)[0]).toMatch(
      /error the editions were built by different versions: .*FakeChrome\/1\.0 \(mini-alpha\).*FakeChrome\/9\.9 \(mini-beta\) release\/mixed-versions$/,
    );
    appendFileSync(path.join(root, "shard-1/mini-alpha.pdf"), "tampered");
    const tampered = await release({ root, out, from: ["shard-1", "shard-2"] });
    expect(
      lines(tampered.diagnostics).some((l) =>
        /^shard-1\/mini-alpha\.pdf:0:0: error mini-alpha: mini-alpha\.pdf does not match its record .* release\/bytes-mismatch$/.test(
          l,
        ),
      ),
    ).toBe(true);
    expect(existsSync(out)).toBe(false);
  });

  it("prints changed=, reader_changed=, released= and tag=, and appends them to $GITHUB_OUTPUT", async () => {
    const root = await built();
    const github = path.join(mkdtempSync(path.join(os.tmpdir(), "brief-gh-")), "output");
    const cwd = process.cwd();
    let out = "";
    try {
      process.chdir(root);
      const io = { out: (s: string) => void (out += s), err: () => undefined, tty: false };
      const { releaseCommand } = await import("../../src/cli/release.js");
      expect(
        await releaseCommand(["--out", "release"], io, { ...process.env, GITHUB_OUTPUT: github, GITHUB_ACTIONS: "" }),
      ).toBe(0);
    } finally {
      process.chdir(cwd);
    }
    expect(out).toMatch(/^changed=true\nreader_changed=true\nreleased=true\ntag=editions-\d{8}-\d{6}-[0-9a-f]{12}\n$/);
    expect(readFileSync(github, "utf8")).toBe(out);
  });
});

describe("brief build --shard", () => {
  it("splits the editions deterministically; the shards together are exactly the full build, byte for byte", async () => {
    const root = tempProject({
      "content/mini/sections/40-more.md":
        "---\nid: more\ntitle: More\norder: 40\naudiences: [alpha]\n---\nMore text for alpha.\n",
    });
    await built(root, "full");
    for (let k = 1; k <= 3; k++) {
      const r = await runBuild({ root, outDir: `shard-${k}`, shard: { index: k, count: 3 }, cache: false }, fake);
      expect(r.exitCode).toBe(0);
    }
    const union = new Map<string, Buffer>();
    const owners: string[][] = [];
    for (let k = 1; k <= 3; k++) {
      const files = snapshot(path.join(root, `shard-${k}`));
      owners.push([...files.keys()].filter((f) => f.endsWith(".pdf")).sort());
      for (const [f, bytes] of files) {
        if (union.has(f)) expect(union.get(f)?.equals(bytes), f).toBe(true);
        union.set(f, bytes);
      }
    }
    expect(owners.flat().sort()).toEqual(["mini-alpha.pdf", "mini-beta.pdf"]);
    expect(owners.filter((o) => o.length === 0)).toHaveLength(1);
    const full = snapshot(path.join(root, "full"));
    expect([...union.keys()].sort()).toEqual([...full.keys()].sort());
    for (const [f, bytes] of full) expect(union.get(f)?.equals(bytes), f).toBe(true);
  });

  it("rejects a bad shard spec as wrong usage (exit 2); an empty shard is fine and says so", async () => {
    expect(parseShard("2/3")).toEqual({ index: 2, count: 3 });
    for (const bad of ["0/3", "4/3", "a/b", "1/0", "3", "1/2/3"]) expect(parseShard(bad), bad).toHaveProperty("error");
    const cwd = process.cwd();
    const root = tempProject();
    try {
      process.chdir(root);
      let err = "";
      let out = "";
      const io = { out: (s: string) => void (out += s), err: (s: string) => void (err += s), tty: false };
      expect(await main(["build", "--shard", "4/3"], io)).toBe(2);
      expect(err).toBe(
        'brief: --shard must be K/N with 1 ≤ K ≤ N (for example 1/3), not "4/3"\nRun `brief --help` for usage.\n',
      );
      err = "";
      expect(await main(["build", "--shard", "3/3", "--format", "html"], io)).toBe(0);
      expect(out).toBe("shard 3/3 has no editions; nothing to build\n");
    } finally {
      process.chdir(cwd);
    }
  });
});
