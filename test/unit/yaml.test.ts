import { describe, expect, it } from "vitest";
import { z } from "zod";
import { Fact } from "../../src/config/schemas.js";
import { parseYaml, validate } from "../../src/lib/yaml.js";
import { decodeUtf8 } from "../../src/lib/text.js";

describe("YAML with positions", () => {
  it("maps a zod issue back to the line and column of the value", () => {
    const { yaml, value } = parseYaml("a:\n  b: 1\n  c: nope\n", "x.yaml");
    const r = validate(
      yaml,
      value,
      z.object({ a: z.object({ b: z.number(), c: z.number() }).strict() }).strict(),
      "facts",
    );
    expect(r.diagnostics.map((d) => [d.file, d.line, d.column, d.ruleId])).toEqual([["x.yaml", 3, 6, "facts/invalid"]]);
  });
  it("points a missing field at its parent mapping", () => {
    const { yaml, value } = parseYaml("a:\n  b: 1\n", "x.yaml");
    const r = validate(yaml, value, z.object({ a: z.object({ b: z.number(), c: z.number() }) }), "facts");
    expect(r.diagnostics[0]).toMatchObject({
      line: 2,
      column: 3,
      ruleId: "facts/missing-field",
      message: 'missing required field "a.c"',
    });
  });
  it("shifts positions for front matter embedded in a file", () => {
    const { diagnostics } = parseYaml("id: x\nid: y\n", "s.md", 1);
    expect(diagnostics[0]).toMatchObject({ line: 3, ruleId: "yaml/duplicate-key" });
  });
  it("does not let __proto__ pollute prototypes", () => {
    const { value } = parseYaml("__proto__: { polluted: true }\n", "p.yaml");
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.keys(value as object)).toContain("__proto__");
  });
  it("decodes BOM and CRLF, and rejects invalid UTF-8 with its position", () => {
    const ok = decodeUtf8(Buffer.from("\ufeffa: 1\r\nb: 2\r\n"), "f");
    expect(ok).toEqual({ ok: true, text: "a: 1\nb: 2\n" });
    const bad = decodeUtf8(Buffer.concat([Buffer.from("a: 1\nb: x"), Buffer.from([0xc3, 0x28])]), "f");
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.diagnostic).toMatchObject({ line: 2, column: 5, ruleId: "file/invalid-utf8" });
  });
});

describe("YAML and schema errors in the author's words, at the line to fix", () => {
  const first = (text: string): { line: number; column: number; message: string; hint: string } => {
    const d = parseYaml(text, "f.yaml").diagnostics[0];
    if (!d) throw new Error("no diagnostic");
    return { line: d.line, column: d.column, message: d.message, hint: d.hint };
  };
  it("a missing colon: the line with the pair", () => {
    expect(first("a:\n  value: 1\n  format money\n  source: x\n")).toMatchObject({
      line: 3,
      column: 3,
      message: '"format money" is not a key: value pair',
    });
  });
  it("an over-indented key: that key's line, not the line above (the parser's position)", () => {
    expect(first("a:\n  value: 1\n   format: money\n  source: x\n")).toMatchObject({
      line: 3,
      column: 4,
      message: "this line is indented further than the key above it",
    });
  });
  it("an unclosed quote: where it opened, not the end of the file", () => {
    expect(first('a:\n  value: 1\n  note: "hello\n  source: x\nb:\n  value: 2\n')).toMatchObject({
      line: 3,
      column: 9,
      message: "the quotation opened here is never closed",
    });
  });
  it('a value holding ": " is to be quoted, and the hint shows how', () => {
    const d = first("a:\n  note: Fines: up to 7%\n  value: 1\n");
    expect(d).toMatchObject({ line: 2, message: 'a value that holds ": " must be quoted: note: Fines: up to 7%' });
    expect(d.hint).toBe('Put the value in quotes, e.g. note: "Fines: up to 7%"');
  });
  it("a tab used to indent", () => {
    expect(first("a:\n\tvalue: 1\n")).toMatchObject({ line: 2, column: 1, message: "a tab is used for indentation" });
  });
  it("a wrong format names the choices and what was written; a currency gets the money hint", () => {
    const { yaml, value } = parseYaml("fine:\n  value: 35000000\n  format: euro\n", "facts.yaml");
    const r = validate(yaml, value, z.object({ fine: Fact }), "facts");
    expect(r.diagnostics.map((d) => [d.line, d.column, d.message, d.hint])).toEqual([
      [
        3,
        11,
        'fine.format must be one of money, percent, number, date, text; got "euro"',
        "For an amount in euros use `format: money` with `currency: EUR`.",
      ],
    ]);
  });
  it("an unknown key suggests the closest allowed key of that kind of fact", () => {
    const { yaml, value } = parseYaml(
      "d:\n  value: '2021'\n  format: date\n  as_of: 2025-01-01\n  sorce: x\n",
      "facts.yaml",
    );
    const r = validate(yaml, value, z.object({ d: Fact }), "facts");
    const unknown = r.diagnostics.find((d) => d.ruleId === "facts/unknown-key");
    expect(unknown).toMatchObject({ line: 5, column: 3, message: 'unknown key "d.sorce"' });
    expect(unknown?.hint).toMatch(/^Did you mean "source"\?/);
  });
});
