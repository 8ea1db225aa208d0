import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { sha256 } from "../../src/lib/hash.js";
import { release } from "../../src/release/index.js";
import { ReleaseManifest } from "../../src/release/manifest.js";
import { readerDigest } from "../../src/release/reader.js";
import { collect } from "../../src/release/records.js";
import { lines, REPO, snapshot, tempProject } from "../helpers.js";
import { buildAndRelease, buildEditions, cloneOf, fakeGithub, gitProject, ops, putRelease } from "./ops-support.js";

/**
 * The operations review's findings about finding, making and publishing a
 * release (issue 19), one test each, named after the finding: each failed
 * on the code before the fix.
 */

const manifestOf = (dir: string): ReleaseManifest =>
  ReleaseManifest.parse(JSON.parse(readFileSync(path.join(dir, "manifest.json"), "utf8")));

describe("finding 1: a failure to read the previous release is never a first release", () => {
  it("no release with the tag prefix is a first release; gh missing, a 401, a release without manifest.json all stop the run", async () => {
    const { root } = gitProject();
    const { store, env } = fakeGithub();
    mkdirSync(path.join(root, "previous"));
    const none = ops("previous-release.mjs", ["--dir", "previous"], root, env);
    expect(none.out).toContain("No published release is tagged editions-*: this will be the first release.");
    expect(none.code).toBe(0);
    expect(existsSync(path.join(root, "previous")), "a stale previous/ is removed").toBe(false);

    // Releases of something else (another prefix) do not count.
    const built = await buildAndRelease(root);
    expect(built.released).toBe(true);
    putRelease(store, path.join(root, "release"), { tag: "v1.0.0" });
    expect(ops("previous-release.mjs", ["--dir", "previous"], root, env).out).toContain(
      "this will be the first release",
    );

    const noGh = ops("previous-release.mjs", ["--dir", "previous"], root, { ...env, PATH: "/nonexistent" });
    expect(noGh.code).toBe(1);
    expect(noGh.out).toMatch(/cannot list this repository's releases.*gh is not installed/);

    writeFileSync(path.join(store, "fail"), "HTTP 401: Bad credentials (https://api.github.com/graphql)");
    const unauthorised = ops("previous-release.mjs", ["--dir", "previous"], root, env);
    expect(unauthorised.code).toBe(1);
    expect(unauthorised.out).toMatch(/cannot list this repository's releases.*HTTP 401: Bad credentials/);
    expect(unauthorised.out).not.toContain("this will be the first release");
    rmSync(path.join(store, "fail"));

    const tag = putRelease(store, path.join(root, "release"));
    rmSync(path.join(store, "releases", tag, "assets", "manifest.json"));
    const noManifest = ops("previous-release.mjs", ["--dir", "previous"], root, env);
    expect(noManifest.code).toBe(1);
    expect(noManifest.out).toContain(`release ${tag} has no manifest.json`);
  });

  it("the latest release is downloaded whole, checked and attested, then releasing again changes nothing", async () => {
    const { root } = gitProject();
    const { store, env } = fakeGithub();
    await buildAndRelease(root);
    const tag = putRelease(store, path.join(root, "release"));
    const found = ops("previous-release.mjs", ["--dir", "previous"], root, env);
    expect(found.code, found.out).toBe(0);
    expect(found.out).toContain(`previous_tag=${tag}`);
    expect(found.out).toContain("manifest attested");
    const again = await release({ root, out: path.join(root, "next"), previous: path.join(root, "previous") });
    expect(again).toMatchObject({ exitCode: 0, changed: false, released: false });
  });
});

describe("finding 15: the previous manifest is checked before it is trusted", () => {
  it("a manifest whose input hash was edited to hide a change is refused, by brief release and by the lookup", async () => {
    const { root } = gitProject();
    const { store, env } = fakeGithub();
    await buildAndRelease(root);
    const tag = putRelease(store, path.join(root, "release"));
    ops("previous-release.mjs", ["--dir", "previous"], root, env);
    // A real change: a fact.
    const facts = path.join(root, "content/mini/facts.yaml");
    writeFileSync(facts, readFileSync(facts, "utf8").replace("  value: 18\n", "  value: 21\n"));
    await buildEditions(root);
    const next = await release({ root, out: path.join(root, "probe"), previous: path.join(root, "nowhere") });
    expect(next.released).toBe(true);
    const probe = manifestOf(path.join(root, "probe"));
    // Someone sets the previous manifest's input hashes to the new ones, so nothing looks changed.
    const file = path.join(root, "previous", "manifest.json");
    const m = JSON.parse(readFileSync(file, "utf8")) as { inputHash: string; editions: { inputHash: string }[] };
    m.inputHash = probe.inputHash;
    m.editions.forEach((e, i) => (e.inputHash = probe.editions[i]?.inputHash ?? e.inputHash));
    writeFileSync(file, JSON.stringify(m, null, 2));
    const out = path.join(root, "release2");
    const refused = await release({ root, out, previous: path.join(root, "previous") });
    expect(refused.exitCode).toBe(1);
    expect(lines(refused.diagnostics)).toEqual([
      expect.stringMatching(
        /^previous\/manifest\.json:0:0: error manifest\.json does not match its release's SHA256SUMS .* it was changed after the release was made release\/previous-unverified$/,
      ),
    ]);
    expect(existsSync(out)).toBe(false);
    // The same edit on GitHub stops the lookup.
    writeFileSync(path.join(store, "releases", tag, "assets", "manifest.json"), JSON.stringify(m, null, 2));
    const lookup = ops("previous-release.mjs", ["--dir", "previous"], root, env);
    expect(lookup.code).toBe(1);
    expect(lookup.out).toContain("manifest.json: does not match SHA256SUMS");
  });

  it("a manifest and SHA256SUMS changed together fail the attestation", async () => {
    const { root } = gitProject();
    const { store, env } = fakeGithub();
    await buildAndRelease(root);
    const tag = putRelease(store, path.join(root, "release"));
    const assets = path.join(store, "releases", tag, "assets");
    const text = readFileSync(path.join(assets, "manifest.json"), "utf8").replace('"value": "18%"', '"value": "1%"');
    writeFileSync(path.join(assets, "manifest.json"), text);
    const sums = readFileSync(path.join(assets, "SHA256SUMS"), "utf8").replace(
      /^[0-9a-f]{64}(?= {2}manifest\.json$)/m,
      sha256(text),
    );
    writeFileSync(path.join(assets, "SHA256SUMS"), sums);
    const r = ops("previous-release.mjs", ["--dir", "previous"], root, env);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/has no valid build-provenance attestation from sim\/briefs/);
    // Where attestations are off (a private repository without them), SHA256SUMS is all there is.
    expect(ops("previous-release.mjs", ["--dir", "previous", "--attestations", "off"], root, env).code).toBe(0);
  });
});

describe("finding 16: two releases into one folder", () => {
  it("a release into a folder another release is writing stops with a clear error and writes nothing", async () => {
    const root = tempProject();
    await buildEditions(root);
    const out = path.join(root, "release");
    // Another live process (this one) holds the folder's lock.
    writeFileSync(`${out}.lock`, JSON.stringify({ pid: process.pid, host: os.hostname() }));
    const busy = await release({ root, out });
    expect(busy.exitCode).toBe(1);
    expect(lines(busy.diagnostics)).toEqual([
      `release:0:0: error another brief release (process ${process.pid}) is writing release/; nothing was written release/busy`,
    ]);
    expect(existsSync(out)).toBe(false);
    rmSync(`${out}.lock`);
  });

  it("two brief release processes at once: no stack trace, and the folder they leave is whole", async () => {
    const root = tempProject();
    await buildEditions(root);
    const once = (): Promise<{ code: number | null; err: string }> =>
      new Promise((resolve) => {
        const child = spawn(
          process.execPath,
          [path.join(REPO, "bin/brief.js"), "release", "--out", "release", "--force"],
          {
            cwd: root,
            env: { ...process.env, NO_COLOR: "1" },
          },
        );
        let err = "";
        child.stderr.on("data", (c: Buffer) => (err += c.toString()));
        child.on("close", (code) => resolve({ code, err }));
      });
    for (let round = 0; round < 3; round++) {
      const both = await Promise.all([once(), once()]);
      for (const r of both) {
        expect(r.err).not.toMatch(/ENOTEMPTY|at .*\.js:\d+/);
        if (r.code !== 0) expect(r.err).toMatch(/release\/busy/);
      }
      expect(both.some((r) => r.code === 0)).toBe(true);
      expect(
        execFileSync("sha256sum", ["-c", "--quiet", "SHA256SUMS"], {
          cwd: path.join(root, "release"),
          encoding: "utf8",
        }),
      ).toBe("");
    }
  });
});

describe("finding 6: every file SHA256SUMS lists is published, and the site keeps every release", () => {
  it("the uploaded release passes sha256sum -c, and the draft holds exactly the listed files", async () => {
    const { root } = gitProject();
    const { store, env } = fakeGithub();
    await buildAndRelease(root);
    const dir = path.join(root, "release");
    const listed = readFileSync(path.join(dir, "SHA256SUMS"), "utf8")
      .trim()
      .split("\n")
      .map((l) => l.slice(66));
    expect(listed).toEqual([
      "CHANGES.md",
      "editions-html.zip",
      "manifest.json",
      "mini-alpha.html",
      "mini-alpha.pdf",
      "mini-beta.html",
      "mini-beta.pdf",
    ]);
    const draft = ops("publish.mjs", ["draft", "--dir", "release", "--target", "abc123"], root, env);
    expect(draft.code, draft.out).toBe(0);
    const tag = manifestOf(dir).tag;
    const stored = JSON.parse(readFileSync(path.join(store, "releases", tag, "release.json"), "utf8")) as Record<
      string,
      unknown
    >;
    expect(stored).toMatchObject({ isDraft: true, target: "abc123" });
    expect(readdirSync(path.join(store, "releases", tag, "assets")).sort()).toEqual([...listed, "SHA256SUMS"].sort());
    const published = ops("publish.mjs", ["publish", "--dir", "release"], root, env);
    expect(published.code, published.out).toBe(0);
    const download = mkdtempSync(path.join(os.tmpdir(), "brief-download-"));
    spawnSync("gh", ["release", "download", tag, "--dir", download], { env });
    expect(execFileSync("sha256sum", ["-c", "SHA256SUMS"], { cwd: download, encoding: "utf8" })).toMatch(
      /manifest\.json: OK/,
    );
    // The assets the HTML editions use are in the zip, and listed in the manifest with their sha256.
    expect(manifestOf(dir).editions[0]?.files.some((f) => f.kind === "asset")).toBe(true);
  });

  it("the Pages branch keeps each release in its own folder, never rewritten; latest/ follows the newest", async () => {
    const { root, origin } = gitProject();
    const { env } = fakeGithub();
    await buildAndRelease(root);
    const site = (dir: string): void => {
      mkdirSync(path.join(dir, "site"), { recursive: true });
      writeFileSync(path.join(dir, "site/index.html"), "<!DOCTYPE html><title>site</title>");
    };
    site(path.join(root, "release"));
    const first = manifestOf(path.join(root, "release")).tag;
    expect(ops("pages.mjs", ["commit", "--dir", "release"], root, env).code).toBe(0);
    const facts = path.join(root, "content/mini/facts.yaml");
    writeFileSync(facts, readFileSync(facts, "utf8").replace("  value: 18\n", "  value: 21\n"));
    await buildEditions(root);
    const second = await release({ root, out: path.join(root, "release"), previous: path.join(root, "release") });
    site(path.join(root, "release"));
    const runner = cloneOf(origin);
    const pagesBefore = path.join(runner, "pages-1");
    spawnSync("git", ["clone", "--quiet", "--branch", "brief-pages", origin, pagesBefore]);
    const before = snapshot(path.join(pagesBefore, first));
    const r = ops("pages.mjs", ["commit", "--dir", path.join(root, "release")], runner, env);
    expect(r.code, r.out).toBe(0);
    const pages = path.join(runner, "pages-2");
    spawnSync("git", ["clone", "--quiet", "--branch", "brief-pages", origin, pages]);
    expect(snapshot(path.join(pages, first))).toEqual(before);
    expect(readFileSync(path.join(pages, "latest/manifest.json"), "utf8")).toContain(second.tag ?? "?");
    const index = readFileSync(path.join(pages, "index.html"), "utf8");
    expect(index.indexOf(second.tag ?? "?")).toBeLessThan(index.indexOf(first));
    expect(existsSync(path.join(pages, second.tag ?? "?", "assets"))).toBe(true);
  });
});

describe("finding 3: a change only to code, dependencies or styling reads the same", () => {
  it("the reader digest ignores CSS, fonts, classes, contents page numbers and drawn chart shapes; it follows text, figures and images", async () => {
    const root = tempProject();
    await buildEditions(root);
    const [c] =
      (await collect(root, [path.join(root, "output")])).value?.filter((x) => x.record.name === "mini-alpha") ?? [];
    if (!c) throw new Error("mini-alpha was not built");
    const htmlPath = c.record.files.find((f) => f.kind === "html")?.path ?? "";
    const html = c.files.get(htmlPath)?.toString("utf8") ?? "";
    const digest = (edit: (h: string) => string, files = new Map(c.files)): string => {
      files.set(htmlPath, Buffer.from(edit(html)));
      return readerDigest(c.record, files);
    };
    const base = digest((h) => h);
    expect(base).toMatch(/^[0-9a-f]{64}$/);
    const css = new Map(c.files);
    for (const f of c.record.files.filter((x) => /\.(css|woff2)$/.test(x.path)))
      css.set(f.path, Buffer.from("changed"));
    expect(
      digest((h) => h, css),
      "CSS and fonts",
    ).toBe(base);
    expect(
      digest((h) => h.replace(/class="/g, 'class="restyled ')),
      "classes",
    ).toBe(base);
    expect(
      digest((h) => h.replace(/(<nav class="toc"[\s\S]*?<\/nav>)/, (n) => n.replace(/>(\d+)</g, ">9$1<"))),
      "contents page numbers",
    ).toBe(base);
    expect(
      digest((h) => h.replace("Only alpha readers see this", "Only alpha readers now see this")),
      "text",
    ).not.toBe(base);
    expect(
      digest((h) => h.replace(/\$5\.576 million|5,576,000/, "$6 million")),
      "a figure",
    ).not.toBe(base);
    const image = c.record.files.find((f) => f.path.endsWith(".png"));
    expect(image, "the alpha edition has an image").toBeDefined();
    const other = new Map(c.files);
    other.set(image?.path ?? "", Buffer.from("another image"));
    expect(
      digest((h) => h, other),
      "image bytes",
    ).not.toBe(base);
  });
});

describe("finding 11: the brief input reaches the release, and never the shell's command text", () => {
  it("make release passes ONLY_BRIEF to brief release as one quoted argument", async () => {
    const root = tempProject();
    await buildEditions(root);
    const make = (env: NodeJS.ProcessEnv) =>
      spawnSync(
        "make",
        [
          "--no-print-directory",
          "-o",
          "dist/.stamp",
          "-o",
          "node_modules/.install-stamp",
          "-C",
          REPO,
          "release",
          `PROJECT=${root}`,
          "PREVIOUS=nowhere",
        ],
        {
          env: { ...process.env, NO_COLOR: "1", ...env },
          encoding: "utf8",
        },
      );
    const ok = make({ ONLY_BRIEF: "mini" });
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stdout).toContain("released=true");
    const hostile = make({ ONLY_BRIEF: 'mini"; touch pwned; echo "' });
    expect(hostile.status).not.toBe(0);
    expect(existsSync(path.join(root, "pwned"))).toBe(false);
    expect(
      spawnSync("make", ["-n", "-C", REPO, "release", `PROJECT=${root}`], {
        env: { ...process.env, ONLY_BRIEF: "mini" },
        encoding: "utf8",
      }).stdout,
    ).toContain('${ONLY_BRIEF:+--brief "$ONLY_BRIEF"}');
  });
});

describe("a specimen is released only when asked, by make release and by make regenerate", () => {
  it("make release refuses a specimen brief unless ALLOW_SPECIMEN=1, and make regenerate passes the flag", async () => {
    const root = tempProject();
    const briefFile = path.join(root, "content", "mini", "brief.yaml");
    writeFileSync(briefFile, `status: specimen\n${readFileSync(briefFile, "utf8")}`);
    await buildEditions(root);
    const make = (vars: string[]) =>
      spawnSync(
        "make",
        [
          "--no-print-directory",
          "-o",
          "dist/.stamp",
          "-o",
          "node_modules/.install-stamp",
          "-C",
          REPO,
          "release",
        ].concat([`PROJECT=${root}`, "PREVIOUS=nowhere"], vars),
        { env: { ...process.env, NO_COLOR: "1" }, encoding: "utf8" },
      );
    const refused = make([]);
    expect(refused.status).not.toBe(0);
    expect(refused.stdout + refused.stderr).toContain("release/not-final");
    expect(existsSync(path.join(root, "release", "CHANGES.md"))).toBe(false);
    const other = make(["ALLOW_SPECIMEN=yes"]);
    expect(other.status, "only 1 allows").not.toBe(0);
    const allowed = make(["ALLOW_SPECIMEN=1"]);
    expect(allowed.status, allowed.stderr).toBe(0);
    expect(allowed.stdout).toContain("released=true");
    expect(readFileSync(path.join(root, "release", "CHANGES.md"), "utf8")).toMatch(/specimen/i);
    // The scheduled run's local twin releases the repository's own brief, a specimen, as one.
    const dry = spawnSync("make", ["-n", "-C", REPO, "regenerate", `PROJECT=${root}`], { encoding: "utf8" });
    expect(dry.stdout).toContain("ALLOW_SPECIMEN=1");
  });
});
