import { describe, expect, it } from "vitest";
import { z } from "zod";
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
