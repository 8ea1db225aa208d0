import type { YAMLError } from "yaml";

/**
 * YAML syntax errors in the author's words, at the line to fix. The
 * parser reports where it noticed a problem, which is often not where the
 * author made it: an over-indented key is reported on the line above it,
 * an unclosed quote at the end of the file. These rules move the position
 * to the mistake and say what it is ("a value that holds ": " must be
 * quoted"), keeping the parser's message only when none fits.
 */

/** A syntax problem: where (an offset into the text), what happened, and what to do. */
export interface WordedYamlError {
  readonly offset: number;
  readonly message: string;
  readonly hint?: string;
}

/** Offset of the start of the line holding `offset`. */
const lineStart = (text: string, offset: number): number => text.lastIndexOf("\n", offset - 1) + 1;

/** The line of `text` that holds `offset`, without its newline. */
function lineAt(text: string, offset: number): string {
  const start = lineStart(text, offset);
  const end = text.indexOf("\n", start);
  return text.slice(start, end < 0 ? undefined : end);
}

/** Offset of the first non-blank character of the line holding `offset`. */
function firstChar(text: string, offset: number): number {
  const start = lineStart(text, offset);
  return start + (/^\s*/.exec(lineAt(text, offset))?.[0].length ?? 0);
}

/** The last line before `end` with an unbalanced double or single quote: where an unclosed quotation opened. */
function openingQuote(text: string, end: number, quote: string): number | undefined {
  const lines = text.slice(0, end).split("\n");
  let offset = text.slice(0, end).length;
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i] ?? "";
    offset -= line.length + (i < lines.length - 1 ? 1 : 0);
    const count = line.split(quote).length - 1;
    if (count % 2 === 1) return offset + line.indexOf(quote);
  }
  return undefined;
}

/** The first error of a document, in plain words and at the line the author should change. */
export function wordYamlError(errors: readonly YAMLError[], text: string): WordedYamlError | undefined {
  const first = errors[0];
  if (!first) return undefined;
  const [from] = first.pos;
  const line = lineAt(text, from).trim();
  switch (first.code) {
    case "TAB_AS_INDENT":
      return { offset: from, message: "a tab is used for indentation", hint: "Indent with spaces, never tabs." };
    case "MISSING_CHAR": {
      const quote = /closing "/.test(first.message) ? '"' : /closing '/.test(first.message) ? "'" : undefined;
      const at = quote ? openingQuote(text, from, quote) : undefined;
      if (quote && at !== undefined)
        return {
          offset: at,
          message: `the quotation opened here is never closed`,
          hint: `Close it with ${quote} on the same line.`,
        };
      break;
    }
    case "BLOCK_AS_IMPLICIT_KEY": {
      const next = errors[1];
      // A key indented further than its neighbours runs on from the line above.
      if (next?.code === "MULTILINE_IMPLICIT_KEY" && lineStart(text, next.pos[1]) > lineStart(text, from))
        return {
          offset: firstChar(text, next.pos[1] - 1),
          message: "this line is indented further than the key above it",
          hint: "Keys of one mapping start in the same column; remove the extra spaces.",
        };
      if ((line.match(/: /g) ?? []).length >= 2)
        return {
          offset: from,
          message: `a value that holds ": " must be quoted: ${line.slice(0, 60)}`,
          hint: `Put the value in quotes, e.g. ${line.replace(/^([^:]+:\s*)(.*)$/, '$1"$2"').slice(0, 80)}`,
        };
      break;
    }
    case "MULTILINE_IMPLICIT_KEY":
      if (!line.includes(":"))
        return {
          offset: firstChar(text, from),
          message: `"${line.slice(0, 60)}" is not a key: value pair`,
          hint: "A colon and a space separate a key from its value (format: money).",
        };
      break;
    case "BAD_INDENT":
      if (/Flow sequence/.test(first.message)) {
        const at = text.lastIndexOf("[", from);
        return {
          offset: at < 0 ? from : at,
          message: "the list opened here with [ is never closed",
          hint: "End the list with ] on the same line, or write it as lines starting with - .",
        };
      }
      return {
        offset: firstChar(text, from),
        message: "this line is indented less than the mapping it belongs to",
        hint: "Keys of one mapping start in the same column.",
      };
    default:
      break;
  }
  return { offset: from, message: firstLine(first.message) };
}

function firstLine(s: string): string {
  return (s.split("\n")[0] ?? s).trim();
}
