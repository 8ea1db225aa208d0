import { mcidTexts } from "../../lib/pdf/marked.js";
import type { StructElem } from "../../lib/pdf/structure.js";
import type { CheckContext } from "./context.js";

/**
 * No word joined at a line end (ISO 14289-1 7.2 via ISO 32000-1 14.8.2.5,
 * "identifying word breaks"; WCAG 1.3.1): Chromium draws no space where a
 * line wraps, so unless the post-processing shows one (src/stages/7-pdf/
 * spaces.ts), a reader runs the last word of a line into the first of the
 * next. Checked against the HTML: a word of the tagged text that is not a
 * word of the HTML, but is two of its words run together, is joined.
 * The text of each block element is read as a reader reads it: its
 * marked content and its inline elements' text in order. Text inside a
 * Figure is left out: a reader reads the figure's /Alt instead.
 */

/** Elements whose text runs on with their neighbours' (inline), as opposed to blocks that a reader separates. */
const INLINE = new Set([
  "Span",
  "Link",
  "Quote",
  "Code",
  "Reference",
  "BibEntry",
  "Lbl",
  "Em",
  "Strong",
  "Sub",
  "Note",
]);
/** Scripts that write without spaces between words: a run of them is no word to compare. */
const UNSPACED = /[\u0E00-\u0EFF\u1000-\u109F\u2E80-\u9FFF\uAC00-\uD7AF\uF900-\uFAFF\uFF00-\uFFEF]/u;

/** A token with the punctuation around it removed (letters, marks and digits kept inside). */
const bare = (token: string): string => token.normalize("NFC").replace(/^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu, "");

/** The words of an edition's HTML: tags read both as breaks and as nothing (`<b>word</b>s`), entities resolved. */
export function htmlWords(html: string): Set<string> {
  const body = html.replace(/<(style|script|head)\b[\s\S]*?<\/\1>/gi, " ");
  const decode = (s: string): string =>
    s
      .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
      .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
      .replace(/&nbsp;/g, "\u00a0")
      .replace(/&quot;/g, '"')
      .replace(/&lt;/g, "<")
      .replace(/&gt;/g, ">")
      .replace(/&amp;/g, "&");
  const out = new Set<string>();
  for (const text of [body.replace(/<[^>]+>/g, " "), body.replace(/<[^>]+>/g, "")])
    for (const t of decode(text).split(/[\s\u00ad]+/u)) {
      const w = bare(t);
      if (w) out.add(w);
    }
  return out;
}

/** `token` as two words of `words` run together, or undefined. Both halves hold a letter. */
export function joinedPair(token: string, words: ReadonlySet<string>): [string, string] | undefined {
  const w = bare(token);
  if (!w || words.has(w) || UNSPACED.test(w)) return undefined;
  const chars = [...w];
  for (let i = 1; i < chars.length; i++) {
    const a = chars.slice(0, i).join("");
    const b = chars.slice(i).join("");
    if (words.has(a) && words.has(b) && /\p{L}/u.test(a) && /\p{L}/u.test(b)) return [a, b];
  }
  return undefined;
}

/** Check the tagged text's words against `words` (from htmlWords); nothing is checked without them. */
export function checkJoinedWords(ctx: CheckContext, words: ReadonlySet<string> | undefined): void {
  ctx.check("pdf/word-joined");
  if (!ctx.tree || !words || words.size === 0) return;
  const mcid = new Map<string, string>();
  for (const { page, content } of ctx.pages)
    for (const [m, t] of mcidTexts(content)) mcid.set(`${page.ref.toString()}:${m}`, t);
  const inline = (e: StructElem): boolean => INLINE.has(ctx.role(e) ?? "");
  const textOf = (e: StructElem): string =>
    e.kids
      .map((k) =>
        k.kind === "mcid"
          ? (mcid.get(`${k.page?.toString()}:${k.mcid}`) ?? "")
          : k.kind === "elem"
            ? inline(k.elem)
              ? textOf(k.elem)
              : " "
            : "",
      )
      .join("");
  // A Figure is read by its /Alt, not its text (a chart's labels sit side by side, no line in between).
  const inFigure = (e: StructElem | undefined): boolean =>
    e !== undefined && (ctx.role(e) === "Figure" || inFigure(e.parent));
  const reported = new Set<string>();
  for (const e of ctx.tree.all) {
    if (inFigure(e)) continue;
    if (inline(e) || !e.kids.some((k) => k.kind === "mcid" || (k.kind === "elem" && inline(k.elem)))) continue;
    for (const token of textOf(e).split(/\s+/u)) {
      const pair = joinedPair(token, words);
      if (!pair || reported.has(token)) continue;
      reported.add(token);
      ctx.fail("pdf/word-joined", `“${bare(token)}” reads as one word; the HTML has “${pair[0]}” and “${pair[1]}”`);
    }
  }
}
