import * as citationJs from "@citation-js/core";
import "@citation-js/plugin-bibtex";
import { z } from "zod";
import { diagnostic, type Diagnostic, type Location, type Reported } from "../../diagnostics/index.js";
import type { CslItem, InputFile, Located } from "../../model.js";
import type { TextFile } from "./files.js";

/**
 * References as a reference manager exports them: `references.json`
 * (CSL-JSON, as Zotero and Better BibTeX write it) and `references.bib`
 * (BibTeX or BibLaTeX, parsed by citation-js, never by hand). Each item is
 * kept as CSL-JSON with the line it starts on, for diagnostics.
 */

// citation-js's logger is silent by default: the build reports its own problems.

/** What the pipeline requires of a CSL-JSON item; everything else is passed to citeproc-js as is. */
const Item = z.object({ id: z.union([z.string().min(1), z.number()]), type: z.string().min(1) }).passthrough();

/** The references of one file, by id, and the file itself for the build cache. */
export interface ReferenceFile {
  readonly input: InputFile;
  readonly items: Map<string, Located<CslItem>>;
}

/** Line and column (1-based) of character `offset` in `text`. */
function position(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
  const line = before.split("\n").length;
  return { line, column: offset - before.lastIndexOf("\n") };
}

const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function invalid(at: Location, message: string, hint?: string): Reported<ReferenceFile> {
  return { diagnostics: [diagnostic({ rule: "references/invalid", at, message, ...(hint ? { hint } : {}) })] };
}

/** Where JSON.parse stopped, from its message ("at position 42", or "line 3 column 5"). */
function jsonErrorAt(text: string, message: string): { line: number; column: number } {
  const lc = /line (\d+) column (\d+)/.exec(message);
  if (lc) return { line: Number(lc[1]), column: Number(lc[2]) };
  const pos = /position (\d+)/.exec(message);
  return pos ? position(text, Number(pos[1])) : position(text, text.length);
}

/** `references.json`: a CSL-JSON array of items. */
export function parseCslJson(src: TextFile): Reported<ReferenceFile> {
  const { file, text } = src;
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (cause) {
    const message = (cause as Error).message;
    return invalid({ file, ...jsonErrorAt(text, message) }, `references.json is not valid JSON: ${message}`);
  }
  if (!Array.isArray(data))
    return invalid({ file, line: 1, column: 1 }, "references.json must be a CSL-JSON array of items");
  const items = new Map<string, Located<CslItem>>();
  const diagnostics: Diagnostic[] = [];
  let from = 0;
  for (const [i, raw] of data.entries()) {
    const checked = Item.safeParse(raw);
    const id = checked.success ? String(checked.data.id) : undefined;
    // Items are written in order: each is found after the one before it.
    const idAt = id === undefined ? -1 : text.slice(from).search(new RegExp(`"id"\\s*:\\s*"?${escapeRe(id)}"?`));
    const offset = idAt < 0 ? from : from + idAt;
    const at = { file, ...position(text, offset) };
    if (!checked.success || id === undefined) {
      const what = checked.success
        ? ""
        : checked.error.issues.map((e) => `${e.path.join(".") || "item"}: ${e.message}`);
      diagnostics.push(
        diagnostic({
          rule: "references/invalid",
          at,
          message: `item ${i + 1} of references.json is not a CSL-JSON item (${String(what)})`,
          hint: "Each item needs an id (the citation key) and a type; export again as CSL JSON.",
        }),
      );
      continue;
    }
    from = offset + 1;
    if (items.has(id)) diagnostics.push(duplicate(id, at, items.get(id)?.at));
    else items.set(id, { value: { ...checked.data, id }, at });
  }
  return diagnostics.length ? { diagnostics } : { value: { input: { file, sha256: src.sha256 }, items }, diagnostics };
}

/** `references.bib`: BibTeX or BibLaTeX, converted to CSL-JSON by citation-js. */
export function parseBibtex(src: TextFile): Reported<ReferenceFile> {
  const { file, text } = src;
  let data: readonly Record<string, unknown>[];
  try {
    data = citationJs.plugins.input.chain(text, {
      forceType: "@biblatex/text",
      generateGraph: false,
      maxChainLength: 10,
      strict: true,
      target: "@csl/list+object",
    });
  } catch (cause) {
    const message = (cause as Error).message;
    const m = /at line (\d+) col (\d+)/.exec(message);
    const line = m ? Number(m[1]) : 1;
    const column = m ? Number(m[2]) : 1;
    const first = message.split("\n")[0]?.replace(/ at line \d+ col \d+:?$/, "") ?? message;
    const entry = entryBefore(text, line);
    const where = entry ? ` in entry "${entry.key}" (which starts on line ${entry.line})` : "";
    return invalid(
      { file, line, column },
      `references.bib cannot be read${where}: ${first}`,
      "Check the entry's braces, commas and quotes (each field is name = {value}, separated by commas), or export the library again.",
    );
  }
  const items = new Map<string, Located<CslItem>>();
  const diagnostics: Diagnostic[] = [];
  for (const raw of data) {
    const id = typeof raw.id === "string" || typeof raw.id === "number" ? String(raw.id) : "";
    const found = new RegExp(`@\\w+\\s*[{(]\\s*${escapeRe(id)}\\s*,`).exec(text);
    const at = { file, ...position(text, found?.index ?? 0) };
    if (items.has(id)) diagnostics.push(duplicate(id, at, items.get(id)?.at));
    else items.set(id, { value: { ...raw, id, type: typeof raw.type === "string" ? raw.type : "document" }, at });
  }
  return diagnostics.length ? { diagnostics } : { value: { input: { file, sha256: src.sha256 }, items }, diagnostics };
}

/** The last `@type{key,` that starts on or before `line`. */
function entryBefore(text: string, line: number): { key: string; line: number } | undefined {
  let last: { key: string; line: number } | undefined;
  for (const m of text.matchAll(/@\w+\s*[{(]\s*([^,\s]+)\s*,/g)) {
    const at = position(text, m.index).line;
    if (at > line) break;
    last = { key: m[1] ?? "", line: at };
  }
  return last;
}

/** The error for an id defined twice; `first` is where it was defined before. */
export function duplicate(id: string, at: Location, first: Location | undefined): Diagnostic {
  const there = first ? `${first.file}:${first.line}:${first.column}` : "another file";
  return diagnostic({
    rule: "references/duplicate-id",
    at,
    message: `reference id "${id}" is defined twice: here and at ${there}`,
  });
}
