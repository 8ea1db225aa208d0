import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { RULES_TABLE_END, RULES_TABLE_START, rulesTable } from "../src/diagnostics/docs.js";
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

describe("documentation", () => {
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
