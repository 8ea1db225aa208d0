import { mkdir, rm } from "node:fs/promises";
import { stampDate } from "../lib/edition-date.js";
import { pipelineName } from "../lib/pipeline-name.js";
import type { PreparedEdition } from "../model.js";
import { paginate } from "../pipeline/paginate.js";
import { headingsOf } from "../stages/5-layout/index.js";
import type { Renderer } from "../stages/6-render/index.js";
import { finalizePdf } from "../stages/7-pdf/index.js";

/**
 * The preview's one way to a PDF, kept in one function so that it can be
 * pointed at the build cache: print the edition as `build` does
 * (`paginate()`, on a page with JavaScript off that may load only its
 * staging folder) and finish it with the same metadata. The staging folder
 * is the preview's own; nothing is written to output/.
 */

/** What printing needs: a browser, a staging folder of the edition's own, the time limit and environment. */
export interface PdfContext {
  readonly renderer: Renderer;
  readonly dir: string;
  readonly timeoutMs: number;
  readonly env: NodeJS.ProcessEnv;
}

/** The edition's PDF, as `brief build` would write it. */
export async function renderPdf(p: PreparedEdition, using: PdfContext): Promise<Uint8Array> {
  await rm(using.dir, { recursive: true, force: true });
  await mkdir(using.dir, { recursive: true });
  const page = await using.renderer.openPage(using.dir);
  try {
    const printed = await paginate(p, page, using.dir, using.timeoutMs);
    const c = p.edition.brief.config.value;
    const a = p.edition.audience.config;
    const finished = await finalizePdf(printed.pdf, {
      title: `${c.title} — ${a.cover.edition}`,
      author: c.organisation,
      subject: c.subject,
      keywords: [...c.keywords, a.label],
      creator: pipelineName(),
      lang: c.lang,
      date: stampDate(using.env, c.edition_date),
      headings: headingsOf(printed.laid.html),
    });
    return finished.pdf;
  } finally {
    await page.close();
    await rm(using.dir, { recursive: true, force: true });
  }
}
