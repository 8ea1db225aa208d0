import { PDFArray, PDFDict, PDFName, PDFNumber, PDFRef } from "pdf-lib";
import { inArtifact, taggedIn } from "../../lib/pdf/marked.js";
import { nameOf } from "../../lib/pdf/structure.js";
import type { CheckContext } from "./context.js";

/**
 * Content against structure: everything painted is tagged or an artifact
 * (and the two never nest inside each other), and the ParentTree, the
 * elements' marked-content ids and the content streams agree.
 */

const key = (r: PDFRef | undefined): string => (r ? `${r.objectNumber} ${r.generationNumber}` : "?");

/** Check that all content is tagged or an artifact, never one inside the other. */
export function checkMarking(ctx: CheckContext): void {
  ctx.check("pdf/untagged-content", "pdf/artifact-in-tagged", "pdf/tagged-in-artifact");
  for (const { n, content } of ctx.pages) {
    const loose = content.paints.filter((p) => !taggedIn(p) && !inArtifact(p));
    if (loose.length) {
      const kinds = new Map<string, number>();
      for (const p of loose) kinds.set(p.kind, (kinds.get(p.kind) ?? 0) + 1);
      const text = loose
        .map((p) => p.text ?? "")
        .join("")
        .slice(0, 40);
      const what = [...kinds].map(([k, c]) => `${c} ${k}`).join(", ");
      ctx.fail("pdf/untagged-content", `page ${n}: ${what} operation(s)${text ? ` (“${text}”)` : ""}`, loose.length);
    }
    for (const p of content.paints) {
      const art = p.stack.findIndex((s) => s.tag === "Artifact");
      const tagged = p.stack.findIndex((s) => s.mcid !== undefined);
      if (art < 0 || tagged < 0) continue;
      if (art > tagged)
        ctx.fail("pdf/artifact-in-tagged", `page ${n}: an Artifact inside MCID ${p.stack[tagged]?.mcid}`);
      else ctx.fail("pdf/tagged-in-artifact", `page ${n}: MCID ${p.stack[tagged]?.mcid} inside an Artifact`);
    }
  }
}

/** Check that content, elements and the ParentTree point at each other. */
export function checkParentTree(ctx: CheckContext): void {
  ctx.check("pdf/parent-tree");
  const tree = ctx.tree;
  const parents = ctx.parentTree;
  if (!tree || !parents) return;
  const owners = new Map<string, Map<number, PDFDict>>();
  const objOwners = new Map<string, PDFDict>();
  for (const e of tree.all)
    for (const k of e.kids) {
      if (k.kind === "mcid") {
        const m = owners.get(key(k.page)) ?? new Map<number, PDFDict>();
        m.set(k.mcid, e.dict);
        owners.set(key(k.page), m);
        if (!k.page)
          ctx.fail("pdf/parent-tree", `MCID ${k.mcid} of a ${nameOf(e.dict.get(PDFName.of("S")))} has no page`);
      } else if (k.kind === "objr") objOwners.set(key(k.obj), e.dict);
    }
  for (const { n, page, content } of ctx.pages) {
    const inContent = new Set(content.sequences.flatMap((s) => (s.mcid === undefined ? [] : [s.mcid])));
    const mine = owners.get(key(page.ref)) ?? new Map<number, PDFDict>();
    const arr = parents.pageArray(page.ref);
    for (const mcid of inContent) {
      const owner = mine.get(mcid);
      const entry = arr?.lookup(mcid);
      if (!owner) ctx.fail("pdf/parent-tree", `page ${n}: MCID ${mcid} belongs to no structure element`);
      else if (entry !== owner)
        ctx.fail("pdf/parent-tree", `page ${n}: the ParentTree does not give MCID ${mcid}'s element`);
    }
    for (const mcid of mine.keys())
      if (!inContent.has(mcid))
        ctx.fail("pdf/parent-tree", `page ${n}: an element refers to MCID ${mcid}, which the page does not have`);
    const annots = page.node.lookup(PDFName.of("Annots"));
    for (let i = 0; annots instanceof PDFArray && i < annots.size(); i++) {
      const ref = annots.get(i);
      const a = annots.lookup(i);
      if (!(ref instanceof PDFRef) || !(a instanceof PDFDict)) continue;
      const sp = a.lookup(PDFName.of("StructParent"));
      const holder = objOwners.get(key(ref));
      if (!holder && sp === undefined) continue; // not in the structure: the annotation rules say so
      const v = sp instanceof PDFNumber ? parents.get(sp.asNumber()) : undefined;
      const entry = v instanceof PDFRef ? ctx.doc.context.lookup(v) : v;
      if (!holder || entry !== holder)
        ctx.fail(
          "pdf/parent-tree",
          `page ${n}: annotation ${i + 1}'s /StructParent does not lead to the element holding it`,
        );
    }
  }
}
