import { readFileSync } from "node:fs";
import path from "node:path";
import { PDFDocument } from "pdf-lib";
import { describe, expect, it } from "vitest";
import { pageContent } from "../../src/lib/pdf/content.js";
import { ContentSyntaxError, serialize, tokenize, type Operand } from "../../src/lib/pdf/tokens.js";
import { FIXTURES } from "../helpers.js";

/**
 * The content-stream tokenizer: every operator Chromium's prints use, with
 * their operand types, and the syntax PDF allows around them (strings with
 * escapes and nested parentheses, hex strings, names with # escapes,
 * arrays, dictionaries, comments, inline images), plus the errors.
 */

const enc = (s: string): Uint8Array => Buffer.from(s, "latin1");
const ops = (s: string): string[] => tokenize(enc(s)).map((o) => o.op);
const text = (o: Operand | undefined): string => (o?.type === "string" ? Buffer.from(o.bytes).toString("latin1") : "?");

/** The operators used by the real editions (dumped from the DeepSeek and fixture PDFs): each with typical operands. */
const USED: readonly (readonly [string, string])[] = [
  ["BDC", "/P <</MCID 12 >>BDC"],
  ["EMC", "EMC"],
  ["BT", "BT"],
  ["ET", "ET"],
  ["Tf", "/F6 10.6599998 Tf"],
  ["Tm", "1 0 0 -1 75.578125 56 Tm"],
  ["Td", "6.5536652 0 Td"],
  ["Tj", "<0005> Tj"],
  ["q", "q"],
  ["Q", "Q"],
  ["cm", ".23999999 0 0 -.23999999 0 792 cm"],
  ["RG", ".2902 .2902 .2902 RG"],
  ["rg", ".102 .102 .102 rg"],
  ["gs", "/G3 gs"],
  ["re", "237.5 237.5 2077.6367 2851.2207 re"],
  ["W*", "W*"],
  ["n", "n"],
  ["f", "f"],
  ["S", "S"],
  ["m", "0 913 m"],
  ["l", "643 913 l"],
  ["c", "1 2 3 4 5 6 c"],
  ["h", "h"],
  ["Do", "/X1 Do"],
];

