import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { formatDate, formatFact } from "../../src/lib/format.js";
import { informationAge } from "../../src/lib/information-age.js";
import type { Project } from "../../src/model.js";
import { prepareEdition as prepare } from "../../src/pipeline/prepare.js";
import type { PreparedEdition } from "../../src/model.js";
import { headingsOf } from "../../src/stages/5-layout/index.js";
import { load } from "../../src/stages/1-load/index.js";
import { plan } from "../../src/stages/2-plan/index.js";
import { attributionProblems, plainText, unnamedStatements } from "../helpers-attribution.js";
import { outlineTitles, pdfFonts, pdfInfo, pdfLinks, pdfPages, pdfText, REPO } from "../helpers.js";
import { sharedSpecimenBuild } from "../shared-build.js";
import { limit } from "../slowness.js";

/**
 * End to end: the real DeepSeek brief built by the real `brief` command with
 * a real Chromium, then read back with poppler and pdf-lib. Expectations are
 * derived from the content files (what each edition should contain), not
 * copied from the output.
 */

const EPOCH = "1739145600"; // 2025-02-10T00:00:00Z
let root: string;
let project: Project;
let editions: PreparedEdition[];
let firstBuildAt = 0;

function runBuild(
  cwd: string,
  env: NodeJS.ProcessEnv,
  args: string[] = [],
): { code: number | null; stderr: string; stdout: string } {
  const r = spawnSync(process.execPath, [path.join(REPO, "bin", "brief.js"), "build", ...args], {
    cwd,
    env: { ...process.env, NO_COLOR: "1", ...env },
    encoding: "utf8",
    timeout: limit(300_000),
  });
  return { code: r.status, stderr: r.stderr, stdout: r.stdout };
}

const pdfOf = (name: string): string => path.join(root, "output", `${name}.pdf`);
const norm = (s: string): string => s.replace(/\s+/g, " ").trim();

beforeAll(async () => {
  // The specimen's cold build, shared with the other suites that read it (test/shared-build.ts); this copy is ours.
  const r = sharedSpecimenBuild(["build"], { SOURCE_DATE_EPOCH: EPOCH });
  root = r.root;
  firstBuildAt = r.builtAt;
  expect(r.stderr).not.toMatch(/ error /);
  expect(r.status).toBe(0);
  const loaded = await load({
    root,
    contentDir: path.join(root, "content"),
    templatesDir: path.join(root, "templates"),
  });
  project = loaded.value;
  const names = new Set(project.audiences.keys());
  editions = [];
  for (const { edition } of plan(project).editions) {
    const p = await prepare(edition, names);
    if (!p.value) throw new Error(`edition ${edition.name} did not prepare`);
    editions.push(p.value);
  }
});

