import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { PDFDocument, PDFName, PDFString } from "pdf-lib";
import { describe, expect, it } from "vitest";
import type { LaidOut } from "../../src/model.js";
import { onlyBodyChanged, paginate } from "../../src/pipeline/paginate.js";
import { prepareProject } from "../../src/pipeline/prepare.js";
import type { EditionPage, PrintOptions } from "../../src/stages/6-render/index.js";
import { tempProject } from "../helpers.js";

/**
 * Pagination's reprint: after the measuring print, the edition laid out
 * with its page numbers differs only inside <body>, so the page may swap
 * the body instead of loading the file again. The e2e suite checks that
 * the PDF is byte-identical either way; here, that the hint is given
 * exactly when it holds.
 */

const laid = (html: string, extra: Partial<LaidOut> = {}): LaidOut => ({
  html,
  css: "body{}",
  cssHref: "assets/css/a.css",
  assets: [{ from: "/fonts/a.woff2", to: "assets/fonts/a.woff2" }],
  toc: [],
  cited: [],
  notes: new Map(),
  ...extra,
});
const page = (body: string, head = "<title>T</title>"): string =>
  `<!doctype html><html lang="en"><head>${head}</head><body class="a">${body}</body></html>`;

describe("onlyBodyChanged", () => {
  it("holds when only the body differs", () => {
    expect(onlyBodyChanged(laid(page("<p>1</p>")), laid(page("<p>2</p>")))).toBe(true);
  });

  it("fails when the head, the stylesheet, its address or the assets differ, or there is no body", () => {
    const a = laid(page("<p>1</p>"));
    expect(onlyBodyChanged(a, laid(page("<p>1</p>", "<title>U</title>")))).toBe(false);
    expect(onlyBodyChanged(a, laid(page("<p>1</p>"), { css: "body{color:red}" }))).toBe(false);
    expect(onlyBodyChanged(a, laid(page("<p>1</p>"), { cssHref: "assets/css/b.css" }))).toBe(false);
    expect(onlyBodyChanged(a, laid(page("<p>1</p>"), { assets: [] }))).toBe(false);
    expect(
      onlyBodyChanged(a, laid(page("<p>1</p>"), { assets: [{ from: "/fonts/b.woff2", to: "assets/fonts/a.woff2" }] })),
    ).toBe(false);
    expect(onlyBodyChanged(laid("<p>no body</p>"), laid("<p>no body</p>"))).toBe(false);
  });
});

/** A PDF whose named destinations put every id on page `at`. */
async function pdfWithDests(ids: readonly string[], pages: number, at: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (let i = 0; i < pages; i++) doc.addPage([595, 842]);
  const target = doc.getPage(at - 1).ref;
  const names = [...ids].sort().flatMap((id) => [PDFString.of(id), doc.context.obj([target, PDFName.of("XYZ")])]);
  doc.catalog.set(PDFName.of("Dests"), doc.context.obj({}));
  doc.catalog.set(PDFName.of("Names"), doc.context.obj({ Dests: doc.context.obj({ Names: names }) }));
  return doc.save();
}

describe("paginate", () => {
  it("measures first, then reprints with the page numbers as a body swap", async () => {
    const root = tempProject();
    const { prepared } = await prepareProject({ root, audiences: ["alpha"] });
    const p = prepared[0];
    if (!p) throw new Error("no prepared edition");
    expect(p.laidOut.toc.length).toBeGreaterThan(0);
    const ids = p.laidOut.toc.map((t) => t.id);
    const prints: PrintOptions[] = [];
    const fake: EditionPage = {
      browserVersion: "FakeChrome/1.0",
      print: async (_file, options = {}) => {
        prints.push(options);
        return { pdf: await pdfWithDests(ids, 3, 2), blocked: [] };
      },
      close: () => Promise.resolve(),
    };
    const dir = mkdtempSync(path.join(os.tmpdir(), "brief-paginate-"));
    const r = await paginate(p, fake, dir, 10_000);
    expect(prints).toEqual([
      { measure: true, bodyOnly: false },
      { measure: false, bodyOnly: true },
    ]);
    expect(r.prints).toBe(2);
    expect(r.laid.toc.map((t) => t.page)).toEqual(ids.map(() => 2));
  });
});
