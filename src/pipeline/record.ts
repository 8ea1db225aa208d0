import path from "node:path";
import { formatFact } from "../lib/format.js";
import { textOf } from "../lib/hast.js";
import { sha256 } from "../lib/hash.js";
import { pipelineName } from "../lib/pipeline-name.js";
import type { Fact } from "../config/schemas.js";
import type { PreparedEdition } from "../model.js";
import type { EditionRecord, FileEntry } from "../release/manifest.js";
import type { OutputFile } from "../stages/8-write/index.js";

/**
 * The record `brief build` writes beside an edition's files
 * (`<edition>.edition.json`, see release/manifest.ts), in the same atomic
 * commit: what the edition is, what it was made from (its input hash),
 * what it says (facts, sources, takeaways) and the hash of every file.
 * `brief release` collects these from one or more output folders.
 */

/** The record's file name for an edition. */
export const recordName = (edition: string): string => `${edition}.edition.json`;

/** A fact's source as the record keeps it: its source id, or "(not named)" for one the notes give without a source. */
function recordedSource(fact: Fact): string {
  return fact.attribution === "editorial" ? "(not named)" : (fact.source ?? "(not named)");
}

function kindOf(rel: string): FileEntry["kind"] {
  return rel.endsWith(".pdf") ? "pdf" : rel.endsWith(".html") ? "html" : "asset";
}

/** The key-takeaways box as plain text, one entry per point. */
function takeaways(p: PreparedEdition): string[] {
  const out: string[] = [];
  for (const s of p.sections.filter((x) => x.merged.section.front.kind === "takeaways")) {
    for (const node of s.tree.children) {
      if (node.type !== "element" || (node.tagName !== "ul" && node.tagName !== "ol")) continue;
      for (const li of node.children)
        if (li.type === "element" && li.tagName === "li")
          out.push(textOf(li, { skipCitations: true }).replace(/\s+/g, " ").trim());
    }
  }
  return out;
}

/** The edition's record, given the files it publishes (paths under `outDir`). */
export function editionRecord(
  p: PreparedEdition,
  files: readonly OutputFile[],
  outDir: string,
  meta: { readonly inputHash: string; readonly pages: number | undefined; readonly chromium: string | null },
): EditionRecord {
  const { edition } = p;
  const c = edition.brief.config.value;
  const facts = new Map<string, EditionRecord["facts"][number]>();
  for (const s of p.sections) {
    for (const i of s.merged.inserts)
      if (i.kind === "fact")
        facts.set(i.id, { id: i.id, value: formatFact(i.fact), as_of: i.fact.as_of, source: recordedSource(i.fact) });
  }
  for (const chart of p.charts.keys()) {
    for (const id of edition.brief.charts.get(chart)?.value.facts ?? []) {
      const f = edition.brief.facts.get(id)?.value;
      if (f) facts.set(id, { id, value: formatFact(f), as_of: f.as_of, source: recordedSource(f) });
    }
  }
  const sources = p.laidOut.cited.flatMap((id) => {
    const s = edition.brief.sources.get(id)?.value;
    return s
      ? [
          {
            id,
            author: s.author,
            title: s.title,
            publisher: s.publisher,
            ...(s.published === undefined ? {} : { published: s.published }),
            url: s.url,
          },
        ]
      : [];
  });
  const entries = files
    .map((f) => ({ rel: path.relative(outDir, f.target).split(path.sep).join("/"), data: f.data }))
    .sort((a, b) => a.rel.localeCompare(b.rel))
    .map(({ rel, data }) => ({ path: rel, sha256: sha256(data), bytes: Buffer.byteLength(data), kind: kindOf(rel) }));
  return {
    version: 1,
    name: edition.name,
    brief: edition.brief.id,
    audience: edition.audience.name,
    title: c.title,
    status: c.status,
    edition: edition.audience.config.cover.edition,
    audienceLabel: edition.audience.config.label,
    editionDate: c.edition_date,
    informationAsOf: c.information_as_of,
    inputHash: meta.inputHash,
    ...(meta.pages !== undefined ? { pages: meta.pages } : {}),
    readingGrade: p.readability.grade,
    sections: edition.sections.map((s) => s.front.id),
    takeaways: takeaways(p),
    facts: [...facts.values()].sort((a, b) => a.id.localeCompare(b.id)),
    sources,
    files: entries,
    pipeline: pipelineName(),
    node: process.version,
    chromium: meta.chromium,
  };
}
