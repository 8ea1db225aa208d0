import { diagnostic, type Diagnostic } from "../diagnostics/index.js";

/**
 * Decoding of content files: strict UTF-8, BOM and CRLF tolerated.
 *
 * Analysts edit content on every kind of machine, so a byte-order mark and
 * Windows line endings must just work; invalid UTF-8 must not silently
 * become U+FFFD in a published edition.
 */

/** Result of decoding a file's bytes. */
export type Decoded = { ok: true; text: string } | { ok: false; diagnostic: Diagnostic };

/** Decode bytes as UTF-8 text with `\n` line endings, or say where the bad byte is. */
export function decodeUtf8(bytes: Uint8Array, file: string): Decoded {
  try {
    let text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { ok: true, text: text.replace(/\r\n?/g, "\n") };
  } catch (cause) {
    const at = firstInvalidUtf8(bytes);
    const before = new TextDecoder("utf-8").decode(bytes.subarray(0, at)).split(/\r\n?|\n/);
    const line = before.length;
    const column = (before[before.length - 1] ?? "").length + 1;
    return {
      ok: false,
      diagnostic: diagnostic({
        rule: "file/invalid-utf8",
        at: { file, line, column },
        message: `invalid UTF-8 byte 0x${(bytes[at] ?? 0).toString(16).padStart(2, "0")} at offset ${at}`,
        cause,
      }),
    };
  }
}

/** Offset of the first byte that does not start or continue a valid UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    const len = b < 0x80 ? 1 : b >> 5 === 0x6 ? 2 : b >> 4 === 0xe ? 3 : b >> 3 === 0x1e ? 4 : 0;
    if (len === 0) return i;
    for (let k = 1; k < len; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    try {
      new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(i, i + len));
    } catch {
      return i;
    }
    i += len;
  }
  return bytes.length;
}

/** 1-based line and column of a character offset in `text`. */
export function positionAt(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: offset - lineStart + 1 };
}
