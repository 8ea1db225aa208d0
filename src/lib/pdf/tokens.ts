/**
 * A tokenizer for PDF content streams (ISO 32000-1 7.2 lexical conventions,
 * 7.8.2 content streams, 8.9.7 inline images): bytes in, a list of
 * operations out, each with its operands and the byte range it occupies.
 *
 * Rewriting a content stream (marking artifacts) splices new operations in
 * between the original bytes rather than re-serialising them, so what is not
 * touched stays byte for byte as Chromium wrote it. A malformed stream is a
 * programmer-facing error (`ContentSyntaxError`): our own printer produced it.
 */

/** One operand of a content-stream operator. */
export type Operand =
  | { readonly type: "number"; readonly value: number }
  | { readonly type: "name"; readonly value: string }
  | { readonly type: "string"; readonly bytes: Uint8Array; readonly hex: boolean }
  | { readonly type: "array"; readonly items: readonly Operand[] }
  | { readonly type: "dict"; readonly entries: ReadonlyMap<string, Operand> }
  | { readonly type: "bool"; readonly value: boolean }
  | { readonly type: "null" };

/** An operator with its operands; `start`/`end` are byte offsets of the whole operation. */
export interface Operation {
  readonly op: string;
  readonly operands: readonly Operand[];
  readonly start: number;
  readonly end: number;
  /** The raw image data of an inline image (`BI … ID data EI`). */
  readonly data?: Uint8Array;
}

/** The content stream is not valid PDF syntax. */
export class ContentSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(`${message} at byte ${offset}`);
    this.name = "ContentSyntaxError";
  }
}

/** Byte classes: 1 white space, 2 delimiter, 0 regular (ISO 32000-1 7.2.2). */
const CLASS = new Uint8Array(256);
for (const b of [0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20]) CLASS[b] = 1;
for (const b of [0x28, 0x29, 0x3c, 0x3e, 0x5b, 0x5d, 0x7b, 0x7d, 0x2f, 0x25]) CLASS[b] = 2;
const isWhite = (b: number | undefined): boolean => b !== undefined && CLASS[b] === 1;
const isRegular = (b: number | undefined): boolean => b !== undefined && CLASS[b] === 0;

/** Hex digit values (255: not a hex digit). */
const HEX = new Uint8Array(256).fill(255);
for (let i = 0; i < 16; i++) HEX[i.toString(16).charCodeAt(0)] = HEX[i.toString(16).toUpperCase().charCodeAt(0)] = i;

/** The number a regular-character run spells, or undefined (ISO 32000-1 7.3.3: no exponents). */
function numberOf(b: Uint8Array, from: number, to: number): number | undefined {
  let i = from;
  let sign = 1;
  if (b[i] === 0x2b || b[i] === 0x2d) sign = b[i++] === 0x2d ? -1 : 1;
  let value = 0;
  let digits = 0;
  let scale = 0;
  for (; i < to; i++) {
    const c = b[i] ?? 0;
    if (c >= 0x30 && c <= 0x39) {
      value = value * 10 + (c - 0x30);
      digits++;
      if (scale) scale *= 10;
    } else if (c === 0x2e && !scale) scale = 1;
    else return undefined;
  }
  if (digits === 0) return undefined;
  return (sign * value) / (scale || 1);
}

type Token =
  | Operand
  | { readonly type: "keyword"; readonly value: string }
  | { readonly type: "open"; readonly value: "[" | "<<" }
  | { readonly type: "close"; readonly value: "]" | ">>" };

/** Bytes as a Latin-1 string (short runs: names and operators). */
function latin1(b: Uint8Array, from: number, to: number): string {
  let s = "";
  for (let i = from; i < to; i++) s += String.fromCharCode(b[i] ?? 0);
  return s;
}

const OPERATORS = new Map(
  (
    "b B b* B* BDC BI BMC BT BX c cm CS cs d d0 d1 Do DP EI EMC ET EX f F f* G g gs h i ID j J K k l m M MP n q Q re " +
    "RG rg ri s S SC sc SCN scn sh T* Tc Td TD Tf Tj TJ TL Tm Tr Ts Tw Tz v w W W* y ' \""
  )
    .split(" ")
    .map((op) => [op, op] as const),
);

/** Operator tokens by their bytes (up to three): the same few dozen recur thousands of times in a page. */
const WORDS = new Map<number, Token>();

