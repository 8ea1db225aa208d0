import path from "node:path";
import type { Element, Nodes, Root } from "hast";
import { fromParse5 } from "hast-util-from-parse5";
import { parse } from "parse5";
import { sha256 } from "../lib/hash.js";
import type { EditionRecord } from "./manifest.js";

/**
 * The reader digest of an edition: a sha256 of what its reader sees, and
 * nothing else. It decides delivery (a recipient is sent an edition when
 * this differs from what they last received), so it must not move when
 * only code, dependencies or styling change.
 *
 * It covers the HTML edition's body text (whitespace collapsed), the
 * targets of its outside links, each image's alt text and bytes, each
 * chart's accessible description, and the edition's facts (value, as-of
 * date) and sources as printed. It leaves out markup, classes, CSS, fonts,
 * the drawn chart shapes, the contents list (its page numbers move with
 * the layout), ids, and every build detail (pipeline, Node, Chromium,
 * input hash). The PDF is the same text laid out for print, so it adds
 * nothing a reader could tell apart.
 */

const SKIPPED = new Set(["script", "style", "template", "noscript", "head"]);

function classes(e: Element): string[] {
  const c = e.properties.className;
  return Array.isArray(c) ? c.map(String) : [];
}

/** The body element of a parsed document. */
function bodyOf(root: Root): Element | undefined {
  const html = root.children.find((n): n is Element => n.type === "element" && n.tagName === "html");
  return html?.children.find((n): n is Element => n.type === "element" && n.tagName === "body");
}

/** What a reader sees in a tree, as one string: text, and bracketed image and link markers. */
function readerText(node: Nodes, image: (src: string) => string): string {
  const out: string[] = [];
  const walk = (n: Nodes): void => {
    if (n.type === "text") {
      out.push(n.value);
      return;
    }
    if (n.type !== "element" && n.type !== "root") return;
    if (n.type === "element") {
      if (SKIPPED.has(n.tagName)) return;
      if (n.tagName === "nav" && classes(n).includes("toc")) return;
      if (n.tagName === "svg") {
        const label = n.properties.ariaLabel;
        out.push(` [chart: ${typeof label === "string" ? label : ""}] `);
        return;
      }
      if (n.tagName === "img") {
        const src = typeof n.properties.src === "string" ? n.properties.src : "";
        const alt = typeof n.properties.alt === "string" ? n.properties.alt : "";
        out.push(` [image: ${alt} ${image(src)}] `);
        return;
      }
      const href = n.properties.href;
      if (n.tagName === "a" && typeof href === "string" && /^(https?|mailto):/i.test(href))
        out.push(` [link: ${href}] `);
    }
    for (const c of n.children) walk(c);
  };
  walk(node);
  return out.join("").replace(/\s+/g, " ").trim();
}

/** The edition fields the digest reads. */
export type ReaderInput = Pick<
  EditionRecord,
  "title" | "edition" | "audienceLabel" | "editionDate" | "informationAsOf" | "facts" | "sources" | "files"
>;

/**
 * The reader digest of an edition, from its record and its files' bytes
 * (edition-relative paths, as the record lists them). Throws if the record
 * lists no HTML file or its bytes are missing: `collect()` verified both.
 */
export function readerDigest(record: ReaderInput, files: ReadonlyMap<string, Buffer>): string {
  const htmlEntry = record.files.find((f) => f.kind === "html");
  const html = htmlEntry ? files.get(htmlEntry.path) : undefined;
  if (!htmlEntry || !html) throw new Error(`readerDigest: ${record.title} has no HTML edition among its files`);
  const dir = path.posix.dirname(htmlEntry.path);
  const image = (src: string): string => {
    if (/^[a-z][a-z0-9+.-]*:/i.test(src)) return src;
    const rel = src.split(/[?#]/)[0] ?? "";
    let decoded = rel;
    try {
      decoded = decodeURI(rel);
    } catch {
      // A malformed escape names no file; the src itself is what the reader's browser would ask for.
    }
    const bytes = files.get(path.posix.normalize(path.posix.join(dir, decoded)));
    return bytes ? `sha256:${sha256(bytes)}` : `missing:${src}`;
  };
  const body = bodyOf(fromParse5(parse(html.toString("utf8"))) as Root);
  const text = body ? readerText(body, image) : "";
  const facts = record.facts.map((f) => `${f.value} (as of ${f.as_of})`).sort();
  const sources = record.sources.map((s) => [s.author, s.title, s.publisher, s.published, s.url].join(" | ")).sort();
  const head = [record.title, record.edition, record.audienceLabel, record.editionDate, record.informationAsOf];
  return sha256(JSON.stringify({ v: 1, head, text, facts, sources }));
}
