import { copyFile, mkdir } from "node:fs/promises";
import path from "node:path";
import { diagnostic, fileLocation, type Diagnostic, type Reported } from "../diagnostics/index.js";
import { RenderError } from "../stages/6-render/index.js";
import { audienceAccents } from "./accents.js";
import { makeBundles } from "./bundles.js";
import { atomFeed } from "./feed.js";
import type { Distribution } from "./load.js";
import { fileOf, type Release } from "./release.js";
import { siteFonts } from "./site-fonts.js";
import { siteHtml } from "./site.js";
import type { ThumbnailRenderer } from "./thumbnails.js";
import { writeAtomic } from "./write.js";

/**
 * What `brief distribute` writes into the release folder, dry run or not:
 * the site (index.html, thumbnails, fonts), the Atom feed and the
 * per-audience bundles. Thumbnails need Chromium; if it fails, that is a
 * render error (exit 3) and nothing is sent.
 */

/** Width and height of a PNG, from its header. */
export function pngSize(png: Uint8Array): { width: number; height: number } {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  return { width: view.getUint32(16), height: view.getUint32(20) };
}

/** Write the site, feed and bundles; returns the release-relative paths written. */
export async function writeOutputs(
  release: Release,
  distributions: readonly Distribution[],
  root: string,
  env: NodeJS.ProcessEnv,
  thumbnails: ThumbnailRenderer,
): Promise<Reported<string[]>> {
  const diagnostics: Diagnostic[] = [];
  const { manifest, dir } = release;
  const jobs = manifest.editions.map((e) => ({
    name: e.name,
    file: path.join(dir, ...fileOf(e, "pdf").path.split("/")),
  }));
  let pngs: Map<string, Buffer>;
  try {
    pngs = await thumbnails(jobs, env);
  } catch (cause) {
    if (!(cause instanceof RenderError)) throw cause;
    const rule = cause.ruleId;
    const message = `could not draw the cover thumbnails: ${cause.message}`;
    return { diagnostics: [diagnostic({ rule, at: fileLocation(`${release.label}/site`), message, cause })] };
  }
  const base = distributions[0]?.config.base_url;
  const bases = new Set(distributions.map((d) => d.config.base_url.replace(/\/*$/, "/")));
  if (bases.size > 1)
    diagnostics.push(
      diagnostic({
        rule: "distribution/invalid",
        at: fileLocation(distributions[1]?.file ?? "content"),
        message: `briefs in one release give different base_url values (${[...bases].join(", ")}); the release lives in one place`,
      }),
    );
  if (base === undefined)
    diagnostics.push(
      diagnostic({
        rule: "distribute/no-feed",
        at: fileLocation(`${release.label}/site/feed.xml`),
        message: "no brief in the release has a distribution.yaml with base_url, so feed.xml was not written",
      }),
    );
  if (bases.size > 1) return { diagnostics };
  const written: string[] = [];
  try {
    const fonts = siteFonts();
    const accents = await audienceAccents(root, [...new Set(manifest.editions.map((e) => e.audience))]);
    const thumbs = new Map([...pngs].map(([name, png]) => [name, pngSize(png)]));
    const put = async (rel: string, data: string | Uint8Array): Promise<void> => {
      await writeAtomic(path.join(dir, ...rel.split("/")), data);
      written.push(rel);
    };
    for (const [name, png] of pngs) await put(`site/thumbs/${name}.png`, png);
    await mkdir(path.join(dir, "site", "fonts"), { recursive: true });
    for (const [from, name] of fonts.files) {
      await copyFile(from, path.join(dir, "site", "fonts", name));
      written.push(`site/fonts/${name}`);
    }
    if (base !== undefined) {
      const author = distributions[0]?.config.sender.name ?? "";
      await put("site/feed.xml", atomFeed({ release, baseUrl: base, author }));
    }
    await put(
      "site/index.html",
      siteHtml({ release, accents, thumbs, fontCss: fonts.css, hasFeed: base !== undefined }),
    );
    for (const b of await makeBundles(release)) await put(b.path, b.bytes);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    if (code === undefined) throw cause;
    const message = `could not write the site or bundles: ${(cause as Error).message}`;
    diagnostics.push(diagnostic({ rule: "distribute/write-failed", at: fileLocation(release.label), message, cause }));
    return { diagnostics };
  }
  return { value: written, diagnostics };
}
