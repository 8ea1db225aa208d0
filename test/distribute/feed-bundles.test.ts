import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import yauzl from "yauzl";
import { runDistribute } from "../../src/distribute/index.js";
import { REPO } from "../helpers.js";
import { FAKE_BASE, fakeRelease, fastSeams, manifestOf, projectWith, sha256 } from "./support.js";

/** The Atom feed's escaping read back by an XML parser; the bundles' bytes in different timezones. */

const TRICKY = `R&D <beta> "quoted" & 'single' ]]> end`;

/** Decode the HTML a type="html" element carries, as a feed reader does. */
const decodeHtml = (s: string): string =>
  s
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, "&");

describe("feed.xml", () => {
  it("escapes &, < and quotes in titles so they read back as written; enclosures are application/pdf", async () => {
    const root = projectWith();
    const release = fakeRelease(root, { title: TRICKY, changes: "Costs & <dates> changed\n" });
    const result = await runDistribute({ root, release }, fastSeams());
    expect(result.exitCode).toBe(0);
    const xml = readFileSync(path.join(release, "site/feed.xml"), "utf8");
    const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "", cdataPropName: "cdata" }).parse(
      xml,
    ) as { feed: { title: string; updated: string; entry: Record<string, unknown>[] } };
    expect(parsed.feed.title).toBe(TRICKY);
    const entries = parsed.feed.entry;
    expect(entries).toHaveLength(2);
    const title = entries[0]?.title as { type: string; cdata: string };
    expect(title.type).toBe("html");
    expect(decodeHtml(title.cdata)).toBe(`${TRICKY} — Alpha edition`);
    const links = entries[0]?.link as { rel?: string; href: string; type?: string; length?: string }[];
    const enclosure = links.find((l) => l.rel === "enclosure");
    const pdf = manifestOf(release).editions[0]?.files.find((f) => f.kind === "pdf");
    expect(enclosure).toEqual({
      rel: "enclosure",
      href: `${FAKE_BASE}mini-alpha.pdf`,
      type: "application/pdf",
      length: String(pdf?.bytes),
    });
    expect(entries[0]?.updated).toBe("2025-02-12T10:00:00.000Z");
    expect(entries[0]?.published).toBe("2025-02-12T00:00:00.000Z");
    expect(parsed.feed.updated).toBe("2025-02-12T10:00:00.000Z");
  });
});

/** Entry names and their bytes, in archive order. */
function unzip(file: string): Promise<{ name: string; data: Buffer; date: Date }[]> {
  return new Promise((resolve, reject) => {
    const out: { name: string; data: Buffer; date: Date }[] = [];
    yauzl.open(file, { lazyEntries: true }, (err, zip) => {
      if (err) return reject(err);
      zip.on("entry", (e: yauzl.Entry) =>
        zip.openReadStream(e, (err2, stream) => {
          if (err2) return reject(err2);
          const chunks: Buffer[] = [];
          stream.on("data", (c: Buffer) => chunks.push(c));
          stream.on("end", () => {
            out.push({ name: e.fileName, data: Buffer.concat(chunks), date: e.getLastModDate() });
            zip.readEntry();
          });
        }),
      );
      zip.on("end", () => resolve(out));
      zip.readEntry();
    });
  });
}

describe("bundles", () => {
  it("hold the audience's PDF, HTML, assets and a README with checksums, sorted", async () => {
    const root = projectWith();
    const release = fakeRelease(root);
    await runDistribute({ root, release }, fastSeams());
    const entries = await unzip(path.join(release, "bundles/beta.zip"));
    expect(entries.map((e) => e.name)).toEqual([
      "beta/README.txt",
      "beta/assets/css/edition.css",
      "beta/mini-beta.html",
      "beta/mini-beta.pdf",
    ]);
    const readme = entries[0]?.data.toString("utf8") ?? "";
    for (const e of entries.slice(1)) expect(readme).toContain(`${sha256(e.data)}  ${e.name.slice("beta/".length)}`);
    expect(sha256(entries[3]?.data ?? "")).toBe(manifestOf(release).editions[1]?.files[0]?.sha256);
  });

  it("are byte-identical when built in separate processes in different timezones", async () => {
    const root = projectWith();
    const release = fakeRelease(root);
    const script = `
      import { readRelease } from ${JSON.stringify(path.join(REPO, "dist/distribute/release.js"))};
      import { makeBundles } from ${JSON.stringify(path.join(REPO, "dist/distribute/bundles.js"))};
      import { createHash } from "node:crypto";
      const r = await readRelease(${JSON.stringify(release)}, ${JSON.stringify(root)});
      for (const b of await makeBundles(r.value)) console.log(b.path, createHash("sha256").update(b.bytes).digest("hex"));
    `;
    const run = (tz: string): string =>
      execFileSync(process.execPath, ["--input-type=module", "-e", script], {
        env: { ...process.env, TZ: tz },
        encoding: "utf8",
      });
    const utc = run("UTC");
    expect(utc.split("\n").filter(Boolean)).toHaveLength(2);
    expect(run("Pacific/Kiritimati")).toBe(utc);
    expect(run("America/Los_Angeles")).toBe(utc);
    // The in-process build (this test runner's timezone) agrees too.
    await runDistribute({ root, release }, fastSeams());
    const here = sha256(readFileSync(path.join(release, "bundles/alpha.zip")));
    expect(utc).toContain(`bundles/alpha.zip ${here}`);
  });
});
