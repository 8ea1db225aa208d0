import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { z, type ZodTypeAny } from "zod";
import { helpText } from "../src/cli/help.js";
import {
  About,
  Audience,
  BriefConfig,
  Chart,
  EditionSettings,
  Fact,
  SectionFrontMatter,
  Source,
} from "../src/config/schemas.js";
import { HELP_END, HELP_START, RULES_TABLE_END, RULES_TABLE_START, rulesTable } from "../src/diagnostics/docs.js";
import { knownKeys } from "../src/lib/schema-words.js";
import { ruleIds } from "../src/diagnostics/rules.js";
import { REPO } from "./helpers.js";

/**
 * The documentation and the code agree: the rules reference's table is
 * the catalogue's, the "How a brief flows" table lists the stage folders one
 * for one, every catalogued rule is reported somewhere, and the package
 * exports the API it documents.
 */

const rulesDoc = readFileSync(path.join(REPO, "docs", "rules.md"), "utf8");
const architecture = readFileSync(path.join(REPO, "docs", "architecture.md"), "utf8");

/** Every .ts file under src/, as one string, for "is this id used" questions. */
function sources(): string {
  const out: string[] = [];
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir, { withFileTypes: true })) {
      const abs = path.join(dir, name.name);
      if (name.isDirectory()) walk(abs);
      else if (name.name.endsWith(".ts") && name.name !== "rules.ts") out.push(readFileSync(abs, "utf8"));
    }
  };
  walk(path.join(REPO, "src"));
  return out.join("\n");
}

/** Every key a schema's objects define, nested objects and union variants included. */
function keysOf(schema: ZodTypeAny): string[] {
  const out = new Set<string>();
  const walk = (s: ZodTypeAny): void => {
    if (s instanceof z.ZodDiscriminatedUnion) for (const o of s.options as ZodTypeAny[]) walk(o);
    for (const key of knownKeys(s, [])) {
      out.add(key);
      const inner = (s instanceof z.ZodEffects ? s.innerType() : s) as ZodTypeAny;
      const shape = inner instanceof z.ZodObject ? (inner.shape as Record<string, ZodTypeAny>) : {};
      let child = shape[key];
      while (child instanceof z.ZodOptional || child instanceof z.ZodDefault)
        child = child instanceof z.ZodOptional ? (child.unwrap() as ZodTypeAny) : (child.removeDefault() as ZodTypeAny);
      if (child instanceof z.ZodObject) walk(child);
    }
  };
  walk(schema);
  return [...out].sort();
}

describe("documentation", () => {
  it("the CLI reference is `brief --help`, exactly (run `make docs` if this fails)", () => {
    const cli = readFileSync(path.join(REPO, "docs", "cli.md"), "utf8");
    const start = cli.indexOf(HELP_START);
    const end = cli.indexOf(HELP_END);
    expect(start).toBeGreaterThan(0);
    expect(cli.slice(start + HELP_START.length, end).trim()).toBe(`\`\`\`\n${helpText("N")}\`\`\``);
  });

  it("documents every field of the content model, currency included", () => {
    const authoring = readFileSync(path.join(REPO, "docs", "authoring.md"), "utf8");
    const audiences = readFileSync(path.join(REPO, "docs", "audiences.md"), "utf8");
    const undocumented = (doc: string, schema: ZodTypeAny): string[] =>
      keysOf(schema).filter((k) => !doc.includes(`\`${k}\``) && !doc.includes(`${k}:`));
    for (const schema of [BriefConfig, EditionSettings, About, SectionFrontMatter, Fact, Source, Chart])
      expect(undocumented(authoring, schema)).toEqual([]);
    expect(undocumented(audiences, Audience)).toEqual([]);
    // The walk reaches into variants and nested objects (else the check above would be empty).
    expect(keysOf(Fact)).toEqual(expect.arrayContaining(["currency", "unit", "qualifier", "attribution"]));
    expect(keysOf(Audience)).toEqual(expect.arrayContaining(["kicker", "budget", "accent"]));
  });

  it("the rules reference's table is generated from the catalogue (run `make docs` if this fails)", () => {
    const start = rulesDoc.indexOf(RULES_TABLE_START);
    const end = rulesDoc.indexOf(RULES_TABLE_END);
    expect(start).toBeGreaterThan(0);
    expect(rulesDoc.slice(start + RULES_TABLE_START.length, end).trim()).toBe(rulesTable());
  });

  it("the architecture page's stage table names the folders of src/stages one for one, in order", () => {
    const section = architecture.slice(
      architecture.indexOf("## How a brief flows"),
      architecture.indexOf("## Failures"),
    );
    const listed = [...section.matchAll(/^\| \w+ \| `stages\/([^`]+?)\/?` \|/gm)].map((m) => m[1]);
    const folders = readdirSync(path.join(REPO, "src", "stages")).sort();
    expect(listed).toEqual(folders);
    expect(folders.map((f) => Number(f.split("-")[0]))).toEqual(folders.map((_, i) => i + 1));
  });

  it("every rule in the catalogue is reported somewhere in src/", () => {
    const src = sources();
    const families = [...src.matchAll(/rule: `\$\{\w+\}\/([a-z-]+)`/g)].map((m) => m[1]);
    const unused = ruleIds().filter((id) => {
      if (src.includes(`"${id}"`)) return false;
      const [family, name] = id.split("/");
      if (family === "render" && src.includes("ruleId(): `render/${")) return false;
      return !families.includes(name);
    });
    expect(unused).toEqual([]);
  });

  it("the package exports its API with type declarations", async () => {
    const pkg = JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8")) as {
      exports: Record<string, { types: string; import: string }>;
    };
    const entry = pkg.exports["."];
    expect(existsSync(path.join(REPO, entry?.types ?? "missing"))).toBe(true);
    const api = (await import(path.join(REPO, entry?.import ?? "missing"))) as Record<string, unknown>;
    expect(typeof api.build).toBe("function");
    expect(typeof api.check).toBe("function");
    expect(Object.keys(api).sort()).toEqual([
      "EXIT",
      "RULES",
      "build",
      "check",
      "exitCodeOf",
      "formatJson",
      "formatLine",
      "formatReport",
      "ruleIds",
      "ruleMeta",
    ]);
  });
});