describe("every DeepSeek edition", () => {
  it("exists for government, investor and student, as PDF and HTML", () => {
    expect(editions.map((e) => e.edition.name).sort()).toEqual([
      "deepseek-government",
      "deepseek-investor",
      "deepseek-student",
    ]);
    for (const e of editions) {
      expect(existsSync(pdfOf(e.edition.name))).toBe(true);
      expect(existsSync(path.join(root, "output", `${e.edition.name}.html`))).toBe(true);
    }
  });

  it("has its own sections and none of the other audiences' sections", () => {
    for (const e of editions) {
      const text = norm(pdfText(pdfOf(e.edition.name)));
      const own = new Set(e.edition.sections.map((s) => s.front.title));
      for (const title of own) expect(text, `${e.edition.name} lacks "${title}"`).toContain(norm(title));
      const others = editions
        .filter((o) => o !== e)
        .flatMap((o) => o.edition.sections.map((s) => s.front.title))
        .filter((t) => !own.has(t));
      for (const title of others)
        expect(text, `${e.edition.name} shows another audience's "${title}"`).not.toContain(norm(title));
    }
  });

  it("prints every fact it uses in its formatted form", () => {
    for (const e of editions) {
      const text = norm(pdfText(pdfOf(e.edition.name)));
      const used = new Set(
        e.sections.flatMap((s) => s.merged.inserts.flatMap((i) => (i.kind === "fact" ? [i.id] : []))),
      );
      expect(used.size).toBeGreaterThan(0);
      for (const id of used) {
        const fact = e.edition.brief.facts.get(id)?.value;
        if (!fact) throw new Error(`unknown fact ${id}`);
        expect(text, `${e.edition.name}: fact ${id}`).toContain(norm(formatFact(fact)));
      }
    }
  });

  it("lists exactly the cited sources, with live links and the Chinese title as Chinese text", async () => {
    for (const e of editions) {
      const text = norm(pdfText(pdfOf(e.edition.name)));
      const { uris, internal } = await pdfLinks(pdfOf(e.edition.name));
      expect(internal, `${e.edition.name} has internal citation links`).toBeGreaterThan(e.laidOut.cited.length);
      for (const [id, s] of e.edition.brief.sources) {
        const cited = e.laidOut.cited.includes(id);
        if (cited) {
          expect(text).toContain(norm(`${s.value.author}.`));
          expect(text).toContain(norm(s.value.title));
          if (s.value.title_en) expect(text).toContain(norm(`[${s.value.title_en}]`));
          // Every listed source was accessed on the same day: the list's note says so once.
          expect(text).toContain(`All accessed on ${formatDate(s.value.accessed)}.`);
          expect(uris).toContain(s.value.url);
        } else {
          expect(uris).not.toContain(s.value.url);
        }
      }
      // The Chinese title prints as Chinese text wherever the edition cites it.
      if (e.laidOut.cited.includes("sina")) expect(text).toContain("DeepSeek创始人专访");
      // Titles ending in ? or ! take no extra full stop.
      expect(text).not.toMatch(/[?!]\.”/);
    }
  });

  it("prints back-links only in the HTML edition, and fact citations after the clause, not on a figure", () => {
    for (const e of editions) {
      const text = norm(pdfText(pdfOf(e.edition.name)));
      const html = readFileSync(path.join(root, "output", `${e.edition.name}.html`), "utf8");
      expect(html).toContain('<span class="backrefs">Cited at');
      expect(text, e.edition.name).not.toContain("Cited at");
      // No citation mark directly after a figure's digits or per cent sign.
      expect(html, e.edition.name).not.toMatch(/[\d%]<\/span><sup class="cite">/);
    }
  });

  it("prints, in the PDF, each unnamed-source statement and each chart's source line the HTML checks hold for", () => {
    const squash = (t: string): string => t.replace(/\s+/g, "");
    let statements = 0;
    for (const e of editions) {
      const html = readFileSync(path.join(root, "output", `${e.edition.name}.html`), "utf8");
      const b = e.edition.brief;
      const brief = {
        facts: new Map([...b.facts].map(([k, v]) => [k, v.value])),
        sources: new Map([...b.sources].map(([k, v]) => [k, v.value])),
        charts: new Map([...b.charts].map(([k, v]) => [k, v.value])),
      };
      // The published HTML passes the fact-checker's reading (test/helpers-attribution.ts) ...
      expect(attributionProblems(e.edition.name, html, brief)).toEqual([]);
      // ... and the PDF prints what that reading found: every statement and every chart source line.
      const text = squash(pdfText(pdfOf(e.edition.name)));
      for (const statement of unnamedStatements(html).values()) {
        expect(text, `${e.edition.name}: ${statement}`).toContain(squash(statement));
        statements++;
      }
      for (const m of html.matchAll(/<p class="chart-source">([^]*?)<\/p>/g))
        expect(text, e.edition.name).toContain(squash(plainText(m[1] ?? "")));
    }
    expect(statements).toBeGreaterThan(0);
  });

  it("has a cover with title, audience, organisation, dates, and 3 to 5 takeaways on page one", () => {
    for (const e of editions) {
      const c = e.edition.brief.config.value;
      const page1 = norm(pdfPages(pdfOf(e.edition.name), false)[0] ?? "");
      expect(page1).toContain(norm(e.edition.audience.config.cover.edition));
      expect(page1).toContain(c.organisation);
      expect(page1).toContain(formatDate(c.edition_date));
      expect(page1).toContain(`Information as of ${formatDate(c.information_as_of)}`);
      const age = informationAge(c.information_as_of, c.edition_date, c.review_period_days);
      expect(age.beyondReview).toBe(true);
      expect(page1).toContain(`${age.text} before this edition; check for later developments before acting on it`);
      expect(page1).toContain(norm(e.edition.audience.config.disclaimer));
      if (e.edition.audience.name === "investor") expect(page1).toContain("Not investment advice.");
      const subtitle = c.editions[e.edition.audience.name]?.subtitle ?? c.subtitle ?? "";
      expect(page1).toContain(norm(subtitle));
      expect(c.information_as_of).toBe("2025-02-10");
      expect(page1).toContain("Key takeaways");
      const box = /<aside class="takeaways"[\s\S]*?<\/aside>/.exec(e.laidOut.html)?.[0] ?? "";
      const points = box.match(/<li>/g)?.length ?? 0;
      expect(points, e.edition.name).toBeGreaterThanOrEqual(3);
      expect(points, e.edition.name).toBeLessThanOrEqual(5);
      for (const word of c.title.split(/\s+/).slice(0, 4)) expect(page1).toContain(word);
    }
  });

  it("stays within its page budget and page size, with 'Page X of Y' on every page after the cover", () => {
    for (const e of editions) {
      const info = pdfInfo(pdfOf(e.edition.name));
      const pages = Number(info.Pages);
      expect(info["Page size"]).toContain(
        e.edition.audience.config.page.size === "Letter" ? "612 x 792" : "594.96 x 841.92",
      );
      const texts = pdfPages(pdfOf(e.edition.name));
      expect(texts.length).toBe(pages);
      // Within budget, or one page over where that page is "About this brief" alone (it does not count).
      const c = e.edition.brief.config.value;
      const budget = c.editions[e.edition.audience.name]?.page?.budget ?? e.edition.audience.config.page.budget;
      if (pages > budget) {
        expect(pages, e.edition.name).toBe(budget + 1);
        const body = norm(texts[pages - 1] ?? "")
          .replace(c.short_title, "")
          .replace(e.edition.audience.config.cover.edition, "")
          .trim();
        expect(body, `${e.edition.name}: the page over budget holds only the back matter`).toMatch(/^About this brief/);
      }
      expect(texts[0]).not.toMatch(/Page \d+ of \d+/);
      texts.slice(1).forEach((t, i) => {
        expect(t).toContain(`Page ${i + 2} of ${pages}`);
        expect(t).toContain(e.edition.brief.config.value.short_title);
        expect(t).toContain(e.edition.audience.config.cover.edition);
      });
      expect(norm(texts[texts.length - 1] ?? "").length, "no empty last page").toBeGreaterThan(200);
      // The back matter closes the edition: who is responsible, contact, review, method, interests.
      const last = norm(texts[texts.length - 1] ?? "");
      const about = e.edition.brief.config.value.about;
      expect(last).toContain("About this brief");
      expect(last).toContain(about.contact);
      expect(last).toContain(`on ${formatDate(about.reviewed_on)}`);
    }
  });

  it("sets body text at a 60–75 character measure and never strands a heading at a page foot", () => {
    for (const e of editions) {
      const pages = pdfPages(pdfOf(e.edition.name));
      // Full lines of running text: long, and not table rows (which have runs of spaces between cells).
      const lines = pages
        .slice(1)
        .flatMap((p) => p.split("\n"))
        .map((l) => l.trim())
        .filter((l) => l.length >= 45 && !/\s{3,}/.test(l) && !/https?:/.test(l));
      const sorted = lines.map((l) => l.length).sort((a, b) => a - b);
      const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
      expect(median, `${e.edition.name} median line length`).toBeGreaterThanOrEqual(60);
      expect(median, `${e.edition.name} median line length`).toBeLessThanOrEqual(75);
      const html = readFileSync(path.join(root, "output", `${e.edition.name}.html`), "utf8");
      const headings = new Set(headingsOf(html));
      pages.forEach((p, i) => {
        const body = p
          .split("\n")
          .map((l) => l.trim())
          .filter(Boolean)
          .filter((l) => !/^Edition of .*Page \d+ of \d+$/.test(l.replace(/\s+/g, " ")));
        const last = body[body.length - 1] ?? "";
        expect(headings.has(last), `${e.edition.name} page ${i + 1} ends with heading "${last}"`).toBe(false);
      });
    }
  });

  it("reads within the audience's reading-grade limit", () => {
    for (const e of editions) {
      const max = e.edition.audience.config.reading_grade_max;
      if (max !== undefined) expect(e.readability.grade, e.edition.name).toBeLessThanOrEqual(max);
    }
    expect(editions.find((e) => e.edition.audience.name === "student")?.edition.audience.config.reading_grade_max).toBe(
      10,
    );
  });

  it("prints contents page numbers where the headings really fall", () => {
    for (const e of editions.filter((x) => x.edition.audience.config.toc)) {
      const pages = pdfPages(pdfOf(e.edition.name));
      const html = readFileSync(path.join(root, "output", `${e.edition.name}.html`), "utf8");
      const entries = [
        ...html.matchAll(
          /<li><a href="#([^"]+)"><span class="toc-text">([^<]+)<\/span><span class="toc-page">(\d+)<\/span>/g,
        ),
      ];
      expect(entries.length).toBe(e.laidOut.toc.length);
      for (const [, , title, page] of entries) {
        const heading = decode(title ?? "");
        const actual =
          pages.findIndex((p) =>
            p.split("\n").some((line) => new RegExp(`^\\s*${escapeRe(heading)}(\\s+OUR ASSESSMENT)?\\s*$`).test(line)),
          ) + 1;
        expect(actual, `${e.edition.name}: "${heading}"`).toBe(Number(page));
      }
    }
  });

  it("has bookmarks that mirror the headings", async () => {
    for (const e of editions) {
      const html = readFileSync(path.join(root, "output", `${e.edition.name}.html`), "utf8");
      const outline = await outlineTitles(readFileSync(pdfOf(e.edition.name)));
      const sectionTitles = e.edition.sections.map((s) => s.front.title);
      const top = outline.filter((o) => o.depth === 0).map((o) => o.title);
      for (const t of sectionTitles) expect(top).toContain(t);
      expect(outline.map((o) => o.title)).toEqual(headingsOf(html).slice(1));
    }
  });

  it("carries document metadata, language, a content-derived ID and tags after post-processing, and passes qpdf --check", () => {
    const ids = new Set<string>();
    for (const e of editions) {
      const f = pdfOf(e.edition.name);
      const info = pdfInfo(f);
      const c = e.edition.brief.config.value;
      expect(info.Title).toBe(`${c.title} — ${e.edition.audience.config.cover.edition}`);
      expect(info.Author).toBe(c.organisation);
      expect(info.Subject).toBe(c.subject);
      // A list whose boundaries survive: the brief's keywords and the audience, "; " between.
      expect(info.Keywords?.split("; ")).toEqual([...c.keywords, e.edition.audience.config.label]);
      expect(c.keywords.length).toBeGreaterThan(1);
      expect(info.Creator).toMatch(/^policy-brief \d+\.\d+\.\d+$/);
      expect(info.Tagged).toBe("yes");
      expect(info.CreationDate).toContain("Feb 10 00:00:00 2025");
      expect(info.ModDate).toContain("Feb 10 00:00:00 2025");
      const raw = readFileSync(f, "latin1");
      expect(raw).toMatch(/\/Lang \(en-GB\)/);
      ids.add(/\/ID \[ ?<([0-9a-f]{32})> <\1> ?\]/i.exec(raw)?.[1] ?? "missing");
      const q = spawnSync("qpdf", ["--check", f], { encoding: "utf8" });
      expect(q.stdout + q.stderr).toContain("No syntax or stream encoding errors found");
      expect(q.status).toBe(0);
    }
    // One ID per edition, each derived from that edition's bytes.
    expect(ids.has("missing")).toBe(false);
    expect(ids.size).toBe(editions.length);
  });

  it("embeds only the bundled fonts, subset, with the CJK face where the edition prints Chinese", () => {
    for (const e of editions) {
      const fonts = pdfFonts(pdfOf(e.edition.name));
      expect(fonts.length).toBeGreaterThan(2);
      for (const f of fonts) {
        expect(f.name, e.edition.name).toMatch(/^[A-Z]{6}\+(SourceSerif4|SourceSans3|NotoSansSC)/);
        expect(f.emb).toBe("yes");
        expect(f.sub).toBe("yes");
        expect(f.name).not.toMatch(/DejaVu|Liberation|Arial|Helvetica|Times|Noto(Sans|Serif)(?!SC)/);
      }
      // The CJK face is embedded exactly when the edition prints Chinese text (the Sina source's title).
      expect(
        fonts.some((f) => f.name.includes("NotoSansSC")),
        `${e.edition.name} has the CJK face`,
      ).toBe(e.laidOut.cited.includes("sina"));
    }
  });

  it(
    "is byte-identical when rendered again a minute later in another process (no cache)",
    async () => {
      const wait = firstBuildAt + 61_000 - Date.now();
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      const before = editions
        .flatMap((e) => [pdfOf(e.edition.name), pdfOf(e.edition.name).replace(/\.pdf$/, ".html")])
        .map((f) => readFileSync(f));
      const r = runBuild(root, { SOURCE_DATE_EPOCH: EPOCH }, ["--no-cache"]);
      expect(r.code).toBe(0);
      const after = editions
        .flatMap((e) => [pdfOf(e.edition.name), pdfOf(e.edition.name).replace(/\.pdf$/, ".html")])
        .map((f) => readFileSync(f));
      after.forEach((b, i) => expect(b.equals(before[i] ?? Buffer.alloc(0)), `file ${i} changed`).toBe(true));
    },
    limit(200_000),
  );

  it(
    "prints the same bytes whether the contents' page numbers were measured or remembered from the cache",
    () => {
      // The output is measured: the shared cold build's (an empty cache, so each edition printed to measure, then
      // swapped the numbered body in on the same page and printed again), or the --no-cache rebuild's, identical to it.
      const measured = editions.map((e) => readFileSync(pdfOf(e.edition.name)));
      // A changed input that changes no output (a blank line at the end of brief.yaml): every edition misses the
      // cache, and prints once, loading the pages the cold build remembered. No second measured build is needed.
      const brief = path.join(root, "content/deepseek/brief.yaml");
      const text = readFileSync(brief, "utf8");
      writeFileSync(brief, `${text}\n`);
      try {
        const guessed = runBuild(root, { SOURCE_DATE_EPOCH: EPOCH, CI: "1" });
        expect(guessed.code).toBe(0);
        expect(guessed.stderr).not.toContain("cached");
        editions.forEach((e, i) => {
          const a = readFileSync(pdfOf(e.edition.name));
          expect(a.equals(measured[i] ?? Buffer.alloc(0)), e.edition.name).toBe(true);
        });
      } finally {
        writeFileSync(brief, text);
      }
    },
    limit(300_000),
  );

  it("takes its dates from the edition date when SOURCE_DATE_EPOCH is not set", () => {
    const env: NodeJS.ProcessEnv = { SOURCE_DATE_EPOCH: "" };
    const r = spawnSync(
      process.execPath,
      [path.join(REPO, "bin", "brief.js"), "build", "--audience", "student", "--format", "pdf"],
      { cwd: root, env: { ...process.env, ...env }, encoding: "utf8" },
    );
    expect(r.status).toBe(0);
    const date = new Date(`${project.briefs[0]?.config.value.edition_date}T00:00:00Z`).toUTCString().split(" ");
    expect(pdfInfo(pdfOf("deepseek-student")).CreationDate).toContain(`${date[2]} ${date[1]}`);
  });
});

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

function decode(s: string): string {
  return s
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">");
}
