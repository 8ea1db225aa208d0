import { mkdir, rm } from "node:fs/promises";
import { stampDate } from "../lib/edition-date.js";
import { pipelineName } from "../lib/pipeline-name.js";
import type { PreparedEdition } from "../model.js";
import { BuildCache } from "../pipeline/cache.js";
import { pipelineFingerprint } from "../pipeline/fingerprint.js";
import { dataDigest, keyer } from "../pipeline/inputs.js";
import { paginate } from "../pipeline/paginate.js";
import { pdfMeta } from "../pipeline/publish.js";
import { formatsKey } from "../pipeline/reuse.js";
import { browserIdentity } from "../stages/6-render/browser.js";
import type { Renderer } from "../stages/6-render/index.js";
import { finalizePdf } from "../stages/7-pdf/index.js";

/**
 * The preview's one way to a PDF: from the build cache when `brief build`
 * already made this very edition (same key, same dependencies: the cache's
 * own checks), else printed as `build` does (`paginate()`, on a page with
 * JavaScript off that may load only its staging folder, with the cache's
 * remembered page numbers as the first guess) and finished with the same
 * metadata. The staging folder is the preview's own; nothing is written to
 * output/ or to the cache.
 */

/** What printing needs: a browser, a staging folder of the edition's own, the time limit, environment and project root. */
export interface PdfContext {
  readonly renderer: Renderer;
  readonly dir: string;
  readonly timeoutMs: number;
  readonly env: NodeJS.ProcessEnv;
  readonly root: string;
}

const FORMATS = new Set(["html", "pdf"] as const);

/** The PDF the build cache holds for exactly this edition, and the page numbers it remembers. */
async function fromCache(
  p: PreparedEdition,
  using: PdfContext,
): Promise<{ pdf?: Buffer; guess?: Map<string, number> }> {
  const keyOf = await keyer(FORMATS, using.env, { pipeline: pipelineFingerprint, browser: browserIdentity });
  const cache = new BuildCache(using.root);
  const found = await cache.lookup(p.edition.name, formatsKey(FORMATS), keyOf(p.edition), (kind, id) =>
    dataDigest(p.edition.brief, kind, id),
  );
  const entry = "entry" in found ? found.entry : found.stale;
  const guess = entry ? new Map(entry.toc) : undefined;
  const pdf = "entry" in found ? found.entry.outputs.find((o) => o.path === `${p.edition.name}.pdf`) : undefined;
  const bytes = pdf ? await cache.object(pdf.sha256) : undefined;
  return { ...(bytes ? { pdf: bytes } : {}), ...(guess ? { guess } : {}) };
}

/** The edition's PDF, as `brief build` would write it. */
export async function renderPdf(p: PreparedEdition, using: PdfContext): Promise<Uint8Array> {
  const cached = await fromCache(p, using);
  if (cached.pdf) return cached.pdf;
  await rm(using.dir, { recursive: true, force: true });
  await mkdir(using.dir, { recursive: true });
  const page = await using.renderer.openPage(using.dir);
  try {
    const printed = await paginate(p, page, using.dir, using.timeoutMs, cached.guess);
    const meta = pdfMeta(
      p,
      printed.laid,
      pipelineName(),
      stampDate(using.env, p.edition.brief.config.value.edition_date),
    );
    return (await finalizePdf(printed.doc ?? printed.pdf, meta)).pdf;
  } finally {
    await page.close();
    await rm(using.dir, { recursive: true, force: true });
  }
}
