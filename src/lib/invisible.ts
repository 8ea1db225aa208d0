import { diagnostic, type Diagnostic } from "../diagnostics/index.js";

/**
 * Direction overrides and zero-width characters change what a reviewer
 * sees without changing what prints, or the reverse ("Trojan Source",
 * CVE-2021-42574): `gnitov` behind U+202E reads "voting". Each line that
 * holds one gets a warning at the character, naming it by code point.
 * A byte-order mark at the very start of a file is not reported.
 */

const INVISIBLE = /[\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/gu;

/** Names for the characters, for the message. */
const NAMES: Readonly<Record<string, string>> = {
  "\u061C": "ARABIC LETTER MARK",
  "\u200B": "ZERO WIDTH SPACE",
  "\u200C": "ZERO WIDTH NON-JOINER",
  "\u200D": "ZERO WIDTH JOINER",
  "\u200E": "LEFT-TO-RIGHT MARK",
  "\u200F": "RIGHT-TO-LEFT MARK",
  "\u202A": "LEFT-TO-RIGHT EMBEDDING",
  "\u202B": "RIGHT-TO-LEFT EMBEDDING",
  "\u202C": "POP DIRECTIONAL FORMATTING",
  "\u202D": "LEFT-TO-RIGHT OVERRIDE",
  "\u202E": "RIGHT-TO-LEFT OVERRIDE",
  "\u2060": "WORD JOINER",
  "\u2066": "LEFT-TO-RIGHT ISOLATE",
  "\u2067": "RIGHT-TO-LEFT ISOLATE",
  "\u2068": "FIRST STRONG ISOLATE",
  "\u2069": "POP DIRECTIONAL ISOLATE",
  "\uFEFF": "ZERO WIDTH NO-BREAK SPACE",
};

/** One `text/invisible-character` warning per line that holds such a character. */
export function invisibleCharacters(text: string, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const lines = text.split("\n");
  lines.forEach((line, i) => {
    for (const m of line.matchAll(INVISIBLE)) {
      if (i === 0 && m.index === 0 && m[0] === "\uFEFF") continue;
      const ch = m[0];
      const code = `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`;
      out.push(
        diagnostic({
          rule: "text/invisible-character",
          at: { file, line: i + 1, column: m.index + 1 },
          message: `invisible character ${code} ${NAMES[ch] ?? ""}: the text may not read as it prints`.replace(
            "  ",
            " ",
          ),
        }),
      );
      return;
    }
  });
  return out;
}