/** A keyword (operator, `true`, `false`, `null`) token, shared between occurrences when short. */
function word(b: Uint8Array, from: number, to: number): Token {
  const len = to - from;
  const key =
    len <= 3
      ? (b[from] ?? 0) |
        ((len > 1 ? (b[from + 1] ?? 0) : 0) << 8) |
        ((len > 2 ? (b[from + 2] ?? 0) : 0) << 16) |
        (len << 24)
      : -1;
  const hit = key >= 0 ? WORDS.get(key) : undefined;
  if (hit) return hit;
  const spelt = latin1(b, from, to);
  // The literal, when it is a known operator: interned, so comparisons against it are by identity.
  const w = OPERATORS.get(spelt) ?? spelt;
  const t: Token =
    w === "true" || w === "false"
      ? { type: "bool", value: w === "true" }
      : w === "null"
        ? { type: "null" }
        : { type: "keyword", value: w };
  if (key >= 0) WORDS.set(key, t);
  return t;
}

/** A string token whose bytes live in the lexer's scratch buffer (see `scan`). */
interface ScratchString {
  readonly type: "string";
  bytes: Uint8Array;
  hex: boolean;
}

/** A cursor over the bytes of one content stream. */
class Lexer {
  at = 0;
  /** Number and string tokens, reused from one operation to the next (see `scan`). */
  private readonly numbers: { type: "number"; value: number }[] = [];
  private used = 0;
  private readonly strings: ScratchString[] = [];
  private stringsUsed = 0;
  /** The decoded bytes of this operation's strings, one after the other. */
  private scratch = new Uint8Array(1024);
  private scratchUsed = 0;
  constructor(readonly b: Uint8Array) {}

  /** Start a new operation: the number and string tokens handed out so far may be reused. */
  reset(): void {
    this.used = 0;
    this.stringsUsed = 0;
    this.scratchUsed = 0;
  }

  private number(value: number): Operand {
    let t = this.numbers[this.used];
    if (!t) this.numbers.push((t = { type: "number", value }));
    t.value = value;
    this.used++;
    return t;
  }

  /** Room for `n` more decoded bytes in the scratch buffer; returns where they start. */
  private reserve(n: number): number {
    const at = this.scratchUsed;
    if (at + n > this.scratch.length) {
      // Strings handed out earlier in this operation keep their (old) buffer; new ones use the bigger one.
      this.scratch = new Uint8Array(Math.max(2 * this.scratch.length, n));
      this.scratchUsed = 0;
      return 0;
    }
    return at;
  }

  /** A string token over scratch bytes [from, from + n). */
  private string(from: number, n: number, hex: boolean): Operand {
    this.scratchUsed = from + n;
    const bytes = this.scratch.subarray(from, from + n);
    let t = this.strings[this.stringsUsed];
    if (!t) this.strings.push((t = { type: "string", bytes, hex }));
    t.bytes = bytes;
    t.hex = hex;
    this.stringsUsed++;
    return t;
  }

  /** Skip white space and comments; true while bytes remain. */
  skip(): boolean {
    const { b } = this;
    while (this.at < b.length) {
      const c = b[this.at];
      if (c === 0x25) while (this.at < b.length && b[this.at] !== 0x0a && b[this.at] !== 0x0d) this.at++;
      else if (c !== undefined && isWhite(c)) this.at++;
      else return true;
    }
    return false;
  }

  /** The next token; call only after `skip()` returned true. */
  next(): Token {
    const { b } = this;
    const c = b[this.at] ?? 0;
    if (c === 0x2f) return this.name();
    if (c === 0x28) return this.literal();
    if (c === 0x3c && b[this.at + 1] === 0x3c) return ((this.at += 2), { type: "open", value: "<<" });
    if (c === 0x3e && b[this.at + 1] === 0x3e) return ((this.at += 2), { type: "close", value: ">>" });
    if (c === 0x3c) return this.hex();
    if (c === 0x5b) return (this.at++, { type: "open", value: "[" });
    if (c === 0x5d) return (this.at++, { type: "close", value: "]" });
    if (c === 0x7b || c === 0x7d) return (this.at++, { type: "keyword", value: String.fromCharCode(c) });
    if (!isRegular(c)) throw new ContentSyntaxError(`unexpected byte 0x${c.toString(16)}`, this.at);
    const from = this.at;
    while (isRegular(b[this.at])) this.at++;
    const value = numberOf(b, from, this.at);
    if (value !== undefined) return this.number(value);
    return word(b, from, this.at);
  }

