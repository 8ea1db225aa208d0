import { cssReferences } from "../../checks/stylesheet-urls.js";

/**
 * SVG images are documents, not pictures: opened at their own URL on the
 * published site, a script inside one runs on the Pages origin (shared by
 * every project site of the owner). Every SVG a brief ships is therefore
 * run through DOMPurify's SVG profile (on a jsdom window) and REFUSED, with
 * a positioned error naming what is wrong, when the sanitiser would remove
 * anything (script, event handlers, foreignObject, unknown elements), or
 * when it refers to anything outside itself (an href or CSS url() that is
 * not `#fragment`, @import, a stylesheet processing instruction, a DTD
 * with entities). Refusing rather than silently shipping a changed file
 * means the author learns, and the published file is exactly theirs.
 */

/** Why an SVG may not be published; empty when it may. */
export async function svgProblems(text: string): Promise<string[]> {
  const problems = rawProblems(text);
  if (problems.length) return problems;
  const [{ default: createPurify }, { JSDOM }] = await Promise.all([import("dompurify"), import("jsdom")]);
  const { window } = new JSDOM("");
  try {
    const purify = createPurify(window);
    const body = text.replace(/^\s*<\?xml\s[^>]*\?>/u, "").replace(/<!DOCTYPE[^>[]*>/iu, "");
    const dom: unknown = purify.sanitize(body, {
      USE_PROFILES: { svg: true, svgFilters: true },
      // <use> is safe when it points inside the file, which the href check below insists on.
      ADD_TAGS: ["use"],
      RETURN_DOM: true,
    });
    if (!(dom instanceof window.Element)) return ["content the sanitiser could not parse"];
    for (const r of purify.removed) {
      const wrapper = "element" in r && /^(html|head|body)$/iu.test(r.element.nodeName);
      if ("element" in r && r.element instanceof window.Element && !wrapper) problems.push(`<${r.element.nodeName}>`);
      else if ("attribute" in r && r.attribute)
        problems.push(`${r.attribute.name}="${r.attribute.value.slice(0, 40)}"`);
    }
    for (const el of dom.querySelectorAll("*")) {
      for (const a of el.attributes) {
        const local = a.name.toLowerCase().replace(/^.*:/u, "");
        if ((local === "href" || local === "src") && !isInternal(a.value))
          problems.push(`${a.name}="${a.value.slice(0, 40)}" (an external reference)`);
        if (local === "style") problems.push(...cssProblems(a.value, true));
      }
      if (el.nodeName.toLowerCase() === "style") problems.push(...cssProblems(el.textContent ?? ""));
      // An SVG shown as an image is isolated from the page: it cannot use the page's bundled faces, so any text in it
      // would be set in whatever font the building machine has (issue 27: no glyph from a system font).
      if (/^(text|tspan|textpath)$/iu.test(el.nodeName) && (el.textContent ?? "").trim() !== "")
        problems.push(
          `text (<${el.nodeName}>), which an image cannot set in the bundled faces: convert it to outlines (paths)`,
        );
    }
    if (!dom.querySelector("svg")) problems.push("no <svg> element survives sanitising");
  } finally {
    window.close();
  }
  return [...new Set(problems)];
}

/** A reference inside the file, or an embedded raster image (which cannot run anything). */
function isInternal(value: string): boolean {
  const v = value.trim();
  return v.startsWith("#") || /^data:image\/(png|jpeg|gif|webp);base64,[a-z0-9+/=\s]*$/iu.test(v);
}

/** CSS inside an SVG may only point at fragments of the file itself (read with css-tree, as stylesheets are). */
function cssProblems(css: string, declarations = false): string[] {
  return cssReferences(css, { declarations }).flatMap((r) =>
    r.kind === "import"
      ? ["@import in a style"]
      : r.url.trim().startsWith("#")
        ? []
        : [`url(${r.url.slice(0, 40)}) in a style`],
  );
}

/** What the XML parser that opens the file would see but an HTML parse would not. */
function rawProblems(text: string): string[] {
  const out: string[] = [];
  const withoutDecl = text.replace(/^\s*<\?xml\s[^>]*\?>/u, "");
  if (/<\?/u.test(withoutDecl)) out.push("a processing instruction (<?…?>), e.g. an xml-stylesheet");
  if (/<!ENTITY/iu.test(text) || /<!DOCTYPE[^>]*\[/iu.test(text)) out.push("a DTD with entities (<!ENTITY>)");
  return out;
}
