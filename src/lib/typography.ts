import { retext } from "retext";
import retextSmartypants from "retext-smartypants";

/**
 * Typographic quotes and apostrophes, by retext-smartypants (unified's
 * maintained SmartyPants). Only quotes are changed, each straight quote to
 * one curly one, so a text keeps its length: callers that smarten text
 * spread over several nodes map the result back by offset
 * (stages/4-markdown/typography.ts). Dashes and dots are left as written.
 */

const processor = retext().use(retextSmartypants, {
  quotes: true,
  backticks: false,
  dashes: false,
  ellipses: false,
});

/** `"open source" isn't` → `“open source” isn’t`; the result has the same length as the input. */
export function smarten(text: string): string {
  if (!/["']/.test(text)) return text;
  const out = String(processor.processSync(text));
  if (out.length !== text.length) throw new Error(`smarten changed the length of ${JSON.stringify(text)}`);
  return out;
}
