import { open, readFile } from "node:fs/promises";
import path from "node:path";
import { diagnostic, type Diagnostic } from "../../diagnostics/index.js";
import { insideProject, SIZE_LIMITS } from "../../lib/project-file.js";
import type { Asset, Brief, ImageRef } from "../../model.js";
import { svgProblems } from "./svg-check.js";

/**
 * Local images: each must exist inside the brief folder (inside the
 * project after symlinks), be within its size limit, really be an image
 * (checked by its first bytes), and an SVG must pass svg-check.ts, so a missing or corrupt file is a
 * positioned error rather than a broken picture in a published edition.
 * Images are copied beside the HTML under `assets/img/<brief>/`.
 */

/** Where an image lands, relative to the HTML file. */
export function imageTarget(briefId: string, imagePath: string): string {
  return `assets/img/${briefId}/${imagePath}`;
}

const SIGNATURES: readonly [string, (b: Buffer) => boolean][] = [
  ["PNG", (b) => b.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))],
  ["JPEG", (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff],
  ["GIF", (b) => b.subarray(0, 4).toString("latin1") === "GIF8"],
  ["WebP", (b) => b.subarray(0, 4).toString("latin1") === "RIFF" && b.subarray(8, 12).toString("latin1") === "WEBP"],
  ["SVG", (b) => /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<svg[\s>]/i.test(b.toString("utf8"))],
];

/** The project root a brief lives in (its absolute folder without its project-relative path). */
export function projectRootOf(brief: Brief): string {
  return path.resolve(brief.absDir, ...brief.dir.split("/").map(() => ".."));
}

/** Check every referenced image and list the files to copy. */
export async function resolveImages(
  brief: Brief,
  refs: readonly ImageRef[],
): Promise<{ assets: Asset[]; diagnostics: Diagnostic[] }> {
  const assets: Asset[] = [];
  const diagnostics: Diagnostic[] = [];
  const seen = new Set<string>();
  for (const ref of refs) {
    const at = { file: ref.file, line: ref.line, column: ref.column };
    const inside = await insideProject(projectRootOf(brief), path.join(brief.absDir, ref.path), at);
    diagnostics.push(...inside.diagnostics);
    if (inside.value === undefined) continue;
    const abs = inside.value;
    let head: Buffer;
    let size: number;
    try {
      const fh = await open(abs, "r");
      try {
        head = Buffer.alloc(512);
        const { bytesRead } = await fh.read(head, 0, 512, 0);
        head = head.subarray(0, bytesRead);
        size = (await fh.stat()).size;
      } finally {
        await fh.close();
      }
    } catch (cause) {
      const message = `image "${ref.path}" cannot be read (${(cause as NodeJS.ErrnoException).code ?? "error"})`;
      diagnostics.push(
        diagnostic({
          rule: "markdown/image-missing",
          at,
          message,
          hint: `Put the file at ${brief.dir}/${ref.path}, or fix the path.`,
          cause,
        }),
      );
      continue;
    }
    if (!SIGNATURES.some(([, test]) => test(head))) {
      diagnostics.push(
        diagnostic({
          rule: "markdown/image-corrupt",
          at,
          message: `image "${ref.path}" is not a PNG, JPEG, GIF, WebP or SVG file`,
        }),
      );
      continue;
    }
    const svg = SIGNATURES.find(([name]) => name === "SVG")?.[1](head) === true;
    const limit = svg ? SIZE_LIMITS.svg : SIZE_LIMITS.image;
    if (size > limit) {
      const message = `image "${ref.path}" is ${size.toLocaleString("en")} bytes; an ${svg ? "SVG" : "image"} may be at most ${limit.toLocaleString("en")}`;
      diagnostics.push(diagnostic({ rule: "file/too-large", at, message }));
      continue;
    }
    if (svg) {
      const problems = await svgProblems(await readFile(abs, "utf8"));
      if (problems.length) {
        const message = `SVG image "${ref.path}" is not published: it holds ${problems.slice(0, 4).join(", ")}${problems.length > 4 ? ` and ${problems.length - 4} more` : ""}`;
        diagnostics.push(diagnostic({ rule: "markdown/unsafe-svg", at, message }));
        continue;
      }
    }
    if (!seen.has(ref.path)) {
      seen.add(ref.path);
      assets.push({ from: abs, to: imageTarget(brief.id, ref.path) });
    }
  }
  return { assets, diagnostics };
}