describe("tokenize", () => {
  it.each(USED)("reads %s with its operands", (op, src) => {
    const [o, ...rest] = tokenize(enc(src));
    expect(rest).toEqual([]);
    expect(o?.op).toBe(op);
    expect(o?.start).toBe(0);
    expect(o?.end).toBe(src.length);
  });

  it("reads every operation of the real prints, whose byte ranges cover the stream in order", async () => {
    const doc = await PDFDocument.load(readFileSync(path.join(FIXTURES, "pdfua", "access-reader.pdf")));
    const seen = new Set<string>();
    for (const page of doc.getPages()) {
      const bytes = pageContent(page.node);
      const list = tokenize(bytes);
      let at = 0;
      for (const o of list) {
        expect(o.start).toBeGreaterThanOrEqual(at);
        expect(/^\s*$/.test(Buffer.from(bytes.subarray(at, o.start)).toString("latin1"))).toBe(true);
        at = o.end;
        seen.add(o.op);
      }
      expect(Buffer.from(bytes.subarray(at)).toString("latin1").trim()).toBe("");
    }
    for (const op of seen) expect(USED.map(([o]) => o).concat(["Do"])).toContain(op);
    expect(seen.size).toBeGreaterThan(15);
  });

  it("parses operand types: numbers, names with # escapes, strings, arrays, dictionaries, booleans and null", () => {
    const [o] = tokenize(
      enc(
        "-.5 +3 4. 0.25 /A#20B (a\\(b\\)c \\n\\101 (nested)) <48 65 6C6C 6F> [1 /N (s)] <</K [0 1] /B true /N null>> false X",
      ),
    );
    expect(o?.op).toBe("X");
    const a = o?.operands ?? [];
    expect(a.slice(0, 4)).toEqual([
      { type: "number", value: -0.5 },
      { type: "number", value: 3 },
      { type: "number", value: 4 },
      { type: "number", value: 0.25 },
    ]);
    expect(a[4]).toEqual({ type: "name", value: "A B" });
    expect(text(a[5])).toBe("a(b)c \nA (nested)");
    expect(text(a[6])).toBe("Hello");
    expect(a[7]?.type === "array" && a[7].items.length).toBe(3);
    const d = a[8];
    expect(d?.type === "dict" && [...d.entries.keys()]).toEqual(["K", "B", "N"]);
    expect(a[9]).toEqual({ type: "bool", value: false });
  });

  it("hands out hex strings that stay intact: across operations, with odd digits, white space and long runs", () => {
    const long = "ab".repeat(3000);
    const read = tokenize(enc(`<0102> Tj <03 04> Tj <123> Tj [<${long}> 5 <${long}> <0a>] TJ`));
    const bytes = read.map((o) => o.operands.map((x) => (x.type === "array" ? x.items : [x])).flat());
    const hex = (o: Operand | undefined): string => (o?.type === "string" ? Buffer.from(o.bytes).toString("hex") : "?");
    // Each operation's strings are its own, although the tokenizer decodes into one reused buffer.
    expect(hex(bytes[0]?.[0])).toBe("0102");
    expect(hex(bytes[1]?.[0])).toBe("0304");
    // An odd final digit is followed by an implied 0.
    expect(hex(bytes[2]?.[0])).toBe("1230");
    // Strings longer than the buffer, two in one operation, and one after it grew.
    expect(hex(bytes[3]?.[0])).toBe(long);
    expect(hex(bytes[3]?.[2])).toBe(long);
    expect(hex(bytes[3]?.[3])).toBe("0a");
    expect(() => tokenize(enc("<01 0G> Tj"))).toThrow(ContentSyntaxError);
  });

  it("reads the text-showing operators that take arrays and quotes, and TJ kerning", () => {
    expect(ops("[(A) -120 (B)] TJ (x) ' 1 2 (y) \" T* 12 TL")).toEqual(["TJ", "'", '"', "T*", "TL"]);
  });

  it("skips comments and keeps an inline image's data whole (even bytes that look like operators)", () => {
    const src = "q % a comment with BT in it\nBI /W 2 /H 1 /BPC 8 /CS /G ID \x00EI\xffBT\n EI Q";
    const list = tokenize(enc(src));
    expect(list.map((o) => o.op)).toEqual(["q", "BI", "Q"]);
    expect(Buffer.from(list[1]?.data ?? []).toString("latin1")).toBe("\x00EI\xffBT\n");
  });

  it("refuses what is not content-stream syntax, naming where", () => {
    expect(() => tokenize(enc("(unterminated"))).toThrow(ContentSyntaxError);
    expect(() => tokenize(enc("<zz> Tj"))).toThrow(/bad hex digit/);
    expect(() => tokenize(enc("[1 2"))).toThrow(/unterminated array/);
    expect(() => tokenize(enc("1 2"))).toThrow(/operands without an operator/);
    expect(() => tokenize(enc("] Tj"))).toThrow(/unexpected ]/);
  });

  it("serialises operands back to PDF syntax that reads the same", () => {
    const operands: Operand[] = [
      { type: "name", value: "Artifact" },
      { type: "name", value: "A B#" },
      { type: "number", value: 1.5 },
      { type: "string", bytes: Uint8Array.from(enc("é(")), hex: false },
      { type: "dict", entries: new Map<string, Operand>([["Type", { type: "name", value: "Pagination" }]]) },
      { type: "array", items: [{ type: "bool", value: true }, { type: "null" }] },
    ];
    const [o] = tokenize(enc(`${operands.map(serialize).join(" ")} BDC`));
    expect(o?.operands.map((x) => (x.type === "string" ? { ...x, hex: false } : x))).toEqual(operands);
  });
});
