import type { Chart, Fact, Source } from "../src/config/schemas.js";
import { smarten } from "../src/lib/typography.js";

/**
 * Reads a laid-out edition the way a fact-checker does (issue 21): every
 * figure the research notes give without naming its source
 * (`attribution: editorial`) must carry its own mark, pointing to its
 * printed statement, and never the number of a listed source, unless another
 * figure in the same clause is credited to that source. Chart source lines
 * likewise. Returns one line per problem, so a failing test says where.
 */

const BLOCK_START = /<(?:p|li|td|th|dd|dt|h[1-6]|figcaption|blockquote)\b[^>]*>/g;
const SUP = /<sup class="cite[^"]*">([^]*?)<\/sup>/g;
const SPAN = /<span class="fact" data-fact="([^"]+)">/g;

/** Markup stripped, entities decoded, whitespace collapsed. */
export function plainText(html: string): string {
  return html
    .replace(/<[^>]+>/g, "")
    .replace(/&nbsp;/g, " ")
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ")
    .trim();
}

interface Brief {
  readonly facts: ReadonlyMap<string, Fact>;
  readonly sources: ReadonlyMap<string, Source>;
  readonly charts: ReadonlyMap<string, Chart>;
}

/** The source id each printed note number stands for, read from the note's URL. */
function noteSources(html: string, sources: Brief["sources"]): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of html.matchAll(/<li id="note-(\d+)"[^>]*>([^]*?)<\/li>/g)) {
    const url = /class="note-url" href="([^"]+)"/.exec(m[2] ?? "")?.[1]?.replace(/&amp;/g, "&");
    const id = [...sources].find(([, s]) => s.url === url)?.[0];
    if (id) out.set(m[1] ?? "", id);
  }
  return out;
}

/** Each unnamed-source statement's anchor (`unnamed-2`) and its printed text. */
export function unnamedStatements(html: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of html.matchAll(
    /<p class="note-unnamed" id="(unnamed-\d+)"><span class="note-mark">[^<]*<\/span>([^]*?)<span class="backrefs">/g,
  ))
    out.set(m[1] ?? "", plainText(m[2] ?? ""));
  return out;
}

const editorial = (f: Fact | undefined): boolean => f?.attribution === "editorial";

/** Problems with one citation mark: `keysHtml` is the superscript's content, `facts` the figures it closes. */
function checkMark(
  where: string,
  keysHtml: string,
  facts: readonly string[],
  brief: Brief,
  notes: Map<string, string>,
  statements: Map<string, string>,
): string[] {
  const problems: string[] = [];
  const unnamed = [...keysHtml.matchAll(/href="#(unnamed-\d+)"/g)].map((m) => m[1] ?? "");
  const numbered = [...keysHtml.matchAll(/href="#note-(\d+)"/g)].map((m) => m[1] ?? "");
  const credited = new Set(
    facts.filter((id) => !editorial(brief.facts.get(id))).map((id) => brief.facts.get(id)?.source),
  );
  for (const id of facts.filter((f) => editorial(brief.facts.get(f)))) {
    const note = brief.facts.get(id)?.attribution_note ?? "";
    const printed = unnamed.map((u) => statements.get(u));
    if (!printed.includes(smarten(note).replace(/\s+/g, " ").trim()))
      problems.push(`${where}: "${id}" has no mark pointing to its printed statement "${note}"`);
  }
  for (const n of numbered) {
    const source = notes.get(n);
    if (!credited.has(source) && facts.some((f) => editorial(brief.facts.get(f))))
      problems.push(
        `${where}: source number ${n} (${source}) follows ${facts.join(", ")}, but no figure there is credited to it`,
      );
  }
  return problems;
}

/** Every problem in one edition's HTML. */
export function attributionProblems(edition: string, html: string, brief: Brief): string[] {
  const problems: string[] = [];
  const notes = noteSources(html, brief.sources);
  const statements = unnamedStatements(html);
  // Everything before the sources list: the list's own back-links are not citations.
  const notesAt = html.search(/<section[^>]*class="notes/);
  const body = notesAt < 0 ? html : html.slice(0, notesAt);
  // Running text: the figures between a clause's start (a block's start or the previous mark) and its mark.
  const sups = [...body.matchAll(SUP)];
  const blocks = [...body.matchAll(BLOCK_START)].map((m) => m.index);
  const closed = new Set<number>();
  let previous = 0;
  for (const sup of sups) {
    const start = Math.max(previous, ...blocks.filter((b) => b <= sup.index));
    const spans = [...body.slice(start, sup.index).matchAll(SPAN)];
    for (const s of spans) closed.add(start + s.index);
    const facts = spans.map((s) => s[1] ?? "");
    problems.push(
      ...checkMark(
        `${edition}: "…${plainText(body.slice(start, sup.index)).slice(-60)}"`,
        sup[1] ?? "",
        facts,
        brief,
        notes,
        statements,
      ),
    );
    previous = sup.index + sup[0].length;
  }
  for (const s of body.matchAll(SPAN))
    if (editorial(brief.facts.get(s[1] ?? "")) && !closed.has(s.index))
      problems.push(`${edition}: "${s[1]}" is printed without any mark after it in its paragraph`);
  // Charts: the source line answers for every figure plotted.
  for (const fig of body.matchAll(/<figure class="chart" id="chart-([^"]+)">([^]*?)<\/figure>/g)) {
    const chart = brief.charts.get(fig[1] ?? "");
    const line = /<p class="chart-source">([^]*?)<\/p>/.exec(fig[2] ?? "")?.[1] ?? "";
    if (!chart) problems.push(`${edition}: chart ${fig[1]} is not in charts.yaml`);
    else problems.push(...checkMark(`${edition}: chart ${fig[1]}`, line, chart.facts ?? [], brief, notes, statements));
  }
  return problems;
}