  private name(): Operand {
    const { b } = this;
    const from = ++this.at;
    while (isRegular(b[this.at])) this.at++;
    const raw = Buffer.from(b.subarray(from, this.at)).toString("latin1");
    return {
      type: "name",
      value: raw.replace(/#([0-9a-fA-F]{2})/g, (_, h: string) => String.fromCharCode(parseInt(h, 16))),
    };
  }

  private literal(): Operand {
    const { b } = this;
    const start = this.at++;
    const out: number[] = [];
    let depth = 1;
    while (this.at < b.length) {
      const c = b[this.at++] ?? 0;
      if (c === 0x5c) {
        const e = b[this.at++] ?? 0;
        const simple: Record<number, number> = { 0x6e: 10, 0x72: 13, 0x74: 9, 0x62: 8, 0x66: 12 };
        if (simple[e] !== undefined) out.push(simple[e]);
        else if (e >= 0x30 && e <= 0x37) {
          let v = e - 0x30;
          for (let i = 0; i < 2 && (b[this.at] ?? 0) >= 0x30 && (b[this.at] ?? 0) <= 0x37; i++)
            v = v * 8 + ((b[this.at++] ?? 0) - 0x30);
          out.push(v & 0xff);
        } else if (e === 0x0d) {
          if (b[this.at] === 0x0a) this.at++;
        } else if (e !== 0x0a) out.push(e);
      } else if (c === 0x28) {
        depth++;
        out.push(c);
      } else if (c === 0x29) {
        if (--depth === 0) return { type: "string", bytes: Uint8Array.from(out), hex: false };
        out.push(c);
      } else out.push(c);
    }
    throw new ContentSyntaxError("unterminated string", start);
  }

  private hex(): Operand {
    const { b } = this;
    const start = this.at++;
    let end = this.at;
    while (end < b.length && b[end] !== 0x3e) end++;
    if (end >= b.length) throw new ContentSyntaxError("unterminated hex string", start);
    // At most one byte per two characters (white space inside is allowed and skipped).
    const from = this.reserve((end - this.at + 1) >> 1);
    const out = this.scratch;
    let n = 0;
    let high = -1;
    for (; this.at < end; this.at++) {
      const c = b[this.at] ?? 0;
      if (CLASS[c] === 1) continue;
      const v = HEX[c] ?? 255;
      if (v === 255) throw new ContentSyntaxError("bad hex digit in string", this.at);
      if (high < 0) high = v;
      else {
        out[from + n++] = (high << 4) | v;
        high = -1;
      }
    }
    // An odd final digit is followed by an implied 0 (ISO 32000-1 7.3.4.3).
    if (high >= 0) out[from + n++] = high << 4;
    this.at = end + 1;
    return this.string(from, n, true);
  }
}

/** Read operands until a closing token: arrays and dictionaries nest. */
function compound(lex: Lexer, open: "[" | "<<"): Operand {
  const items: Operand[] = [];
  const from = lex.at;
  for (;;) {
    if (!lex.skip()) throw new ContentSyntaxError(`unterminated ${open === "[" ? "array" : "dictionary"}`, from);
    const t = lex.next();
    if (t.type === "close") {
      if ((t.value === "]") !== (open === "[")) throw new ContentSyntaxError(`mismatched ${t.value}`, lex.at);
      break;
    }
    if (t.type === "keyword") throw new ContentSyntaxError(`operator ${t.value} inside ${open}`, lex.at);
    items.push(t.type === "open" ? compound(lex, t.value) : t);
  }
  if (open === "[") return { type: "array", items };
  const entries = new Map<string, Operand>();
  for (let i = 0; i < items.length; i += 2) {
    const k = items[i];
    const v = items[i + 1];
    if (k?.type !== "name" || !v) throw new ContentSyntaxError("dictionary key is not a name", from);
    entries.set(k.value, v);
  }
  return { type: "dict", entries };
}

/**
 * The data of an inline image runs from one white-space byte after `ID` to
 * `EI` standing alone (white space before, white space or the end after).
 */
function inlineImage(lex: Lexer): Uint8Array {
  const { b } = lex;
  const from = lex.at + 1;
  for (let i = from; i + 1 < b.length; i++) {
    if (b[i] === 0x45 && b[i + 1] === 0x49 && isWhite(b[i - 1] ?? 0) && (i + 2 >= b.length || !isRegular(b[i + 2]))) {
      lex.at = i + 2;
      return b.subarray(from, i - 1);
    }
  }
  throw new ContentSyntaxError("inline image without EI", lex.at);
}

/** A copy of an operand that owns all its parts (`scan` reuses its number and string tokens). */
function owned(o: Operand): Operand {
  if (o.type === "number") return { type: "number", value: o.value };
  if (o.type === "string") return { type: "string", bytes: o.bytes.slice(), hex: o.hex };
  if (o.type === "array") return { type: "array", items: o.items.map(owned) };
  if (o.type === "dict") return { type: "dict", entries: new Map([...o.entries].map(([k, v]) => [k, owned(v)])) };
  return o;
}

/** Split a content stream into operations. */
export function tokenize(bytes: Uint8Array): Operation[] {
  const ops: Operation[] = [];
  scan(bytes, (o) =>
    ops.push({
      op: o.op,
      operands: o.operands.map(owned),
      start: o.start,
      end: o.end,
      ...(o.data ? { data: o.data } : {}),
    }),
  );
  return ops;
}

/**
 * Hand each operation of a content stream to `visit`, in order. The
 * operation, its operand list, its number operands and its hex string
 * operands (tokens and bytes) are valid only during the call: they are
 * reused for the next operation (a page has thousands, Chromium shows every
 * glyph with its own `<xxxx> Tj`, and most of what they carry is read
 * once), so a visitor that keeps them copies them (as `tokenize` does).
 */
export function scan(bytes: Uint8Array, visit: (o: Operation) => void): void {
  const lex = new Lexer(bytes);
  const operands: Operand[] = [];
  // The one operation handed to `visit`, filled in again for each (inline images get their own).
  const current: { op: string; operands: Operand[]; start: number; end: number } = {
    op: "",
    operands,
    start: 0,
    end: 0,
  };
  let start = -1;
  while (lex.skip()) {
    if (start < 0) start = lex.at;
    const t = lex.next();
    if (t.type === "close") throw new ContentSyntaxError(`unexpected ${t.value}`, lex.at);
    if (t.type !== "keyword") {
      operands.push(t.type === "open" ? compound(lex, t.value) : t);
      continue;
    }
    if (t.value === "BI") {
      const dict: Operand[] = [];
      for (;;) {
        if (!lex.skip()) throw new ContentSyntaxError("inline image without ID", start);
        const k = lex.next();
        if (k.type === "keyword" && k.value === "ID") break;
        if (k.type === "keyword" || k.type === "close")
          throw new ContentSyntaxError("bad inline image dictionary", lex.at);
        dict.push(k.type === "open" ? compound(lex, k.value) : k);
      }
      const entries = new Map<string, Operand>();
      for (let i = 0; i + 1 < dict.length; i += 2) {
        const k = dict[i];
        const v = dict[i + 1];
        if (k?.type === "name" && v) entries.set(k.value, v);
      }
      const data = inlineImage(lex);
      visit({ op: "BI", operands: [{ type: "dict", entries }], start, end: lex.at, data });
    } else {
      current.op = t.value;
      current.start = start;
      current.end = lex.at;
      visit(current);
    }
    operands.length = 0;
    lex.reset();
    start = -1;
  }
  if (operands.length) throw new ContentSyntaxError("operands without an operator at the end", start);
}

/** PDF syntax for one operand (names escaped, strings as hex), for operations written into a stream. */
export function serialize(o: Operand): string {
  switch (o.type) {
    case "number":
      return Number.isInteger(o.value) ? String(o.value) : String(Math.round(o.value * 1e6) / 1e6);
    case "name":
      return `/${o.value.replace(/[^!-~]|[#()<>[\]{}/%]/g, (ch) => `#${ch.charCodeAt(0).toString(16).padStart(2, "0")}`)}`;
    case "string":
      return `<${Buffer.from(o.bytes).toString("hex")}>`;
    case "array":
      return `[${o.items.map(serialize).join(" ")}]`;
    case "dict":
      return `<<${[...o.entries].map(([k, v]) => `${serialize({ type: "name", value: k })} ${serialize(v)}`).join(" ")}>>`;
    case "bool":
      return String(o.value);
    case "null":
      return "null";
  }
}

/** Shorthands for building operands. */
export const name = (value: string): Operand => ({ type: "name", value });
export const num = (value: number): Operand => ({ type: "number", value });
export const dict = (entries: Record<string, Operand>): Operand => ({
  type: "dict",
  entries: new Map(Object.entries(entries)),
});
